/** The `onRevoked` hook of revokeToken that puts the revocation into the audit log. */
import type { AuditLog } from '../domain/audit/audit-entry';
import type { ApiToken } from '../domain/auth/token';

const shown = (t: ApiToken) => ({ id: t.id, name: t.name, role: t.role, revoked: t.revoked });

export function auditTokenRevocation(
  audit: Pick<AuditLog, 'append'>,
): (before: ApiToken, after: ApiToken) => Promise<void> {
  return async (before, after) => {
    await audit.append({
      actor: after.revokedBy ?? 'unknown',
      action: 'token.revoked',
      target: `token:${after.id}`,
      before: shown(before),
      after: { ...shown(after), revokedAt: after.revokedAt ?? null },
    });
  };
}
