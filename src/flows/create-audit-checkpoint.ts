/**
 * Signs the audit chain's current head with our signing key and keeps it as a checkpoint. The chain is
 * verified first (and against the latest checkpoint): a broken or rewritten history is never signed.
 */
import {
  toCheckpointXml,
  type AuditCheckpoint,
  type AuditCheckpointStore,
} from '../domain/audit/audit-checkpoint';
import type { AuditLog } from '../domain/audit/audit-entry';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';
import { verifyAuditTrail } from './verify-audit-trail';

export interface CreateAuditCheckpointDeps {
  audit: Pick<AuditLog, 'entries'>;
  checkpoints: AuditCheckpointStore;
  /** Enveloped signature with our document-signing key. */
  sign: (xml: string) => Promise<string>;
  country: string;
  clock: Clock;
}

/** The checkpoint of the current head (`created` false when one existed already); null for an empty log. */
export async function createAuditCheckpoint(
  deps: CreateAuditCheckpointDeps,
): Promise<{ checkpoint: AuditCheckpoint; created: boolean } | null> {
  const latest = await deps.checkpoints.latest();
  const trail = await verifyAuditTrail(deps.audit, latest ? [latest] : []);
  if (!trail.ok)
    throw new GatewayError('AUDIT_CHAIN_BROKEN', `not signing a broken audit trail: ${trail.reason}`);
  if (trail.entries === 0) return null;
  if (latest?.seq === trail.entries) return { checkpoint: latest, created: false };
  const facts = {
    country: deps.country,
    seq: trail.entries,
    headHash: trail.headHash,
    signedAt: deps.clock.now(),
  };
  const checkpoint: AuditCheckpoint = { ...facts, signedXml: await deps.sign(toCheckpointXml(facts)) };
  const created = await deps.checkpoints.insert(checkpoint);
  if (created) return { checkpoint, created };
  // another instance signed this head at the same moment: theirs is the one kept
  const kept = await deps.checkpoints.find(facts.seq);
  return { checkpoint: kept ?? checkpoint, created: false };
}
