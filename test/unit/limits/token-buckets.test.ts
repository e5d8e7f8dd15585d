import { TokenBuckets } from '../../../src/domain/limits/token-buckets';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const at = (ms: number) => new Date(T0 + ms);

describe('token buckets', () => {
  it('when a key uses its burst, then the next request is refused with the time until one token is back', () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 3 });
    expect([1, 2, 3].map(() => buckets.take('KE', at(0)).ok)).toEqual([true, true, true]);
    expect(buckets.take('KE', at(0))).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(buckets.take('KE', at(400))).toEqual({ ok: false, retryAfterMs: 600 });
    expect(buckets.take('KE', at(1000)).ok).toBe(true);
  });

  it('when one key is exhausted, then another key is not affected', () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 });
    expect(buckets.take('KE', at(0)).ok).toBe(true);
    expect(buckets.take('KE', at(0)).ok).toBe(false);
    expect(buckets.take('TZ', at(0)).ok).toBe(true);
  });

  it('when two instances share a limit, then each allows half of the burst and refills at half the rate', () => {
    const buckets = new TokenBuckets({ perMinute: 120, burst: 4 });
    expect([1, 2, 3].map(() => buckets.take('KE', at(0), 0.5).ok)).toEqual([true, true, false]);
    expect(buckets.take('KE', at(999), 0.5).ok).toBe(false);
    expect(buckets.take('KE', at(1000), 0.5).ok).toBe(true);
  });

  it('when the limit is not positive, then the constructor refuses it', () => {
    expect(() => new TokenBuckets({ perMinute: 0, burst: 1 })).toThrow(/perMinute/);
  });
});
