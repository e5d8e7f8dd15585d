/**
 * GET /api/v1/alerts (admin, auditor): certificate expiry and the alerts other flows raised, each with its
 * acknowledgement (null while open) when the acknowledgements are wired.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { AlertAcknowledgements } from '../domain/alerts/alert-acknowledgement';
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

export function alertRoutes(
  deps: ListAlertsDeps & {
    authenticator: TokenAuthenticator;
    acknowledgements?: Pick<AlertAcknowledgements, 'find'>;
  },
) {
  const reader = requireRole(deps.authenticator, 'admin', 'auditor');
  return (router: Router): void => {
    router.get('/alerts', reader, async (req, res) => {
      const query = parseBody(alertQuery, { ...req.query });
      const alerts = await listAlerts(deps, query);
      if (!deps.acknowledgements) return void res.json({ items: alerts });
      const acks = await deps.acknowledgements.find(alerts.map((a) => a.id));
      res.json({ items: alerts.map((a) => ({ ...a, acknowledgement: acks.get(a.id) ?? null })) });
    });
  };
}
