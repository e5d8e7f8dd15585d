/** AlertStore in memory, for fast flow tests; held to the same contract as the MongoDB one. */
import { randomUUID } from 'node:crypto';
import type { Alert, AlertStore, NewAlert } from '../../../src/domain/alerts/alert';
import type { Clock } from '../../../src/domain/ports';

export class InMemoryAlertStore implements AlertStore {
  private readonly alerts = new Map<string, Alert>();

  constructor(private readonly clock: Clock) {}

  raise(alert: NewAlert): Promise<Alert> {
    const id = alert.key ?? randomUUID();
    const existing = this.alerts.get(id);
    if (existing) return Promise.resolve(structuredClone(existing));
    const stored: Alert = {
      id,
      kind: alert.kind,
      severity: alert.severity,
      subject: alert.subject ?? alert.key ?? alert.kind,
      message: alert.message ?? alert.kind,
      at: alert.at ?? this.clock.now(),
      details: structuredClone(alert.details ?? {}),
    };
    this.alerts.set(id, stored);
    return Promise.resolve(structuredClone(stored));
  }

  list(options: { kind?: string; subject?: string; limit: number }): Promise<Alert[]> {
    return Promise.resolve(
      [...this.alerts.values()]
        .filter((a) => options.kind === undefined || a.kind === options.kind)
        .filter((a) => options.subject === undefined || a.subject === options.subject)
        .sort((a, b) => b.at.getTime() - a.at.getTime())
        .slice(0, options.limit)
        .map((a) => structuredClone(a)),
    );
  }
}
