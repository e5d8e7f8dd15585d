/**
 * The import-side checks (notes: domain.md §5.4), as pure functions over facts the flow gathered
 * beforehand. Each returns the failing reasons (empty: the check passed); `evaluateVerification` runs
 * them all, so every failing check is reported, not just the first.
 */
import type { ReceivedPermitStatus } from '../exchange/permit-records';
import { datePartOf } from '../permit/iso-date';
import type { Permit, PermitLine } from '../permit/permit';
import type { PartnerStatus } from '../partners/partner';
import type { Declaration, DeclarationLine } from './declaration';
import { compareDocuments } from './document-diff';
import { importPermitProblem, type ImportPermitRecord } from './import-permit';
import {
  normalizeBlock,
  normalizePartyName,
  normalizeScientificName,
  normalizeStampNumber,
} from './normalize';
import { reason, sortReasons, type ReasonCode, type VerificationReason } from './reason-codes';

/** The received permit as the checks see it. */
export interface ReceivedFacts {
  permitKey: string;
  status: ReceivedPermitStatus;
  /** The permit as read from the verified signed document (as stored when the signature failed). */
  permit: Permit;
  receivedAt: Date;
  replacedBy?: string;
  cancellation?: { reason: string; at: Date };
}

/** Outcome of re-verifying the stored signed document with the issuing partner's current signing trust. */
export type SignatureFacts =
  | { state: 'valid'; signer?: { thumbprint: string; subject: string } }
  | { state: 'invalid'; code: string; message: string }
  /** Not checked (the partner is not active, so it has no signing trust to check against). */
  | { state: 'not-checked'; why: string };

/** The clearance already recorded for the permit, if any. */
export interface ClearanceFacts {
  declarationNumber: string;
  verificationId: string;
  clearedAt: Date;
}

/** Everything the checks need, gathered by the flow (no I/O below this line). */
export interface VerificationFacts {
  ownCountry: string;
  declaration: Declaration;
  /** The key asked for (as text), reported when nothing was received. */
  requestedKey: string;
  /** Null when no permit with the key was received. */
  received: ReceivedFacts | null;
  /** Other keys received with the same number (another issue year), to help the officer. */
  otherYears?: string[];
  /** The full document presented, when one was (JSON or XML). */
  presented?: Permit;
  /** Status of the issuing partner in the directory (`unknown`: not in the directory). */
  partnerStatus: PartnerStatus | 'unknown';
  signature: SignatureFacts;
  clearance: ClearanceFacts | null;
  /** Our recorded import permits with the declared import permit number. */
  importPermits: ImportPermitRecord[];
}

/** Which permit block each declaration line was matched to (null: no block matched). */
export interface LineMatch {
  declarationLine: number;
  line: DeclarationLine;
  permitLine: PermitLine | null;
}

/** Permit types customs accepts for clearance: export permits, re-export certificates, other certificates. */
const CLEARING_TYPES: ReadonlySet<Permit['type']> = new Set(['E', 'R', 'O']);

/** NOT_RECEIVED: nothing with this key came from the issuing country, or what came cannot clear goods. */
export function checkReceived(
  facts: Pick<VerificationFacts, 'received' | 'requestedKey' | 'otherYears'>,
): VerificationReason[] {
  if (!facts.received) {
    return [
      reason('NOT_RECEIVED', {
        message: `no permit ${facts.requestedKey} was received from the issuing country (possible forgery)`,
        details: {
          permitKey: facts.requestedKey,
          ...(facts.otherYears && facts.otherYears.length > 0
            ? { receivedWithOtherYear: facts.otherYears }
            : {}),
        },
      }),
    ];
  }
  if (!CLEARING_TYPES.has(facts.received.permit.type)) {
    return [
      reason('NOT_RECEIVED', {
        message: `${facts.received.permitKey} is an import permit of the issuing country, not an export permit or re-export certificate`,
        details: { permitKey: facts.received.permitKey, type: facts.received.permit.type },
      }),
    ];
  }
  return [];
}

