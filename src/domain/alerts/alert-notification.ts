/**
 * What is sent to people about an alert: the alert's content under a notification id. A stored alert is
 * notified once (the id is the alert's); a standing condition such as certificate expiry is notified
 * again each repeat period (the id names the period), like Domibus' certificate alerts.
 */
import type { Alert, AlertSeverity } from './alert';
import { CERTIFICATE_EXPIRY_KIND } from './certificate-expiry';

export interface AlertNotification {
  /** Unique per notification: the alert id, or `<alert id>@<period>` for repeated ones. */
  id: string;
  alertId: string;
  kind: string;
  severity: AlertSeverity;
  subject: string;
  message: string;
  /** When the condition arose (the alert's time). */
  at: Date;
  details: Record<string, unknown>;
}

export interface RepeatPolicy {
  /** A certificate about to expire is notified when it enters the window, then every this many days. */
  warnEveryDays: number;
  /** An expired certificate is notified every this many days ... */
  expiredEveryDays: number;
  /** ... for this many days after it expired. */
  expiredForDays: number;
}

/** Domibus' defaults: imminent expiry repeated every 14 days; expired weekly for 90 days. */
export const DOMIBUS_REPEAT_POLICY: RepeatPolicy = {
  warnEveryDays: 14,
  expiredEveryDays: 7,
  expiredForDays: 90,
};

const DAY_MS = 86_400_000;

/** The notification of a stored alert: once, under the alert's own id. */
export function notificationOf(alert: Alert): AlertNotification {
  return {
    id: alert.id,
    alertId: alert.id,
    kind: alert.kind,
    severity: alert.severity,
    subject: alert.subject,
    message: alert.message,
    at: alert.at,
    details: alert.details,
  };
}

/**
 * The notification due at `now` for a computed certificate-expiry alert, or null when the repeat policy
 * is done with it (expired longer ago than `expiredForDays`). The period number goes in the id, so the
 * same period is notified once however often this is asked.
 */
export function certificateExpiryNotification(
  alert: Alert,
  now: Date,
  policy: RepeatPolicy = DOMIBUS_REPEAT_POLICY,
): AlertNotification | null {
  if (alert.kind !== CERTIFICATE_EXPIRY_KIND) return notificationOf(alert);
  const notAfter = new Date(String(alert.details.notAfter)).getTime();
  if (Number.isNaN(notAfter)) return notificationOf(alert);
  if (now.getTime() <= notAfter) {
    const period = Math.floor(
      Math.max(0, now.getTime() - alert.at.getTime()) / (policy.warnEveryDays * DAY_MS),
    );
    return { ...notificationOf(alert), id: `${alert.id}@warn-${period}` };
  }
  const sinceExpiry = now.getTime() - notAfter;
  if (sinceExpiry > policy.expiredForDays * DAY_MS) return null;
  const period = Math.floor(sinceExpiry / (policy.expiredEveryDays * DAY_MS));
  return { ...notificationOf(alert), id: `${alert.id}@expired-${period}` };
}
