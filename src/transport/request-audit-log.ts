/**
 * The audit log as flows see it during an API request: entries a flow appends itself (partner and
 * certificate administration, token hooks) get the actor's role and the request id from the request
 * context, and the outcome `success` (a flow appends only once the change is stored).
 */
import type { AuditEntry, AuditEntryInput, AuditLog } from '../domain/audit/audit-entry';
import { currentContext } from '../logging/context';

export class RequestAuditLog implements AuditLog {
  constructor(private readonly log: AuditLog) {}

  append(input: AuditEntryInput): Promise<AuditEntry> {
    const context = currentContext();
    return this.log.append({
      outcome: 'success',
      ...(context?.actorRole !== undefined && { actorRole: context.actorRole }),
      ...(context?.correlationId !== undefined && { requestId: context.correlationId }),
      ...input,
    });
  }

  page(options: { after: number; limit: number }): Promise<AuditEntry[]> {
    return this.log.page(options);
  }

  entries(): AsyncIterable<AuditEntry> {
    return this.log.entries();
  }
}
