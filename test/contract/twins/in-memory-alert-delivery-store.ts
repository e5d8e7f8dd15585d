/** AlertDeliveryStore in memory, for fast flow tests; held to the same contract as the MongoDB one. */
import {
  deliveryIdOf,
  type AlertDelivery,
  type AlertDeliveryAttempt,
  type AlertDeliveryState,
  type AlertDeliveryStore,
  type ClaimResult,
} from '../../../src/domain/alerts/alert-delivery';
import type { AlertNotification } from '../../../src/domain/alerts/alert-notification';

export class InMemoryAlertDeliveryStore implements AlertDeliveryStore {
  private readonly deliveries = new Map<string, AlertDelivery>();
  private readonly claims = new Map<string, Date>();

  enqueue(
    items: ReadonlyArray<{ channel: string; notification: AlertNotification }>,
    now: Date,
  ): Promise<string[]> {
    const created: string[] = [];
    for (const { channel, notification } of items) {
      const id = deliveryIdOf(notification.id, channel);
      if (this.deliveries.has(id)) continue;
      this.deliveries.set(id, {
        id,
        channel,
        notification: structuredClone(notification),
        state: 'PENDING',
        createdAt: now,
        nextAttemptAt: now,
        attempts: [],
      });
      created.push(id);
    }
    return Promise.resolve(created);
  }

  findDue(now: Date, limit: number): Promise<AlertDelivery[]> {
    const due = [...this.deliveries.values()]
      .filter((d) => d.state === 'PENDING' && d.nextAttemptAt.getTime() <= now.getTime())
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
      .slice(0, limit);
    return Promise.resolve(structuredClone(due));
  }

  claim(id: string, attempt: number, _owner: string, at: Date): Promise<ClaimResult> {
    const key = `${id}#${attempt}`;
    const existing = this.claims.get(key);
    if (existing) return Promise.resolve({ claimed: false, claimedAt: existing });
    this.claims.set(key, at);
    return Promise.resolve({ claimed: true });
  }

  recordAttempt(
    id: string,
    attempt: AlertDeliveryAttempt,
    next: { state: AlertDeliveryState; nextAttemptAt?: Date },
  ): Promise<void> {
    const delivery = this.deliveries.get(id);
    if (!delivery || delivery.attempts.some((a) => a.attempt === attempt.attempt)) return Promise.resolve();
    delivery.attempts.push(structuredClone(attempt));
    delivery.state = next.state;
    if (next.nextAttemptAt) delivery.nextAttemptAt = next.nextAttemptAt;
    if (next.state === 'DELIVERED') delivery.deliveredAt = attempt.endedAt;
    return Promise.resolve();
  }

  list(options: { alertId?: string; state?: AlertDeliveryState; limit: number }): Promise<AlertDelivery[]> {
    const items = [...this.deliveries.values()]
      .filter((d) => options.alertId === undefined || d.notification.alertId === options.alertId)
      .filter((d) => options.state === undefined || d.state === options.state)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, options.limit);
    return Promise.resolve(structuredClone(items));
  }

  pendingAlertIds(alertIds: readonly string[]): Promise<Set<string>> {
    const wanted = new Set(alertIds);
    return Promise.resolve(
      new Set(
        [...this.deliveries.values()]
          .filter((d) => d.state === 'PENDING' && wanted.has(d.notification.alertId))
          .map((d) => d.notification.alertId),
      ),
    );
  }
}