/** PARTNER_SUSPENDED: the issuing country is not an active partner. */
export function checkPartner(
  issuingCountry: string,
  status: VerificationFacts['partnerStatus'],
): VerificationReason[] {
  if (status === 'active') return [];
  return [
    reason('PARTNER_SUSPENDED', {
      message: `the issuing country ${issuingCountry} is not an active partner (${status})`,
      details: { issuingCountry, status },
    }),
  ];
}

/** SIGNATURE_INVALID: the stored signed document no longer verifies (tampered store, revoked signer ...). */
export function checkSignature(signature: SignatureFacts): VerificationReason[] {
  if (signature.state !== 'invalid') return [];
  return [
    reason('SIGNATURE_INVALID', {
      message: `the received permit's signature does not verify now: ${signature.message}`,
      details: { code: signature.code, message: signature.message },
    }),
  ];
}

/** CANCELLED and REPLACED, from what the issuing country sent after the permit. */
export function checkStatus(received: ReceivedFacts): VerificationReason[] {
  if (received.status === 'CANCELLED') {
    return [
      reason('CANCELLED', {
        message: `the issuing country cancelled ${received.permitKey}${received.cancellation ? `: ${received.cancellation.reason}` : ''}`,
        details: {
          ...(received.cancellation
            ? { reason: received.cancellation.reason, cancelledAt: received.cancellation.at.toISOString() }
            : {}),
        },
      }),
    ];
  }
  if (received.status === 'REPLACED') {
    return [
      reason('REPLACED', {
        message: `${received.permitKey} was replaced by ${received.replacedBy ?? 'another permit'}`,
        details: { replacedBy: received.replacedBy ?? null },
      }),
    ];
  }
  return [];
}

/** EXPIRED / NOT_YET_VALID: the arrival date against the validity period (calendar dates as written). */
export function checkValidity(permit: Permit, arrivalDate: string): VerificationReason[] {
  const arrival = datePartOf(arrivalDate);
  const from = datePartOf(permit.validFrom ?? permit.issueDate);
  const until = datePartOf(permit.validUntil);
  if (arrival > until) {
    return [
      reason('EXPIRED', {
        message: `the permit expired on ${until}; arrival ${arrival}`,
        details: { validUntil: until, arrivalDate: arrival },
      }),
    ];
  }
  if (arrival < from) {
    return [
      reason('NOT_YET_VALID', {
        message: `the permit is valid from ${from}; arrival ${arrival}`,
        details: { validFrom: from, arrivalDate: arrival },
      }),
    ];
  }
  return [];
}

/** ALREADY_USED: another declaration cleared the permit (one permit, one shipment). */
export function checkUsage(
  clearance: ClearanceFacts | null,
  declarationNumber: string,
): VerificationReason[] {
  if (!clearance || clearance.declarationNumber === declarationNumber) return [];
  return [alreadyUsed(clearance)];
}

/** The ALREADY_USED reason for an existing clearance (also what a concurrent loser answers). */
export function alreadyUsed(clearance: ClearanceFacts): VerificationReason {
  return reason('ALREADY_USED', {
    message: `the permit already cleared declaration ${clearance.declarationNumber} on ${clearance.clearedAt.toISOString()}`,
    details: {
      declarationNumber: clearance.declarationNumber,
      verificationId: clearance.verificationId,
      clearedAt: clearance.clearedAt.toISOString(),
    },
  });
}

/** DOCUMENT_ALTERED: every field of the presented document that differs from the received permit. */
export function checkDocument(presented: Permit | undefined, received: Permit): VerificationReason[] {
  if (!presented) return [];
  const differences = compareDocuments(presented, received);
  if (differences.length === 0) return [];
  return [
    reason('DOCUMENT_ALTERED', {
      message: `the presented document differs from the received permit in ${differences.map((d) => d.field).join(', ')}`,
      details: { fields: differences },
    }),
  ];
}

/**
 * Matches each declaration line to a permit block: by block letter when declared, otherwise by
 * scientific name (preferring the block whose term and unit also match, when one species is on several).
 */
