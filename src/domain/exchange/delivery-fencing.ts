/**
 * Fencing of delivery attempts. A worker's lease can run out while its POST is still in flight (a slow
 * partner, a paused process); another worker then claims the next attempt. The late worker must not
 * overwrite the newer attempt's outcome: an outcome is applied only while its attempt still holds the
 * message (MessageRepository.completeAttempt), and a new attempt records the ones it took over from.
 */
import type { DeliveryAttempt } from './message';

/** The code recorded on an attempt whose lease ran out before it finished (a later attempt took over). */
export const LEASE_EXPIRED_CODE = 'DELIVERY_LEASE_EXPIRED';

/**
 * The attempts as a new attempt `attempt` sees them when it starts at `now`: earlier attempts still shown
 * in progress lost their lease, so they end here (their late answer, if any, is kept apart).
 */
export function supersedeExpiredAttempts(
  attempts: readonly DeliveryAttempt[],
  attempt: number,
  now: Date,
): DeliveryAttempt[] {
  return attempts
    .filter((a) => a.attempt !== attempt)
    .map((a) =>
      a.outcome === 'in-progress' && a.attempt < attempt
        ? {
            ...a,
            endedAt: now,
            outcome: 'transient-failure',
            code: LEASE_EXPIRED_CODE,
            error: `the lease ran out before attempt ${a.attempt} ended; attempt ${attempt} took over`,
          }
        : a,
    );
}

/** The partner as a delivery sees it: its timeout never longer than `capMs` (which the lease exceeds). */
export function withDeliveryTimeout<P extends { timeoutMs: number }>(
  partner: P,
  capMs: number | undefined,
): P {
  return capMs === undefined || partner.timeoutMs <= capMs ? partner : { ...partner, timeoutMs: capMs };
}
