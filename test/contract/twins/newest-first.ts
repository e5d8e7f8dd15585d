/**
 * The order of newest-first listings in the in-memory twins, as src/storage/newest-first.ts sorts on the
 * servers: by time descending, then by record key descending.
 */

/**
 * Where a record at (`at`, `key`) stands after the position (`positionAt`, `positionKey`): > 0 when it comes
 * after, < 0 before; without a position key every record of that very time comes before.
 */
export function newestFirst(
  at: Date,
  key: string,
  positionAt: Date,
  positionKey: string | undefined,
): number {
  const byTime = positionAt.getTime() - at.getTime();
  if (byTime !== 0 || positionKey === undefined) return byTime;
  return key < positionKey ? 1 : key > positionKey ? -1 : 0;
}
