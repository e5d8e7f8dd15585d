/**
 * Starts reading a stream now, up to its first item, and hands it back to be iterated later: a report
 * asks for its next table's records while it writes the current one, so the database prepares them
 * meanwhile (FerretDB sorts a year's ledger before its first batch). Nothing more than the first item is
 * read ahead. `close` ends the stream when it will not be iterated (the report failed before it).
 */
export interface ReadAhead<T> extends AsyncIterable<T> {
  close(): Promise<void>;
}

export function readAhead<T>(items: AsyncIterable<T>): ReadAhead<T> {
  const iterator = items[Symbol.asyncIterator]();
  const first = iterator.next();
  // A failure is reported where the stream is iterated; until then it must not count as unhandled.
  first.catch(() => undefined);
  let taken = false;
  return {
    async *[Symbol.asyncIterator]() {
      if (taken) throw new Error('readAhead: a stream is iterated once');
      taken = true;
      try {
        for (let next = await first; !next.done; next = await iterator.next()) yield next.value;
      } finally {
        await iterator.return?.();
      }
    },
    async close() {
      if (taken) return;
      taken = true;
      await first.catch(() => undefined);
      await iterator.return?.();
    },
  };
}
