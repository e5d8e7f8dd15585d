/**
 * Token buckets, one per key (a partner, a token), for rate limits. Pure: time is an argument and the
 * state lives in this object. `share` is this instance's part of the limit (1 / live instances), so that
 * several instances together never allow more than the configured rate and burst.
 */

export interface RateLimit {
  /** Sustained requests per minute, for the whole gateway (all instances together). */
  perMinute: number;
  /** Requests allowed at once after a quiet period, for the whole gateway. */
  burst: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept at most; the fullest idle ones are dropped first (a full bucket holds no information). */
const MAX_BUCKETS = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {
    if (!(limit.perMinute > 0) || !(limit.burst >= 1)) {
      throw new Error('TokenBuckets: perMinute must be positive and burst at least 1');
    }
  }

  /** Takes one token from `key`'s bucket at `now`, with this instance's `share` (0 < share <= 1). */
  take(key: string, now: Date, share = 1): TakeResult {
    const ratePerMs = (this.limit.perMinute * share) / 60_000;
    const capacity = Math.max(1, this.limit.burst * share);
    const t = now.getTime();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: t };
    const tokens = Math.min(capacity, bucket.tokens + Math.max(0, t - bucket.at) * ratePerMs);
    if (tokens >= 1) {
      this.remember(key, { tokens: tokens - 1, at: t });
      return { ok: true };
    }
    this.remember(key, { tokens, at: t });
    return { ok: false, retryAfterMs: Math.ceil((1 - tokens) / ratePerMs) };
  }

  private remember(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_BUCKETS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }
}
