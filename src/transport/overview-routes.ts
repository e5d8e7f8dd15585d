/** GET /api/v1/overview?window=24h|7d (admin, auditor): the console's overview, counted by the database. */
import type { Router } from 'express';
import { z } from 'zod';
import { OVERVIEW_WINDOWS, type OverviewWindow } from '../domain/overview/overview';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { buildOverview, type OverviewDeps } from '../flows/build-overview';
import { requireRole } from './auth';
import { parseBody } from './validate';

export const overviewQuerySchema = z.strictObject({
  window: z.enum(Object.keys(OVERVIEW_WINDOWS) as [OverviewWindow, ...OverviewWindow[]]).default('24h'),
});

const count = z.number().int().min(0);
export const overviewResponseSchema = z.object({
  window: z.enum(['24h', '7d']),
  since: z.iso.datetime(),
  generatedAt: z.iso.datetime(),
  messages: z.array(
    z.object({ partner: z.string(), direction: z.enum(['outbound', 'inbound']), state: z.string(), count }),
  ),
  failedDeliveries: z.object({
    count,
    recent: z.array(
      z.object({
        messageId: z.string(),
        partner: z.string(),
        permitKey: z.string(),
        createdAt: z.iso.datetime(),
        failure: z.string().optional(),
      }),
    ),
  }),
  openAlerts: z.object({
    count,
    bySeverity: z.object({ critical: count, warning: count, info: count }),
    recent: z.array(z.looseObject({ id: z.string(), kind: z.string(), severity: z.string() })),
  }),
  expiringCertificates: z.array(
    z.object({
      partner: z.string(),
      role: z.string(),
      subject: z.string(),
      fingerprint: z.string(),
      notAfter: z.iso.datetime(),
      daysLeft: z.number().int(),
    }),
  ),
  verdicts: z.object({
    verdicts: z.object({ ACCEPTED: count, REJECTED: count }),
    reasons: z.array(z.object({ reason: z.string(), count })),
  }),
});

export function overviewRoutes(deps: OverviewDeps & { authenticator: TokenAuthenticator }) {
  const reader = requireRole(deps.authenticator, 'admin', 'auditor');
  return (router: Router): void => {
    router.get('/overview', reader, async (req, res) => {
      const { window } = parseBody(overviewQuerySchema, { ...req.query });
      res.json(await buildOverview(deps, window));
    });
  };
}
