/**
 * The audit log of administrative actions, as a hash chain: each entry carries the hash of the one before
 * it, and entries are numbered without gaps from 1. Altering, deleting or reordering an entry breaks the
 * chain at that entry. (Cutting entries off the end is not detectable from the chain alone.)
 */
import { createHash } from 'node:crypto';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export const AUDIT_ACTIONS = [
  'partner.created',
  'partner.updated',
  'partner.activated',
  'partner.suspended',
  'certificate.added',
  'certificate.revoked',
  'partner-crl.uploaded',
  'token.created',
  'token.revoked',
  'permit.issued',
  'permit.cancelled',
  'permit.replaced',
  'message.resent',
  'verification.performed',
  'user.created',
  'user.signed-in',
  'user.sign-in-failed',
  'user.signed-out',
  'user.disabled',
  'alert.acknowledged',
  'retention.purged',
  'risk-profile.created',
  'risk-profile.updated',
  'risk-control-result.recorded',
  'risk-model.trained',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryInput {
  /** Who did it: the API token's name, or `cli:<user>` for direct-database CLI use. */
  actor: string;
  action: AuditAction;
  /** What it was done to, e.g. `partner:KE`, `partner:KE/certificate:tls-ca:<fingerprint>`, `token:<id>`. */
  target: string;
  /** The state before and after, as plain JSON once stored (dates become ISO strings); null for none. */
  before: unknown;
  after: unknown;
  /** The actor's role (the API token's role), when known. */
  actorRole?: string;
  /** `success`, or `failure` with the error code in `after`. Absent on entries made before outcomes. */
  outcome?: AuditOutcome;
  /** The request id (X-Request-Id / correlation id) the action came with. */
  requestId?: string;
}

export type AuditOutcome = 'success' | 'failure';

export interface AuditEntry extends Omit<AuditEntryInput, 'before' | 'after'> {
  before: JsonValue;
  after: JsonValue;
  /** 1, 2, 3 ... without gaps; unique in storage, which makes appending once-only. */
  seq: number;
  at: Date;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** A value as it will be stored and hashed: plain JSON (dates as ISO strings, undefined dropped). */
export function toAuditJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`).join(',')}}`;
}

export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const content: JsonValue = {
    seq: entry.seq,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    before: entry.before,
    after: entry.after,
    prevHash: entry.prevHash,
    // hashed only when present, so entries written before these fields existed still verify
    ...(entry.actorRole !== undefined && { actorRole: entry.actorRole }),
    ...(entry.outcome !== undefined && { outcome: entry.outcome }),
    ...(entry.requestId !== undefined && { requestId: entry.requestId }),
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** False also when the stored entry is so damaged that it cannot be hashed (e.g. `at` is no date). */
function hashMatches(entry: AuditEntry): boolean {
  try {
    return hashAuditEntry(entry) === entry.hash;
  } catch {
    return false;
  }
}

/** The entry that follows `previous` (null for the first entry). */
export function nextAuditEntry(previous: AuditEntry | null, input: AuditEntryInput, at: Date): AuditEntry {
  const draft = {
    seq: (previous?.seq ?? 0) + 1,
    at,
    actor: input.actor,
    action: input.action,
    target: input.target,
    before: toAuditJson(input.before),
    after: toAuditJson(input.after),
    prevHash: previous?.hash ?? GENESIS_HASH,
    ...(input.actorRole !== undefined && { actorRole: input.actorRole }),
    ...(input.outcome !== undefined && { outcome: input.outcome }),
    ...(input.requestId !== undefined && { requestId: input.requestId }),
  };
  return { ...draft, hash: hashAuditEntry(draft) };
}

export type AuditChainResult =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/**
 * Checks entries one at a time, in seq order, so a long log is verified while it streams from storage.
 * `result()` names the first broken entry, if any.
 */
export class AuditChainVerifier {
  private previous: AuditEntry | null = null;
  private count = 0;
  private broken: { brokenAt: number; reason: string } | null = null;

  /** Returns false once the chain is broken (later entries need not be read). */
  push(entry: AuditEntry): boolean {
    if (this.broken) return false;
    const expectedSeq = (this.previous?.seq ?? 0) + 1;
    const expectedPrev = this.previous?.hash ?? GENESIS_HASH;
    if (entry.seq !== expectedSeq) {
      this.broken =
        entry.seq > expectedSeq
          ? {
              brokenAt: expectedSeq,
              reason: `entry ${expectedSeq}${entry.seq - expectedSeq > 1 ? `-${entry.seq - 1}` : ''} is missing (entry ${entry.seq} follows entry ${expectedSeq - 1})`,
            }
          : { brokenAt: entry.seq, reason: `entry ${entry.seq} is out of order or duplicated` };
      return false;
    }
    if (!hashMatches(entry)) {
      this.broken = {
        brokenAt: entry.seq,
        reason: `entry ${entry.seq} was altered (its content does not match its hash)`,
      };
      return false;
    }
    if (entry.prevHash !== expectedPrev) {
      this.broken = {
        brokenAt: entry.seq,
        reason: `entry ${entry.seq} does not carry the hash of entry ${expectedSeq - 1} (one of the two was altered and re-hashed)`,
      };
      return false;
    }
    this.previous = entry;
    this.count += 1;
    return true;
  }

  result(): AuditChainResult {
    if (this.broken) return { ok: false, entries: this.count, ...this.broken };
    return { ok: true, entries: this.count, headHash: this.previous?.hash ?? GENESIS_HASH };
  }
}

/** Storage of the audit log. */
export interface AuditLog {
  /**
   * Appends an entry at the end of the chain. Concurrent appends (other requests, other instances) are
   * serialised by the unique seq: the loser re-reads the tail and tries again.
   */
  append(input: AuditEntryInput): Promise<AuditEntry>;
  /** Entries with seq > `after`, in order, at most `limit`. */
  page(options: { after: number; limit: number }): Promise<AuditEntry[]>;
  /** Every entry in seq order, streamed. */
  entries(): AsyncIterable<AuditEntry>;
}