export function matchDeclarationLines(permit: Permit, lines: readonly DeclarationLine[]): LineMatch[] {
  return lines.map((line, declarationLine) => {
    if (line.block !== undefined) {
      const block = normalizeBlock(line.block);
      return {
        declarationLine,
        line,
        permitLine: permit.lines.find((l) => normalizeBlock(l.id) === block) ?? null,
      };
    }
    const name = normalizeScientificName(line.scientificName);
    const candidates = permit.lines.filter((l) => normalizeScientificName(l.scientificName) === name);
    const best =
      candidates.find((l) => l.termCode === line.termCode && l.unit === line.unit) ??
      candidates.find((l) => l.termCode === line.termCode) ??
      candidates[0] ??
      null;
    return { declarationLine, line, permitLine: best };
  });
}

const EPSILON = 1e-9;

function exceeds(total: number, limit: number): boolean {
  return total - limit > EPSILON * Math.max(1, Math.abs(limit));
}

/**
 * One field a declaration line must agree on with its permit block: when `differs`, the line gets `code`
 * with the declared and permitted values. Checked in this order; a unit mismatch also keeps the line's
 * quantity out of the block's total (quantities in different units cannot be added up or compared).
 */
interface LineFieldCheck {
  code: ReasonCode;
  differs(line: DeclarationLine, permitLine: PermitLine): boolean;
  values(line: DeclarationLine, permitLine: PermitLine): { declared: unknown; permitted: unknown };
  message(line: DeclarationLine, permitLine: PermitLine): string;
}

const LINE_FIELD_CHECKS: readonly LineFieldCheck[] = [
  {
    code: 'SPECIES_MISMATCH',
    differs: (line, p) =>
      normalizeScientificName(line.scientificName) !== normalizeScientificName(p.scientificName),
    values: (line, p) => ({ declared: line.scientificName, permitted: p.scientificName }),
    message: (line, p) => `declared ${line.scientificName}, the permit says ${p.scientificName}`,
  },
  {
    code: 'APPENDIX_MISMATCH',
    differs: (line, p) => line.appendix !== undefined && line.appendix !== p.appendix,
    values: (line, p) => ({ declared: line.appendix, permitted: p.appendix }),
    message: (line, p) => `declared Appendix ${line.appendix}, the permit says ${p.appendix}`,
  },
  {
    code: 'SOURCE_MISMATCH',
    differs: (line, p) => line.source !== undefined && line.source !== p.source,
    values: (line, p) => ({ declared: line.source, permitted: p.source }),
    message: (line, p) => `declared source ${line.source}, the permit says ${p.source}`,
  },
  {
    code: 'TERM_MISMATCH',
    differs: (line, p) => p.termCode !== undefined && line.termCode !== p.termCode,
    values: (line, p) => ({ declared: line.termCode, permitted: p.termCode }),
    message: (line, p) => `declared ${line.termCode}, the permit says ${p.termCode}`,
  },
  {
    code: 'UNIT_MISMATCH',
    differs: (line, p) => (line.unit ?? null) !== (p.unit ?? null),
    values: (line, p) => ({ declared: line.unit ?? null, permitted: p.unit ?? null }),
    message: (line, p) =>
      `declared in ${line.unit ?? 'specimens'}, the permit counts in ${p.unit ?? 'specimens'}`,
  },
];

/**
 * SPECIES / APPENDIX / SOURCE / TERM / UNIT mismatches per declaration line, and QUANTITY_EXCEEDED per
 * block (declared lines of one block are added up) against the permitted quantity, or the Box 14 export
 * endorsement when lower (the received permit's, or the presented document's when it shows one).
 */
