/** The `onCreated` hook of createToken that puts token creation into the audit log (never the secret). */
import type { AuditLog } from '../domain/audit/audit-entry';
import type { ApiToken } from '../domain/auth/token';

export function auditTokenCreation(audit: Pick<AuditLog, 'append'>): (token: ApiToken) => Promise<void> {
  return async (token) => {
    await audit.append({
      actor: token.createdBy,
      action: 'token.created',
      target: `token:${token.id}`,
      before: null,
      after: {
        id: token.id,
        name: token.name,
        role: token.role,
        createdAt: token.createdAt,
        expiresAt: token.expiresAt,
      },
    });
  };
}
