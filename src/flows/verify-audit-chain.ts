/** Reads the whole audit log in order and checks its hash chain (`epix audit verify`). */
import { AuditChainVerifier, type AuditChainResult, type AuditLog } from '../domain/audit/audit-entry';

/** Stops reading at the first broken entry; `entries` counts the intact ones before it. */
export async function verifyAuditChain(log: Pick<AuditLog, 'entries'>): Promise<AuditChainResult> {
  const verifier = new AuditChainVerifier();
  for await (const entry of log.entries()) {
    if (!verifier.push(entry)) break;
  }
  return verifier.result();
}