export function checkLines(matches: readonly LineMatch[], presented?: Permit): VerificationReason[] {
  const reasons: VerificationReason[] = [];
  const totals = new Map<PermitLine, { total: number; lines: number[] }>();
  for (const { declarationLine, line, permitLine } of matches) {
    if (!permitLine) {
      reasons.push(blockNotOnPermit(declarationLine, line));
      continue;
    }
    const mismatches = LINE_FIELD_CHECKS.filter((check) => check.differs(line, permitLine));
    const where = `line ${declarationLine + 1} (block ${permitLine.id})`;
    for (const check of mismatches) {
      reasons.push(
        reason(check.code, {
          declarationLine,
          block: permitLine.id,
          message: `${where}: ${check.message(line, permitLine)}`,
          details: check.values(line, permitLine),
        }),
      );
    }
    if (mismatches.some((check) => check.code === 'UNIT_MISMATCH')) continue;
    const entry = totals.get(permitLine) ?? { total: 0, lines: [] };
    entry.total += line.quantity;
    entry.lines.push(declarationLine);
    totals.set(permitLine, entry);
  }
  for (const [permitLine, { total, lines }] of totals) {
    const exceeded = quantityExceeded(permitLine, total, lines, presented);
    if (exceeded) reasons.push(exceeded);
  }
  return reasons;
}

/** SPECIES_MISMATCH for a declaration line that names a block, or a species, the permit does not have. */
function blockNotOnPermit(declarationLine: number, line: DeclarationLine): VerificationReason {
  return reason('SPECIES_MISMATCH', {
    declarationLine,
    ...(line.block !== undefined ? { block: normalizeBlock(line.block) } : {}),
    message:
      line.block !== undefined
        ? `line ${declarationLine + 1}: the permit has no block ${normalizeBlock(line.block)}`
        : `line ${declarationLine + 1}: ${line.scientificName} is not on the permit`,
    details: { declared: line.scientificName },
  });
}

/** QUANTITY_EXCEEDED when a block's declared total passes the permitted quantity or a lower endorsement. */
function quantityExceeded(
  permitLine: PermitLine,
  total: number,
  lines: number[],
  presented: Permit | undefined,
): VerificationReason | undefined {
  const presentedLine = presented?.lines.find((l) => normalizeBlock(l.id) === normalizeBlock(permitLine.id));
  const endorsements = [permitLine.exportEndorsedQuantity, presentedLine?.exportEndorsedQuantity].filter(
    (q): q is number => q !== undefined,
  );
  const endorsed = endorsements.length > 0 ? Math.min(...endorsements) : undefined;
  const limit = endorsed === undefined ? permitLine.quantity : Math.min(permitLine.quantity, endorsed);
  if (!exceeds(total, limit)) return undefined;
  const unit = permitLine.unit ?? 'specimens';
  const byEndorsement = endorsed !== undefined && endorsed < permitLine.quantity;
  return reason('QUANTITY_EXCEEDED', {
    declarationLine: lines[0]!,
    block: permitLine.id,
    message: `block ${permitLine.id}: declared ${total} ${unit}, the ${byEndorsement ? 'export endorsement allows' : 'permit allows'} ${limit}`,
    details: {
      declared: total,
      permitted: permitLine.quantity,
      ...(endorsed !== undefined ? { exportEndorsed: endorsed } : {}),
      unit: permitLine.unit ?? null,
      declarationLines: lines,
    },
  });
}

/** IMPORTER_MISMATCH: the declared importer is not the permit's importer (name, and country when declared). */
export function checkImporter(permit: Permit, importer: Declaration['importer']): VerificationReason[] {
  const sameName = normalizePartyName(importer.name) === normalizePartyName(permit.importer.name);
  const sameCountry = importer.country === undefined || importer.country === permit.importer.address.country;
  if (sameName && sameCountry) return [];
  return [
    reason('IMPORTER_MISMATCH', {
      message: `declared importer ${importer.name}${importer.country ? ` (${importer.country})` : ''}, the permit names ${permit.importer.name} (${permit.importer.address.country})`,
      details: {
        declared: { name: importer.name, country: importer.country ?? null },
        permitted: { name: permit.importer.name, country: permit.importer.address.country },
      },
    }),
  ];
}

/** DESTINATION_MISMATCH: the permit's importer is in another country than ours. */
export function checkDestination(permit: Permit, ownCountry: string): VerificationReason[] {
  const destination = permit.importer.address.country;
  if (destination === ownCountry) return [];
  return [
    reason('DESTINATION_MISMATCH', {
      message: `the permit is for import into ${destination}, not ${ownCountry}`,
      details: { destination, ownCountry },
    }),
  ];
}

