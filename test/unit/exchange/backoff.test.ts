import { decideRetry, retryTiers, type RetryPolicy } from '../../../src/domain/exchange/backoff';

const policy: RetryPolicy = {
  maxAttempts: 6,
  initialDelayMs: 1000,
  maxDelayMs: 10_000,
  multiplier: 2,
  jitter: 0.2,
  windowMs: 3_600_000,
};
const t0 = new Date('2026-11-23T10:00:00Z');

describe('retry backoff', () => {
  it('doubles up to the cap, one queue tier per distinct delay', () => {
    expect(retryTiers(policy)).toEqual([1000, 2000, 4000, 8000, 10_000]);
  });

  it('spreads each delay over ±jitter of its tier', () => {
    expect(decideRetry(policy, 1, t0, t0, () => 0)).toEqual({ retry: true, tierMs: 1000, delayMs: 800 });
    expect(decideRetry(policy, 1, t0, t0, () => 1)).toEqual({ retry: true, tierMs: 1000, delayMs: 1200 });
    expect(decideRetry(policy, 5, t0, t0, () => 0.5)).toEqual({
      retry: true,
      tierMs: 10_000,
      delayMs: 10_000,
    });
  });

  it('stops after maxAttempts', () => {
    expect(decideRetry(policy, 6, t0, t0)).toEqual({ retry: false, reason: 'attempts-exhausted' });
  });

  it('stops when the next attempt would fall outside the window', () => {
    const late = new Date(t0.getTime() + policy.windowMs - 500);
    expect(decideRetry(policy, 2, t0, late, () => 0.5)).toEqual({ retry: false, reason: 'window-exceeded' });
  });
});
