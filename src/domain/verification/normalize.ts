/**
 * How the checks compare text that people type: a declaration is keyed in by a customs officer or a
 * broker, so letter case, doubled spaces and accents must not turn a genuine shipment into a "mismatch".
 */

/** Scientific names compare case- and white-space-insensitively (`python  SEBAE` is `Python sebae`). */
export function normalizeScientificName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/**
 * Party names additionally ignore accents and punctuation, so `Leder Import Genf S.A.` matches
 * `Leder import Genf SA` and `Genève` matches `Geneve`; any other difference in letters or digits counts.
 */
export function normalizePartyName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\p{P}\p{S}]/gu, '')
    .trim()
    .replace(/\s+/gu, ' ')
    .toLowerCase();
}

/** Security stamp numbers ignore case and white space (they are read off a sticker). */
export function normalizeStampNumber(stamp: string): string {
  return stamp.replace(/\s+/gu, '').toUpperCase();
}

/** Free text on a document (names, addresses, conditions): case and runs of white space do not count. */
export function normalizeFreeText(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** Block letters compare case-insensitively (`a` is block `A`). */
export function normalizeBlock(block: string): string {
  return block.trim().toUpperCase();
}
