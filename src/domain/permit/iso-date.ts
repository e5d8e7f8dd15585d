/**
 * Permit dates as written on the document: an ISO 8601 calendar date (`2026-03-01`) or date-time with
 * seconds and an optional fraction and offset (`2014-01-06T12:03:52.00+01:00`). They are kept as text so the
 * XML round trip is lossless and the issuing authority's local date (which decides the issue year) is
 * never shifted by a time-zone conversion.
 */

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Yes when `value` is a real calendar date (or date-time) in the accepted ISO 8601 shapes. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (m[4] !== undefined) {
    if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
    if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59)) return false;
  }
  return true;
}

/** The calendar date part (`YYYY-MM-DD`) as written, in the writer's own time zone. */
export function datePartOf(value: string): string {
  return value.slice(0, 10);
}

/** The year as written on the document; part of the permit key. */
export function yearOf(value: string): number {
  return Number(value.slice(0, 4));
}
