/** Alerts, their acknowledgement and their delivery to webhooks and e-mail (admin; auditors read). */
import { z } from 'zod';
import { ackBody, deliveryQuery } from '../../alert-delivery-routes';
import { alertQuery } from '../../alert-routes';
import { pathParams, type ApiOperation } from '../operation';
import { Alert, AlertDelivery, instant, itemsOf } from '../views';

const Acknowledgement = z.looseObject({
  alertId: z.string(),
  by: z.string(),
  at: instant,
  note: z.string().optional(),
});
const Acknowledged = z.looseObject({ acknowledgement: Acknowledgement, created: z.boolean() });
const DeliveryView = AlertDelivery.extend({
  notificationId: z.string(),
  alertId: z.string(),
  kind: z.string(),
});

export const ALERT_OPERATIONS: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/alerts',
    id: 'listAlerts',
    tag: 'alerts',
    summary: 'Alerts, newest first: stored ones and computed ones (certificates about to expire)',
    access: ['admin', 'auditor'],
    query: alertQuery,
    answers: {
      200: {
        description: 'The alerts, each with its acknowledgement (null while open)',
        schema: itemsOf(Alert.extend({ acknowledgement: Acknowledgement.nullable().optional() })),
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/alerts/:id',
    id: 'getAlert',
    tag: 'alerts',
    summary: 'One alert with its acknowledgement and deliveries',
    access: ['admin', 'auditor'],
    params: pathParams('id'),
    answers: {
      200: {
        description: 'The alert',
        schema: z.looseObject({
          alert: Alert,
          acknowledgement: Acknowledgement.nullable(),
          deliveries: z.array(DeliveryView),
        }),
      },
    },
    errors: ['ALERT_NOT_FOUND'],
  },
  {
    method: 'post',
    path: '/api/v1/alerts/:id/acknowledge',
    id: 'acknowledgeAlert',
    tag: 'alerts',
    summary: 'Acknowledge an alert (stops its repeats); 200 when it was acknowledged before',
    access: ['admin'],
    params: pathParams('id'),
    body: { schema: ackBody, required: false },
    answers: {
      201: { description: 'Acknowledged now', schema: Acknowledged },
      200: { description: 'Acknowledged before', schema: Acknowledged },
    },
    errors: ['ALERT_NOT_FOUND'],
  },
  {
    method: 'get',
    path: '/api/v1/alert-deliveries',
    id: 'listAlertDeliveries',
    tag: 'alerts',
    summary: 'The delivery log: each notification to each channel, with its attempts',
    access: ['admin', 'auditor'],
    query: deliveryQuery,
    answers: { 200: { description: 'The deliveries', schema: itemsOf(DeliveryView) } },
  },
];
