/**
 * Retry timing for outbound deliveries: exponential backoff with a cap and jitter, bounded both by a number
 * of attempts and by a time window since the first attempt.
 */

export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
  /** 0..1: each delay is spread uniformly over ±jitter of its nominal value. */
  jitter: number;
  windowMs: number;
}

/**
 * The nominal delays before retry 1, 2, ... (no jitter). RabbitMQ holds waiting messages in one queue per
 * tier, because a per-message TTL only expires at the head of a queue.
 */
export function retryTiers(policy: RetryPolicy): number[] {
  const tiers: number[] = [];
  let delay = policy.initialDelayMs;
  for (;;) {
    const capped = Math.min(Math.round(delay), policy.maxDelayMs);
    if (tiers[tiers.length - 1] === capped) break;
    tiers.push(capped);
    if (capped >= policy.maxDelayMs || tiers.length >= 32) break;
    delay *= policy.multiplier;
  }
  return tiers;
}

export interface RetryDecision {
  retry: boolean;
  /** When retrying: the nominal tier delay (the queue) and the jittered delay (the message TTL). */
  tierMs?: number;
  delayMs?: number;
  reason?: 'attempts-exhausted' | 'window-exceeded';
}

/**
 * Decides whether a message that has failed `attemptsMade` times (transiently) is tried again, and when.
 * `random` is injected so tests are deterministic.
 */
export function decideRetry(
  policy: RetryPolicy,
  attemptsMade: number,
  firstAttemptAt: Date,
  now: Date,
  random: () => number = Math.random,
): RetryDecision {
  if (attemptsMade >= policy.maxAttempts) return { retry: false, reason: 'attempts-exhausted' };
  const tiers = retryTiers(policy);
  const tierMs = tiers[Math.min(attemptsMade - 1, tiers.length - 1)] ?? policy.initialDelayMs;
  const spread = tierMs * policy.jitter;
  const delayMs = Math.max(0, Math.round(tierMs - spread + 2 * spread * random()));
  if (now.getTime() + delayMs - firstAttemptAt.getTime() > policy.windowMs)
    return { retry: false, reason: 'window-exceeded' };
  return { retry: true, tierMs, delayMs };
}
