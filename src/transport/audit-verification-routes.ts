/**
 * GET /api/v1/audit/verification (admin, auditor): the audit chain checked now, as `epix audit verify`
 * does: every entry's hash link, and every stored checkpoint's signature (by our own signing chain) and
 * head hash. Answers 200 either way; `ok: false` names the first entry that no longer matches.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { AuditCheckpointStore } from '../domain/audit/audit-checkpoint';
import type { AuditLog } from '../domain/audit/audit-entry';
import type { TrustAnchors } from '../domain/pki/trust-anchors';
import type { Clock } from '../domain/ports';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { verifyAuditTrail, verifyCheckpointDocuments } from '../flows/verify-audit-trail';
import { requireRole } from './auth';

export const auditVerificationResponseSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    entries: z.number().int(),
    headHash: z.string(),
    checkpoints: z.number().int(),
    latestCheckpoint: z.number().int().nullable(),
    checkedAt: z.iso.datetime(),
  }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['AUDIT_CHAIN_BROKEN', 'AUDIT_CHECKPOINT_MISMATCH', 'AUDIT_CHECKPOINT_INVALID']),
    brokenAt: z.number().int(),
    reason: z.string(),
    entries: z.number().int(),
    checkedAt: z.iso.datetime(),
  }),
]);

export function auditVerificationRoutes(deps: {
  authenticator: TokenAuthenticator;
  audit: Pick<AuditLog, 'entries'>;
  checkpoints: Pick<AuditCheckpointStore, 'list'>;
  /** Our own signing chain and country: whose signatures the checkpoints must carry. */
  checkpointTrust: { trust: TrustAnchors; country: string };
  clock: Clock;
}) {
  const reader = requireRole(deps.authenticator, 'admin', 'auditor');
  return (router: Router): void => {
    router.get('/audit/verification', reader, async (_req, res) => {
      const stored = await deps.checkpoints.list();
      const checked = verifyCheckpointDocuments(
        stored.map((c) => ({ source: `${c.seq} (database)`, signedXml: c.signedXml })),
        deps.checkpointTrust,
      );
      const result = checked.ok ? await verifyAuditTrail(deps.audit, checked.facts) : checked;
      res.json({ ...result, checkedAt: deps.clock.now() });
    });
  };
}
