/**
 * Turns alerts into pending deliveries, one per routed channel. Stored alerts are read back from the
 * alert store (so every flow that raises an alert is covered, and a crash right after raising loses
 * nothing); computed certificate-expiry alerts are notified per repeat period unless acknowledged.
 */
import type { Alert, AlertStore } from '../../domain/alerts/alert';
import type { AlertAcknowledgements } from '../../domain/alerts/alert-acknowledgement';
import type { AlertDeliveryStore } from '../../domain/alerts/alert-delivery';
import {
  certificateExpiryNotification,
  notificationOf,
  type AlertNotification,
  type RepeatPolicy,
} from '../../domain/alerts/alert-notification';
import { channelsFor, type AlertRoute } from '../../domain/alerts/alert-routing';
import type { Clock } from '../../domain/ports';

export interface RouteAlertsDeps {
  alerts: Pick<AlertStore, 'list'>;
  certificateExpiry: () => Promise<Alert[]>;
  acknowledgements: Pick<AlertAcknowledgements, 'find'>;
  deliveries: Pick<AlertDeliveryStore, 'enqueue'>;
  routes: readonly AlertRoute[];
  repeat: RepeatPolicy;
  /** Stored alerts older than this (at first sight) are not delivered. */
  lookbackMs: number;
  /** How many of the newest stored alerts each pass reads. */
  scanLimit: number;
  clock: Clock;
}

/**
 * Enqueues the deliveries of every notification due now; `seen` (kept by the caller between passes)
 * skips notifications already enqueued by this instance. Returns the ids of new deliveries.
 */
export async function routeAlerts(deps: RouteAlertsDeps, seen: Set<string>): Promise<string[]> {
  if (deps.routes.length === 0) return [];
  const now = deps.clock.now();
  const notifications = [
    ...(await storedNotifications(deps, now)),
    ...(await expiryNotifications(deps, now)),
  ];
  const created: string[] = [];
  for (const notification of notifications.filter((n) => !seen.has(n.id))) {
    const channels = channelsFor(deps.routes, notification);
    created.push(
      ...(await deps.deliveries.enqueue(
        channels.map((channel) => ({ channel, notification })),
        now,
      )),
    );
    seen.add(notification.id);
  }
  return created;
}

async function storedNotifications(deps: RouteAlertsDeps, now: Date): Promise<AlertNotification[]> {
  const recent = await deps.alerts.list({ limit: deps.scanLimit });
  return recent.filter((alert) => now.getTime() - alert.at.getTime() <= deps.lookbackMs).map(notificationOf);
}

async function expiryNotifications(deps: RouteAlertsDeps, now: Date): Promise<AlertNotification[]> {
  const alerts = await deps.certificateExpiry();
  const acknowledged = await deps.acknowledgements.find(alerts.map((alert) => alert.id));
  return alerts
    .filter((alert) => !acknowledged.has(alert.id))
    .map((alert) => certificateExpiryNotification(alert, now, deps.repeat))
    .filter((notification): notification is AlertNotification => notification !== null);
}
