/**
 * Sends one due alert delivery:
 * 1. claim its next attempt (a unique-index insert: of all instances exactly one sends it);
 * 2. hand the notification to the channel;
 * 3. record the attempt: DELIVERED, or PENDING again after a backoff delay, or FAILED once the retry
 *    policy is spent. An attempt claimed by an instance that died is recorded as lost after the lease.
 */
import type { AlertChannel } from '../../domain/alerts/alert-channel';
import type {
  AlertDelivery,
  AlertDeliveryAttempt,
  AlertDeliveryStore,
} from '../../domain/alerts/alert-delivery';
import { decideRetry, type RetryPolicy } from '../../domain/exchange/backoff';
import type { Clock } from '../../domain/ports';
import type { Logger } from '../../logging/logger';

export type AlertDeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'lost';

export interface DeliverAlertDeps {
  deliveries: Pick<AlertDeliveryStore, 'claim' | 'recordAttempt'>;
  channels: ReadonlyMap<string, AlertChannel>;
  /** Identifies this instance in claims. */
  owner: string;
  retry: RetryPolicy;
  leaseMs: number;
  clock: Clock;
  logger: Logger;
  onOutcome?: (channel: string, outcome: AlertDeliveryOutcome) => void;
  random?: () => number;
}

/** Returns what happened, or null when another instance holds the attempt. */
export async function deliverAlert(
  deps: DeliverAlertDeps,
  delivery: AlertDelivery,
): Promise<AlertDeliveryOutcome | null> {
  const attempt = delivery.attempts.length + 1;
  const startedAt = deps.clock.now();
  const claim = await deps.deliveries.claim(delivery.id, attempt, deps.owner, startedAt);
  if (!claim.claimed) return recordLostAttempt(deps, delivery, attempt, claim.claimedAt);

  const error = await send(deps, delivery, startedAt);
  const endedAt = deps.clock.now();
  const record: AlertDeliveryAttempt = {
    attempt,
    startedAt,
    endedAt,
    ok: error === null,
    ...(error !== null && { error }),
  };
  if (error === null) {
    await deps.deliveries.recordAttempt(delivery.id, record, { state: 'DELIVERED' });
    return report(deps, delivery, 'delivered');
  }
  return retryLater(deps, delivery, record);
}

/** The channel's answer as null (accepted) or a short error text. */
async function send(deps: DeliverAlertDeps, delivery: AlertDelivery, now: Date): Promise<string | null> {
  const channel = deps.channels.get(delivery.channel);
  if (!channel) return `channel ${delivery.channel} is not configured`;
  try {
    await channel.send(delivery.notification, delivery.id, now);
    return null;
  } catch (error) {
    return ((error as Error).message || String(error)).slice(0, 500);
  }
}

async function retryLater(
  deps: DeliverAlertDeps,
  delivery: AlertDelivery,
  record: AlertDeliveryAttempt,
): Promise<AlertDeliveryOutcome> {
  const first = delivery.attempts[0]?.startedAt ?? record.startedAt;
  const decision = decideRetry(deps.retry, record.attempt, first, record.endedAt, deps.random);
  if (!decision.retry) {
    await deps.deliveries.recordAttempt(delivery.id, record, { state: 'FAILED' });
    deps.logger.error('alert delivery failed for good', {
      delivery: delivery.id,
      channel: delivery.channel,
      attempts: record.attempt,
      error: record.error,
    });
    return report(deps, delivery, 'failed');
  }
  const nextAttemptAt = new Date(record.endedAt.getTime() + decision.delayMs!);
  await deps.deliveries.recordAttempt(delivery.id, record, { state: 'PENDING', nextAttemptAt });
  deps.logger.warn('alert delivery failed; retrying later', {
    delivery: delivery.id,
    channel: delivery.channel,
    attempt: record.attempt,
    retryInMs: decision.delayMs,
    error: record.error,
  });
  return report(deps, delivery, 'retry');
}

/** Another instance claimed the attempt; if it has not finished within the lease, it died. */
async function recordLostAttempt(
  deps: DeliverAlertDeps,
  delivery: AlertDelivery,
  attempt: number,
  claimedAt: Date,
): Promise<AlertDeliveryOutcome | null> {
  const now = deps.clock.now();
  if (now.getTime() - claimedAt.getTime() < deps.leaseMs) return null;
  const record: AlertDeliveryAttempt = {
    attempt,
    startedAt: claimedAt,
    endedAt: now,
    ok: false,
    error: 'the instance sending it stopped before recording the outcome',
  };
  await deps.deliveries.recordAttempt(delivery.id, record, { state: 'PENDING', nextAttemptAt: now });
  return report(deps, delivery, 'lost');
}

function report(
  deps: DeliverAlertDeps,
  delivery: AlertDelivery,
  outcome: AlertDeliveryOutcome,
): AlertDeliveryOutcome {
  deps.onOutcome?.(delivery.channel, outcome);
  return outcome;
}
