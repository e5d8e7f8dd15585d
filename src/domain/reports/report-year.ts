/** The year a report covers: from CITES's entry into force (1975) to the current year. */
import { GatewayError } from '../errors';

export const FIRST_REPORT_YEAR = 1975;

/** Throws REPORT_YEAR_INVALID unless `year` is a whole year from 1975 up to the year of `now` (UTC). */
export function assertReportYear(year: number, now: Date): number {
  const current = now.getUTCFullYear();
  if (!Number.isInteger(year) || year < FIRST_REPORT_YEAR || year > current) {
    throw new GatewayError(
      'REPORT_YEAR_INVALID',
      `the report year must be a year from ${FIRST_REPORT_YEAR} to ${current}; got ${String(year)}`,
    );
  }
  return year;
}

/** Reads a year given as text (query string, CLI option) strictly: four digits, nothing else. */
export function parseReportYear(text: string | undefined, now: Date): number {
  if (text === undefined || !/^\d{4}$/.test(text)) {
    throw new GatewayError(
      'REPORT_YEAR_INVALID',
      `the report year must be four digits (e.g. ${now.getUTCFullYear()}); got ${JSON.stringify(text ?? null)}`,
    );
  }
  return assertReportYear(Number(text), now);
}
