/**
 * A verification as customs keeps it: the verdict on one declaration, its reasons, and the summary of the
 * received permit the officer compared against. Also the clearance (the one use of a permit) and the
 * storage port for both.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, toAuditJson } from '../audit/audit-entry';
import type { ReceivedPermitStatus, UsageConfirmation } from '../exchange/permit-records';
import type { Permit } from '../permit/permit';
import type { LineMatch } from './checks';
import type { Declaration } from './declaration';
import type { ReasonCode, Verdict, VerificationReason } from './reason-codes';

/** What the officer sees of the received permit (the genuine one), next to the reasons. */
export interface PermitSummary {
  permitKey: string;
  status: ReceivedPermitStatus;
  type: Permit['type'];
  issuingCountry: string;
  permitNumber: string;
  issueDate: string;
  validFrom?: string;
  validUntil: string;
  purpose: string;
  exporter: { name: string; country: string };
  importer: { name: string; country: string };
  securityStampNumber?: string;
  specialConditions?: string;
  lines: Array<{
    block: string;
    scientificName: string;
    termCode?: string;
    appendix: string;
    source: string;
    quantity: number;
    unit?: string;
    exportEndorsedQuantity?: number;
  }>;
  receivedAt: string;
  replacedBy?: string;
}

/** Builds the summary of a received permit. */
export function summarizePermit(input: {
  permitKey: string;
  status: ReceivedPermitStatus;
  permit: Permit;
  receivedAt: Date;
  replacedBy?: string;
}): PermitSummary {
  const p = input.permit;
  return {
    permitKey: input.permitKey,
    status: input.status,
    type: p.type,
    issuingCountry: p.issuingCountry,
    permitNumber: p.permitNumber,
    issueDate: p.issueDate,
    ...(p.validFrom !== undefined ? { validFrom: p.validFrom } : {}),
    validUntil: p.validUntil,
    purpose: p.purpose,
    exporter: { name: p.exporter.name, country: p.exporter.address.country },
    importer: { name: p.importer.name, country: p.importer.address.country },
    ...(p.securityStampNumber !== undefined ? { securityStampNumber: p.securityStampNumber } : {}),
    ...(p.specialConditions !== undefined ? { specialConditions: p.specialConditions } : {}),
    lines: p.lines.map((l) => ({
      block: l.id,
      scientificName: l.scientificName,
      ...(l.termCode !== undefined ? { termCode: l.termCode } : {}),
      appendix: l.appendix,
      source: l.source,
      quantity: l.quantity,
      ...(l.unit !== undefined ? { unit: l.unit } : {}),
      ...(l.exportEndorsedQuantity !== undefined ? { exportEndorsedQuantity: l.exportEndorsedQuantity } : {}),
    })),
    receivedAt: input.receivedAt.toISOString(),
    ...(input.replacedBy !== undefined ? { replacedBy: input.replacedBy } : {}),
  };
}

/** How the permit was presented (the document itself is not kept: the received one is the reference). */
export interface PresentedSummary {
  kind: 'key' | 'document' | 'xml';
  /** For XML: the shape it was read as (`CITESEPermit-v2`, `CBFShip-v1`). */
  shape?: string;
}

/** Where the usage confirmation to the issuing country stands (ACCEPTED verifications only). */
export interface UsageConfirmationState {
  state: 'pending' | 'sent' | 'failed';
  messageId?: string;
  error?: string;
  at: Date;
}

export interface Verification {
  /** `verificationIdOf(declarationNumber, attempt)`. */
  id: string;
  declarationNumber: string;
  /** 1 for the first verification of a declaration; a recheck of a rejected one adds 1. */
  attempt: number;
  /** The received permit's key, or the key asked for when nothing was received. */
  permitKey: string;
  verdict: Verdict;
  reasons: VerificationReason[];
  /** The codes of `reasons`, for filtering. */
  reasonCodes: ReasonCode[];
  permit: PermitSummary | null;
  presented: PresentedSummary;
  declaration: Declaration;
  /** SHA-256 of the request (presented permit + declaration): a re-submission must be the same request. */
  requestDigest: string;
  verifiedAt: Date;
  verifiedBy: string;
  usageConfirmation?: UsageConfirmationState;
}

