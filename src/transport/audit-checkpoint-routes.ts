/**
 * Signed checkpoints of the audit chain:
 *  - POST /api/v1/audit/checkpoints (admin): sign the current head now (201; 200 when it was signed already);
 *  - GET /api/v1/audit/checkpoints (admin, auditor): every checkpoint (seq, head hash, time);
 *  - GET /api/v1/audit/checkpoints/:seq (admin, auditor): the signed XML document, to hand to an auditor.
 */
import type { Router } from 'express';
import type { AuditCheckpoint, AuditCheckpointStore } from '../domain/audit/audit-checkpoint';
import { GatewayError } from '../domain/errors';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { createAuditCheckpoint, type CreateAuditCheckpointDeps } from '../flows/create-audit-checkpoint';
import { requireRole } from './auth';

const shown = ({ signedXml: _xml, ...facts }: AuditCheckpoint) => ({
  ...facts,
  document: `/api/v1/audit/checkpoints/${facts.seq}`,
});

export function auditCheckpointRoutes(
  deps: CreateAuditCheckpointDeps & { authenticator: TokenAuthenticator; checkpoints: AuditCheckpointStore },
) {
  const admin = requireRole(deps.authenticator, 'admin');
  const reader = requireRole(deps.authenticator, 'admin', 'auditor');
  return (router: Router): void => {
    router.post('/audit/checkpoints', admin, async (_req, res) => {
      const made = await createAuditCheckpoint(deps);
      if (!made) throw new GatewayError('CONFLICT', 'the audit log is empty: there is no head to sign');
      res.status(made.created ? 201 : 200).json(shown(made.checkpoint));
    });
    router.get('/audit/checkpoints', reader, async (_req, res) => {
      res.json({ items: (await deps.checkpoints.list()).map(shown) });
    });
    router.get('/audit/checkpoints/:seq', reader, async (req, res) => {
      const seq = Number(req.params.seq);
      const checkpoint = Number.isSafeInteger(seq) && seq > 0 ? await deps.checkpoints.find(seq) : null;
      if (!checkpoint)
        throw new GatewayError(
          'AUDIT_CHECKPOINT_NOT_FOUND',
          `no checkpoint at entry ${String(req.params.seq)}`,
        );
      res.type('application/xml').send(checkpoint.signedXml);
    });
  };
}
