/**
 * How a permit is identified: issuing country + permit number + issue year, never the number alone (the
 * CITES trade database holds almost two million duplicated permit numbers).
 */
import type { CountryCode } from '../countries';
import { GatewayError } from '../errors';
import { isCountryCode } from '../countries';
import { yearOf } from './iso-date';
import type { Permit } from './permit';

export interface PermitKey {
  readonly issuingCountry: CountryCode;
  readonly permitNumber: string;
  readonly issueYear: number;
}

/** The key of a permit: its issuing country, its number and the year of its issue date as written. */
export function permitKeyOf(
  permit: Pick<Permit, 'issuingCountry' | 'permitNumber' | 'issueDate'>,
): PermitKey {
  return {
    issuingCountry: permit.issuingCountry,
    permitNumber: permit.permitNumber,
    issueYear: yearOf(permit.issueDate),
  };
}

/**
 * `KE/2026/KE-2026-000123`. The country (two letters) and year (four digits) have fixed widths, so the
 * text parses back unambiguously even when the permit number itself contains slashes.
 */
export function formatPermitKey(key: PermitKey): string {
  return `${key.issuingCountry}/${String(key.issueYear).padStart(4, '0')}/${key.permitNumber}`;
}

/** Reads `COUNTRY/YEAR/NUMBER` back; throws VALIDATION_FAILED for anything else. */
export function parsePermitKey(text: string): PermitKey {
  const m = /^([A-Z]{2})\/(\d{4})\/(.+)$/s.exec(text);
  if (!m || !isCountryCode(m[1]!)) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `not a permit key (COUNTRY/YEAR/NUMBER): ${JSON.stringify(text)}`,
    );
  }
  return { issuingCountry: m[1], permitNumber: m[3]!, issueYear: Number(m[2]) };
}

/** Yes when two keys name the same permit. */
export function samePermitKey(a: PermitKey, b: PermitKey): boolean {
  return (
    a.issuingCountry === b.issuingCountry && a.permitNumber === b.permitNumber && a.issueYear === b.issueYear
  );
}
