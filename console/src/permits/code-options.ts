/**
 * The options of the permit form, from the server's own code lists (src/domain): the codes are theirs, the
 * names are the catalogue's in the current language; country names come from the browser's Intl.
 */
import type { TFunction } from 'i18next';
import { COUNTRIES } from '../../../src/domain/countries';
import {
  APPENDICES,
  PERMIT_TYPES,
  PURPOSE_CODES,
  SOURCE_CODES,
  UNIT_CODES,
} from '../../../src/domain/permit/code-lists';
import { TERM_CODES } from '../../../src/domain/reports/term-codes';
import { TERM_NAMES } from './term-names';

export interface Option {
  value: string;
  label: string;
}

const codesOf = (list: Record<string, unknown>): string[] => Object.keys(list);

function labelled(t: TFunction, codes: string[], table: string): Option[] {
  return codes.map((code) => ({ value: code, label: `${code}: ${t(`codes.${table}.${code}`)}` }));
}

export function countryOptions(language: string): Option[] {
  const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
  return Object.entries(COUNTRIES)
    .map(([code, english]) => ({ value: code, label: `${names.of(code) ?? english} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
}

export function countryName(code: string, language: string): string {
  const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
  return names.of(code) ?? code;
}

export const codeOptions = {
  permitTypes: (t: TFunction) => labelled(t, codesOf(PERMIT_TYPES), 'permitTypes'),
  purposes: (t: TFunction) => labelled(t, codesOf(PURPOSE_CODES), 'purposes'),
  sources: (t: TFunction) => labelled(t, codesOf(SOURCE_CODES), 'sources'),
  appendices: (t: TFunction) => labelled(t, codesOf(APPENDICES), 'appendices'),
  units: (t: TFunction) => labelled(t, codesOf(UNIT_CODES), 'units'),
  /** The trade database's term codes, named in the language (English: the trade database's own names). */
  terms: (language: string): Option[] =>
    Object.entries(TERM_CODES).map(([code, term]) => {
      const names = language === 'es' || language === 'fr' ? TERM_NAMES[language] : undefined;
      return { value: code, label: `${code}: ${names?.[code] ?? term.name}` };
    }),
};

/** A unit code in words ("150 pieces"), or nothing for a count of specimens. */
export function unitName(t: TFunction, unit: string | undefined): string {
  return unit ? t(`codes.units.${unit}`, { defaultValue: unit }) : '';
}
