/** GET /api/v1/alerts (admin, auditor): certificate expiry and the alerts other flows raised. */
import type { Router } from 'express';
import { z } from 'zod';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { listAlerts, type ListAlertsDeps } from '../flows/list-alerts';
import { requireRole } from './auth';
import { parseBody } from './validate';

export const alertQuery = z
  .object({
    kind: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'kebab-case, e.g. certificate-expiry')
      .optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export function alertRoutes(deps: ListAlertsDeps & { authenticator: TokenAuthenticator }) {
  const reader = requireRole(deps.authenticator, 'admin', 'auditor');
  return (router: Router): void => {
    router.get('/alerts', reader, async (req, res) => {
      const query = parseBody(alertQuery, { ...req.query });
      res.json({ items: await listAlerts(deps, query) });
    });
  };
}
