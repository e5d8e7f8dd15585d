/**
 * Alerts shown to administrators and auditors (`GET /api/v1/alerts`). Flows raise stored alerts (failed
 * deliveries, rejected verifications ...); some alerts are computed on demand from current state
 * (certificate expiry). Both have the same shape.
 */
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface Alert {
  id: string;
  /** What happened, kebab-case, e.g. `certificate-expiry`, `delivery-failed`. */
  kind: string;
  severity: AlertSeverity;
  /** What the alert is about, e.g. `partner:KE/certificate:tls-ca:<fingerprint>`, `message:<id>`. */
  subject: string;
  /** One line for a person, e.g. "certificate CN=... of KE (tls-ca) expires in 12 days". */
  message: string;
  /** When the condition arose. */
  at: Date;
  /** Machine-readable facts (JSON values only). */
  details: Record<string, unknown>;
}

export interface NewAlert {
  kind: string;
  severity: AlertSeverity;
  /** What it is about (see Alert.subject); defaults to the key, else the kind. */
  subject?: string;
  /** One line for a person; defaults to the kind. */
  message?: string;
  details?: Record<string, unknown>;
  /**
   * Raising twice with the same key stores one alert (e.g. `delivery-failed:<messageId>`), so a retried
   * flow does not duplicate it. Defaults to a fresh id.
   */
  key?: string;
  /** Defaults to now. */
  at?: Date;
}

/** Storage of raised alerts. */
export interface AlertStore {
  /** Stores the alert once per key; returns the stored alert (the first one for a repeated key). */
  raise(alert: NewAlert): Promise<Alert>;
  /** Newest first, optionally of one kind and/or about one subject. */
  list(options: { kind?: string; subject?: string; limit: number }): Promise<Alert[]>;
}

const SEVERITY_ORDER: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Newest first; at equal times the more severe first. */
export function sortAlerts(alerts: Alert[]): Alert[] {
  return alerts.sort(
    (a, b) => b.at.getTime() - a.at.getTime() || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
}