/** The one use of a permit: stored once per permit key (a unique key decides, never a read). */
export interface Clearance {
  permitKey: string;
  declarationNumber: string;
  verificationId: string;
  usage: UsageConfirmation;
}

export interface VerificationFilter {
  verdict?: Verdict;
  permitKey?: string;
  declarationNumber?: string;
  reason?: ReasonCode;
  from?: Date;
  to?: Date;
  limit: number;
}

/** Storage of verifications and clearances. */
export interface VerificationRepository {
  /**
   * Stores a verification once per (declaration number, attempt), i.e. once per id: 'duplicate' when
   * another request stored that attempt first (the caller then answers with the stored one).
   */
  insert(verification: Verification): Promise<'inserted' | 'duplicate'>;
  find(id: string): Promise<Verification | null>;
  /** The latest attempt for a declaration number, or null. */
  findLatestByDeclaration(declarationNumber: string): Promise<Verification | null>;
  /** Newest first. */
  list(filter: VerificationFilter): Promise<Verification[]>;
  setUsageConfirmation(id: string, state: UsageConfirmationState): Promise<void>;
  /**
   * Records the clearance unless the permit already has one: the unique-key insert is the only decision,
   * so of N concurrent claims exactly one gets `claimed: true`.
   */
  claimClearance(clearance: Clearance): Promise<{ claimed: true } | { claimed: false; existing: Clearance }>;
  findClearance(permitKey: string): Promise<Clearance | null>;
  /** Removes the clearance only if it belongs to `verificationId` (undoing a claim that lost a race). */
  releaseClearance(permitKey: string, verificationId: string): Promise<void>;
}

/** The usage confirmation for the issuing country: declared quantities per permit block. */
export function usageFromMatches(
  matches: readonly LineMatch[],
  input: { declarationNumber: string; clearedAt: Date; confirmedBy: string },
): UsageConfirmation {
  const byBlock = new Map<string, { lineId: string; quantity: number; unit?: string }>();
  for (const { line, permitLine } of matches) {
    if (!permitLine) continue;
    const entry = byBlock.get(permitLine.id) ?? {
      lineId: permitLine.id,
      quantity: 0,
      ...(permitLine.unit !== undefined ? { unit: permitLine.unit } : {}),
    };
    entry.quantity += line.quantity;
    byBlock.set(permitLine.id, entry);
  }
  return {
    declarationNumber: input.declarationNumber,
    clearedAt: input.clearedAt,
    // Declared quantities are decimals: round away binary-fraction noise (0.1 + 0.2) before sending.
    lines: [...byBlock.values()].map((l) => ({ ...l, quantity: Math.round(l.quantity * 1e9) / 1e9 })),
    confirmedBy: input.confirmedBy,
  };
}

/**
 * The id of a declaration's n-th verification, derived rather than drawn: the declaration number and
 * attempt then find a verification by primary key (the one lookup FerretDB answers without a scan), and
 * the primary key's uniqueness is what stores each attempt once. Formatted as a UUID (version 8, the
 * RFC 9562 custom layout) so ids look the same as before; the hash keeps declaration numbers out of URLs.
 */
export function verificationIdOf(declarationNumber: string, attempt: number): string {
  const h = createHash('sha256').update(`${declarationNumber}\u0000${attempt}`).digest('hex');
  const variant = (8 | (Number.parseInt(h[16]!, 16) & 3)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** SHA-256 (hex) of a request's canonical JSON (key order and undefined fields do not count). */
export function requestDigestOf(request: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(toAuditJson(request)))
    .digest('hex');
}
