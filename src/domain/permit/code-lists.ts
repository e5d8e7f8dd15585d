/**
 * The CITES code lists a permit is validated against (notes: domain.md §1.4). Each list maps the code to
 * its meaning, so error messages and UIs can show both.
 */

/** Box 1: the kind of document. "Other" covers certificates (origin, pre-Convention, captive-breeding ...). */
export const PERMIT_TYPES = {
  E: 'Export permit',
  R: 'Re-export certificate',
  I: 'Import permit',
  O: 'Other certificate',
} as const;
export type PermitType = keyof typeof PERMIT_TYPES;

/** Box 5a: purpose of the transaction (Res. Conf. 12.3). */
export const PURPOSE_CODES = {
  T: 'Commercial',
  Z: 'Zoo',
  G: 'Botanical garden',
  Q: 'Circus or travelling exhibition',
  S: 'Scientific',
  H: 'Hunting trophy',
  P: 'Personal',
  M: 'Medical, including biomedical research',
  E: 'Educational',
  N: 'Reintroduction or introduction into the wild',
  B: 'Breeding in captivity or artificial propagation',
  L: 'Law enforcement, judicial or forensic',
} as const;
export type PurposeCode = keyof typeof PURPOSE_CODES;

/** Box 10: source of the specimens (Res. Conf. 12.3, with X and Y added later). */
export const SOURCE_CODES = {
  W: 'Taken from the wild',
  R: 'Ranched',
  D: 'Appendix I animals bred in captivity or plants artificially propagated for commercial purposes',
  A: 'Artificially propagated plants',
  C: 'Animals bred in captivity',
  F: 'Animals born in captivity (F1 or subsequent generations)',
  U: 'Source unknown',
  I: 'Confiscated or seized specimens',
  O: 'Pre-Convention specimens',
  X: 'Taken in the marine environment not under the jurisdiction of any State',
  Y: 'Assisted production (plants)',
} as const;
export type SourceCode = keyof typeof SOURCE_CODES;

/** Box 10: the CITES Appendix the species is listed in. */
export const APPENDICES = { I: 'Appendix I', II: 'Appendix II', III: 'Appendix III' } as const;
export type Appendix = keyof typeof APPENDICES;

/**
 * Box 11: units of the CITES trade database. A line without a unit counts specimens, so "no unit" is
 * expressed by leaving the unit out, never by an empty code.
 */
export const UNIT_CODES = {
  KIL: 'Kilograms',
  GRM: 'Grams',
  MGM: 'Milligrams',
  MYG: 'Micrograms',
  TON: 'Metric tonnes',
  LTR: 'Litres',
  MLT: 'Millilitres',
  CCM: 'Cubic centimetres',
  CUM: 'Cubic metres',
  CUF: 'Cubic feet',
  CTM: 'Centimetres',
  MTR: 'Metres',
  FEE: 'Feet',
  INC: 'Inches',
  YAR: 'Yards',
  OUN: 'Ounces',
  PND: 'Pounds',
  SQC: 'Square centimetres',
  SQD: 'Square decimetres',
  SQF: 'Square feet',
  SQM: 'Square metres',
  PCS: 'Pieces',
  ITE: 'Items',
  PAI: 'Pairs',
  SET: 'Sets',
  SHP: 'Shipments',
  BAG: 'Bags',
  BOT: 'Bottles',
  BOX: 'Boxes',
  CAN: 'Cans',
  CAS: 'Cases',
  CRT: 'Cartons',
  FLA: 'Flasks',
  BAK: 'Back skins',
  BSK: 'Belly skins',
  HRN: 'Hornback skins',
  SID: 'Sides',
  SKI: 'Skins',
} as const;
export type UnitCode = keyof typeof UNIT_CODES;

/**
 * Term codes (description of specimens, e.g. LIV, SKI, LPS) form a long, changing list; the model checks
 * their shape only, so a new term from the Secretariat does not make valid permits fail.
 */
export const TERM_CODE_PATTERN = /^[A-Z]{3}$/;

/** EDIFACT 1001 document codes used for the referenced origin and re-export documents (EPIX practice). */
export const REFERENCED_DOCUMENT_TYPES = { origin: '861', lastReExport: '811' } as const;

/** Yes when `value` is a code of `list` (own keys only, so `constructor` or `__proto__` never match). */
export function isCode<T extends Record<string, string>>(
  list: T,
  value: string,
): value is Extract<keyof T, string> {
  return Object.prototype.hasOwnProperty.call(list, value);
}
