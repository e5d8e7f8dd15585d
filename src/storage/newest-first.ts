/**
 * Newest-first listings paged by keyset: ordered by a time field, then by `_id`, both descending (records of
 * one instant in key order), and a page that starts after the previous page's last record (its time and key).
 * FerretDB's sort patch (tools/ferretdb/patches/sqlite-sort-pushdown.patch) pushes exactly this sort down.
 */

/** The sort of a newest-first listing on `timeField`. */
export const newestFirstSort = (timeField: string): Record<string, -1> => ({ [timeField]: -1, _id: -1 });

/** The records after (`before`, `beforeKey`) in newestFirstSort's order: older, or of that instant with a lower key. */
export const afterPosition = (
  timeField: string,
  before: Date,
  beforeKey: string,
): Record<string, unknown> => ({
  $or: [{ [timeField]: { $lt: before } }, { [timeField]: before, _id: { $lt: beforeKey } }],
});
