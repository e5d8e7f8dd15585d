/**
 * `epix audit verify`: the hash chain of the audit log, checked against signed checkpoints. The chain alone
 * exposes an entry edited or deleted in place; a checkpoint also exposes a history rewritten and re-hashed
 * after it was signed, and a tail cut off (the checkpoint proves the log reached its entry).
 */
import { AuditChainVerifier, type AuditEntry, type AuditLog } from '../domain/audit/audit-entry';
import { verifyCheckpoint, type AuditCheckpointFacts } from '../domain/audit/audit-checkpoint';
import { isGatewayError } from '../domain/errors';
import type { TrustAnchors } from '../domain/pki/trust-anchors';

export type AuditTrailFailureCode =
  'AUDIT_CHAIN_BROKEN' | 'AUDIT_CHECKPOINT_MISMATCH' | 'AUDIT_CHECKPOINT_INVALID';

export type AuditTrailResult =
  | { ok: true; entries: number; headHash: string; checkpoints: number; latestCheckpoint: number | null }
  | { ok: false; code: AuditTrailFailureCode; brokenAt: number; reason: string; entries: number };

/** A checkpoint document and where it came from (the database, or a file an auditor kept). */
export interface CheckpointDocument {
  source: string;
  signedXml: string;
}

/** Verifies every checkpoint's signature; the first invalid one is returned as a failure. */
export function verifyCheckpointDocuments(
  documents: readonly CheckpointDocument[],
  options: { trust: TrustAnchors; country: string },
): { ok: true; facts: AuditCheckpointFacts[] } | Extract<AuditTrailResult, { ok: false }> {
  const facts: AuditCheckpointFacts[] = [];
  for (const document of documents) {
    try {
      facts.push(verifyCheckpoint(document.signedXml, options));
    } catch (error) {
      if (!isGatewayError(error)) throw error;
      return {
        ok: false,
        code: 'AUDIT_CHECKPOINT_INVALID',
        brokenAt: 0,
        reason: `checkpoint ${document.source}: ${error.message}`,
        entries: 0,
      };
    }
  }
  return { ok: true, facts };
}

/** Streams the log once; stops at the first entry that breaks the chain or no longer matches a checkpoint. */
export async function verifyAuditTrail(
  log: Pick<AuditLog, 'entries'>,
  checkpoints: readonly AuditCheckpointFacts[],
): Promise<AuditTrailResult> {
  const bySeq = groupBySeq(checkpoints);
  const verifier = new AuditChainVerifier();
  for await (const entry of log.entries()) {
    if (!verifier.push(entry)) break;
    const mismatch = checkpointMismatch(entry, bySeq.get(entry.seq) ?? []);
    if (mismatch)
      return {
        ok: false,
        code: 'AUDIT_CHECKPOINT_MISMATCH',
        brokenAt: entry.seq,
        reason: mismatch,
        entries: entry.seq - 1,
      };
  }
  const chain = verifier.result();
  if (!chain.ok)
    return {
      ok: false,
      code: 'AUDIT_CHAIN_BROKEN',
      brokenAt: chain.brokenAt,
      reason: chain.reason,
      entries: chain.entries,
    };
  const beyond = checkpoints.filter((c) => c.seq > chain.entries).sort((a, b) => b.seq - a.seq)[0];
  if (beyond) {
    return {
      ok: false,
      code: 'AUDIT_CHECKPOINT_MISMATCH',
      brokenAt: chain.entries + 1,
      reason:
        `the log ends at entry ${chain.entries}, but the checkpoint signed at ${beyond.signedAt.toISOString()} ` +
        `proves it reached entry ${beyond.seq}: entries ${chain.entries + 1}-${beyond.seq} were removed`,
      entries: chain.entries,
    };
  }
  const latest = checkpoints.reduce<number | null>(
    (max, c) => (max === null || c.seq > max ? c.seq : max),
    null,
  );
  return {
    ok: true,
    entries: chain.entries,
    headHash: chain.headHash,
    checkpoints: checkpoints.length,
    latestCheckpoint: latest,
  };
}

function groupBySeq(checkpoints: readonly AuditCheckpointFacts[]): Map<number, AuditCheckpointFacts[]> {
  const bySeq = new Map<number, AuditCheckpointFacts[]>();
  for (const checkpoint of checkpoints)
    bySeq.set(checkpoint.seq, [...(bySeq.get(checkpoint.seq) ?? []), checkpoint]);
  return bySeq;
}

function checkpointMismatch(entry: AuditEntry, checkpoints: readonly AuditCheckpointFacts[]): string | null {
  const differing = checkpoints.find((c) => c.headHash !== entry.hash);
  if (!differing) return null;
  return (
    `entry ${entry.seq} no longer matches the checkpoint signed at ${differing.signedAt.toISOString()} ` +
    `(the history up to it was rewritten and re-hashed)`
  );
}
