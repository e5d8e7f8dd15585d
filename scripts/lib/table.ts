/** Plain-text tables for the demo, bench and drill reports (aligned columns). */

/** Renders rows (the first is the header) as an aligned text table with a rule under the header. */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  if (rows.length === 0) return '';
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  const line = (row: ReadonlyArray<string>) =>
    row
      .map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length))
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  return [line(head!), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map((r) => line(r))].join('\n');
}

/** 12345.6 → "12,346"; undefined → "-". */
export function fmtInt(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '-' : Math.round(value).toLocaleString('en-US');
}

/** A latency in ms with one decimal below 100 ms. */
export function fmtMs(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}
