/**
 * The delivery of alert notifications to channels, kept in the database so that nothing is lost while
 * a receiver is down: one record per notification and channel, retried with backoff by a sweeper on
 * every instance; each attempt is claimed by a unique-index insert, so only one instance sends it.
 */
import type { AlertNotification } from './alert-notification';

export type AlertDeliveryState = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface AlertDeliveryAttempt {
  attempt: number;
  startedAt: Date;
  endedAt: Date;
  ok: boolean;
  /** Why it failed (never a secret: receivers' answers are cut short). */
  error?: string;
}

export interface AlertDelivery {
  /** `<notification id>|<channel>`. */
  id: string;
  channel: string;
  notification: AlertNotification;
  state: AlertDeliveryState;
  createdAt: Date;
  /** PENDING: when the next attempt is due. */
  nextAttemptAt: Date;
  attempts: AlertDeliveryAttempt[];
  deliveredAt?: Date;
}

export function deliveryIdOf(notificationId: string, channel: string): string {
  return `${notificationId}|${channel}`;
}

export type ClaimResult = { claimed: true } | { claimed: false; claimedAt: Date };

/** Storage of alert deliveries (the delivery log). */
export interface AlertDeliveryStore {
  /**
   * Stores each delivery (PENDING, due at once) unless one with its id exists; returns the ids that were
   * new. Concurrent calls with one id store it once.
   */
  enqueue(
    deliveries: ReadonlyArray<{ channel: string; notification: AlertNotification }>,
    now: Date,
  ): Promise<string[]>;
  /** PENDING deliveries due at `now`, earliest due first, at most `limit`. */
  findDue(now: Date, limit: number): Promise<AlertDelivery[]>;
  /** Claims attempt `attempt` of a delivery: of all callers with one (id, attempt) exactly one gets `claimed`. */
  claim(id: string, attempt: number, owner: string, at: Date): Promise<ClaimResult>;
  /**
   * Records a finished attempt and the resulting state (PENDING with the next due time, DELIVERED or
   * FAILED). Recording the same attempt number twice keeps the first.
   */
  recordAttempt(
    id: string,
    attempt: AlertDeliveryAttempt,
    next: { state: AlertDeliveryState; nextAttemptAt?: Date },
  ): Promise<void>;
  /** The delivery log, newest first, optionally of one alert and/or in one state. */
  list(options: { alertId?: string; state?: AlertDeliveryState; limit: number }): Promise<AlertDelivery[]>;
  /** Whether any delivery of these alerts is still PENDING (retention keeps such alerts). */
  pendingAlertIds(alertIds: readonly string[]): Promise<Set<string>>;
}
