/**
 * Why customs rejects a presented permit. Each code names one check an officer can act on; a verification
 * lists every failing check, never just the first. Codes are part of the public contract (API bodies,
 * alerts, metrics labels, CLI output): add new ones, never rename.
 *
 * These are verdict reasons, not request errors: a request that cannot be evaluated at all (malformed
 * body, unreadable document) fails with a GatewayError from the error catalogue instead.
 */
export const REASON_CODES = {
  NOT_RECEIVED:
    'No export permit or re-export certificate with this key was received from the issuing country (possible forgery)',
  SIGNATURE_INVALID:
    "The received permit's signature no longer verifies, or its signer certificate was revoked",
  PARTNER_SUSPENDED: 'The issuing country is not an active partner (suspended)',
  CANCELLED: 'The issuing country cancelled the permit',
  REPLACED: 'The issuing country replaced the permit by another one',
  EXPIRED: 'The arrival date is after the end of the validity period',
  NOT_YET_VALID: 'The arrival date is before the start of the validity period',
  ALREADY_USED: 'The permit already cleared a shipment (a permit clears one shipment only)',
  DOCUMENT_ALTERED: 'The presented document differs from the permit received from the issuing country',
  SPECIES_MISMATCH: 'A declared species is not on the permit (or not in the declared block)',
  APPENDIX_MISMATCH: 'A declared CITES Appendix differs from the permit',
  SOURCE_MISMATCH: 'A declared source code differs from the permit',
  TERM_MISMATCH: 'A declared term (description of specimens) differs from the permit',
  UNIT_MISMATCH: 'A declared unit differs from the permit',
  QUANTITY_EXCEEDED: 'More is declared than the permit (or its export endorsement) allows',
  IMPORTER_MISMATCH: 'The declared importer is not the importer named on the permit',
  DESTINATION_MISMATCH: 'The permit is for another country of import',
  IMPORT_PERMIT_MISSING: 'Appendix I specimens without a valid import permit issued by our country',
  SECURITY_STAMP_MISMATCH: 'The presented security stamp number is not the one on the received permit',
} as const;

export type ReasonCode = keyof typeof REASON_CODES;

/** The codes in reporting order (the order above: the most fundamental problems first). */
export const REASON_ORDER = Object.keys(REASON_CODES) as ReasonCode[];

/** One failing check, with what an officer needs to act on it. */
export interface VerificationReason {
  code: ReasonCode;
  message: string;
  /** Index (0-based) of the declaration line the reason is about, for per-line checks. */
  declarationLine?: number;
  /** Block letter of the permit line the reason is about, when known. */
  block?: string;
  details?: Record<string, unknown>;
}

/** Builds a reason with the catalogue text unless a more precise message is given. */
export function reason(
  code: ReasonCode,
  extra: Omit<VerificationReason, 'code' | 'message'> & { message?: string } = {},
): VerificationReason {
  const { message, ...rest } = extra;
  return { code, message: message ?? REASON_CODES[code], ...rest };
}

/** Sorts reasons into reporting order (stable within one code, so per-line reasons keep line order). */
export function sortReasons(reasons: VerificationReason[]): VerificationReason[] {
  const rank = (code: ReasonCode) => REASON_ORDER.indexOf(code);
  return reasons
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r.code) - rank(b.r.code) || a.i - b.i)
    .map(({ r }) => r);
}

export type Verdict = 'ACCEPTED' | 'REJECTED';
