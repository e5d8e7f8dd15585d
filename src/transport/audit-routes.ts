/** GET /api/v1/audit (admin, auditor): pages through the audit log in seq order. */
import type { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../domain/audit/audit-entry';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { requireRole } from './auth';
import { parseBody } from './validate';

const MAX_PAGE = 1000;

export const pageQuery = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  })
  .strict();

export function auditRoutes(deps: { authenticator: TokenAuthenticator; audit: Pick<AuditLog, 'page'> }) {
  const reader = requireRole(deps.authenticator, 'admin', 'auditor');
  return (router: Router): void => {
    router.get('/audit', reader, async (req, res) => {
      const { after, limit } = parseBody(pageQuery, { ...req.query });
      const items = await deps.audit.page({ after, limit });
      // `next` is the cursor of the following page; null once the end was reached.
      res.json({ items, next: items.length === limit ? items.at(-1)!.seq : null });
    });
  };
}
