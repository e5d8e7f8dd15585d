/**
 * Alert acknowledgement and the delivery log:
 * - `GET /api/v1/alerts/:id` (admin, auditor): the alert, its acknowledgement and its deliveries;
 * - `POST /api/v1/alerts/:id/acknowledge` (admin) `{ note? }`: 201 the first time, 200 with the first
 *   acknowledgement after that; repeated notifications of the alert stop;
 * - `GET /api/v1/alert-deliveries` (admin, auditor; `alertId`, `state`, `limit`): the delivery log.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { AlertAcknowledgements } from '../domain/alerts/alert-acknowledgement';
import type { AlertDelivery, AlertDeliveryStore } from '../domain/alerts/alert-delivery';
import { GatewayError } from '../domain/errors';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { acknowledgeAlert, type AcknowledgeAlertDeps } from '../flows/alerts/acknowledge-alert';
import { actorOf, requireRole } from './auth';
import { parseBody } from './validate';

export interface AlertDeliveryRoutesDeps extends AcknowledgeAlertDeps {
  authenticator: TokenAuthenticator;
  acknowledgements: AlertAcknowledgements;
  deliveries: Pick<AlertDeliveryStore, 'list'>;
  /** Called after a new acknowledgement (the audit log). */
  onAcknowledged?: (alertId: string, by: string, note: string | undefined) => Promise<void>;
}

export const ackBody = z.object({ note: z.string().max(1000).optional() }).strict();
export const deliveryQuery = z
  .object({
    alertId: z.string().min(1).max(300).optional(),
    state: z.enum(['PENDING', 'DELIVERED', 'FAILED']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
const alertId = z.string().min(1).max(300);

/** A delivery as shown: the notification without its (already shown) alert details. */
function toDeliveryView(delivery: AlertDelivery): Record<string, unknown> {
  const { notification, ...rest } = delivery;
  return { ...rest, notificationId: notification.id, alertId: notification.alertId, kind: notification.kind };
}

export function alertDeliveryRoutes(deps: AlertDeliveryRoutesDeps) {
  const reader = requireRole(deps.authenticator, 'admin', 'auditor');
  const admin = requireRole(deps.authenticator, 'admin');
  return (router: Router): void => {
    router.get('/alert-deliveries', reader, async (req, res) => {
      const query = parseBody(deliveryQuery, { ...req.query });
      res.json({ items: (await deps.deliveries.list(query)).map(toDeliveryView) });
    });

    router.get('/alerts/:id', reader, async (req, res) => {
      const id = parseBody(alertId, req.params.id);
      const alert = await deps.findAlert(id);
      if (!alert) throw new GatewayError('ALERT_NOT_FOUND', `no alert ${id}`);
      const [acks, deliveries] = await Promise.all([
        deps.acknowledgements.find([id]),
        deps.deliveries.list({ alertId: id, limit: 1000 }),
      ]);
      res.json({ alert, acknowledgement: acks.get(id) ?? null, deliveries: deliveries.map(toDeliveryView) });
    });

    router.post('/alerts/:id/acknowledge', admin, async (req, res) => {
      const id = parseBody(alertId, req.params.id);
      const { note } = parseBody(ackBody, req.body ?? {});
      const by = actorOf(res).name;
      const result = await acknowledgeAlert(deps, { alertId: id, by, ...(note !== undefined && { note }) });
      if (result.created) await deps.onAcknowledged?.(id, by, note);
      res.status(result.created ? 201 : 200).json(result);
    });
  };
}