/**
 * IMPORT_PERMIT_MISSING: Appendix I specimens (declared as such, or on a matched Appendix I block) need a
 * valid import permit of ours covering each of their species on the arrival date.
 */
export function checkImportPermit(
  matches: readonly LineMatch[],
  declaration: Pick<Declaration, 'arrivalDate' | 'importPermitNumber'>,
  importPermits: readonly ImportPermitRecord[],
): VerificationReason[] {
  const species = new Map<string, string>();
  for (const { line, permitLine } of matches) {
    if (permitLine?.appendix === 'I')
      species.set(normalizeScientificName(permitLine.scientificName), permitLine.scientificName);
    if (line.appendix === 'I') species.set(normalizeScientificName(line.scientificName), line.scientificName);
  }
  if (species.size === 0) return [];
  const names = [...species.values()];
  const missing = (message: string, extra: Record<string, unknown> = {}) => [
    reason('IMPORT_PERMIT_MISSING', { message, details: { species: names, ...extra } }),
  ];
  if (declaration.importPermitNumber === undefined) {
    return missing(`Appendix I specimens (${names.join(', ')}) need an import permit; none was declared`);
  }
  const number = declaration.importPermitNumber;
  if (importPermits.length === 0) {
    return missing(`import permit ${number} was not issued by our country (not recorded)`, {
      importPermitNumber: number,
    });
  }
  const problems = importPermits.map((record) =>
    importPermitProblem(record, { arrivalDate: declaration.arrivalDate, species: names }),
  );
  if (problems.some((p) => p === null)) return [];
  const first = problems[0]!;
  return missing(first.problem, {
    importPermitNumber: number,
    problems: problems.map((p) => p!.problem),
    ...(first.uncovered ? { uncovered: first.uncovered } : {}),
  });
}

/** SECURITY_STAMP_MISMATCH: a presented stamp number that is not the received permit's. */
export function checkSecurityStamp(permit: Permit, presentedStamp: string | undefined): VerificationReason[] {
  if (presentedStamp === undefined) return [];
  const received = permit.securityStampNumber;
  if (received !== undefined && normalizeStampNumber(received) === normalizeStampNumber(presentedStamp))
    return [];
  return [
    reason('SECURITY_STAMP_MISMATCH', {
      message:
        received === undefined
          ? `stamp ${presentedStamp} was presented, the received permit has no security stamp number`
          : `stamp ${presentedStamp} was presented, the received permit has ${received}`,
      details: { presented: presentedStamp, received: received ?? null },
    }),
  ];
}

/** The outcome of all checks: the failing reasons in reporting order, and the line matches. */
export interface Evaluation {
  reasons: VerificationReason[];
  matches: LineMatch[];
}

/**
 * Runs every check over the gathered facts. Without a received permit only NOT_RECEIVED can be said; a
 * received permit of a type that cannot clear goods is reported the same way.
 */
export function evaluateVerification(facts: VerificationFacts): Evaluation {
  const notReceived = checkReceived(facts);
  const received = facts.received;
  if (!received || notReceived.length > 0) return { reasons: notReceived, matches: [] };
  const permit = received.permit;
  const { declaration } = facts;
  const matches = matchDeclarationLines(permit, declaration.lines);
  const presentedStamp = declaration.securityStampNumber ?? facts.presented?.securityStampNumber;
  const reasons = [
    ...checkSignature(facts.signature),
    ...checkPartner(permit.issuingCountry, facts.partnerStatus),
    ...checkStatus(received),
    ...checkValidity(permit, declaration.arrivalDate),
    ...checkUsage(facts.clearance, declaration.declarationNumber),
    ...checkDocument(facts.presented, permit),
    ...checkLines(matches, facts.presented),
    ...checkImporter(permit, declaration.importer),
    ...checkDestination(permit, facts.ownCountry),
    ...checkImportPermit(matches, declaration, facts.importPermits),
    ...checkSecurityStamp(permit, presentedStamp),
  ];
  return { reasons: sortReasons(reasons), matches };
}
