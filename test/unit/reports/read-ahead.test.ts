/** Reading a report's next stream ahead: first item fetched at once, failures where it is iterated, closed when unused. */
import { readAhead } from '../../../src/flows/reports/read-ahead';

function stream(log: string[], items: number[], failAt?: number): AsyncIterable<number> {
  return {
    async *[Symbol.asyncIterator]() {
      log.push('started');
      try {
        for (const [i, item] of items.entries()) {
          if (i === failAt) throw new Error('database away');
          log.push(`read ${item}`);
          yield await Promise.resolve(item);
        }
      } finally {
        log.push('closed');
      }
    },
  };
}

describe('readAhead', () => {
  test('when a stream is read ahead, then its first item is read at once and the rest only when iterated', async () => {
    const log: string[] = [];
    const ahead = readAhead(stream(log, [1, 2, 3]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['started', 'read 1']);
    const items: number[] = [];
    for await (const item of ahead) items.push(item);
    expect(items).toEqual([1, 2, 3]);
    expect(log).toEqual(['started', 'read 1', 'read 2', 'read 3', 'closed']);
  });

  test('when the first read fails, then the failure comes out where the stream is iterated, not before', async () => {
    const ahead = readAhead(stream([], [1], 0));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(
      (async () => {
        for await (const _ of ahead) void _;
      })(),
    ).rejects.toThrow('database away');
  });

  test('when the stream is never iterated, then close ends it', async () => {
    const log: string[] = [];
    const ahead = readAhead(stream(log, [1, 2]));
    await ahead.close();
    expect(log).toEqual(['started', 'read 1', 'closed']);
    await ahead.close();
  });
});
