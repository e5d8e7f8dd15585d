import { parseConfig } from '../../../src/config/loader';

const base = {
  country: 'KE',
  signing: { keyFile: 'k', certFile: 'c' },
  tls: { keyFile: 'k', certFile: 'c', clientCertFile: 'c' },
  mongodbUri: 'mongodb://127.0.0.1:27017/x',
};

describe('delivery lease rule', () => {
  it('when the defaults are used, then the lease exceeds the partner timeout cap plus the margin', () => {
    const { delivery } = parseConfig(base);
    expect(delivery.leaseMs).toBeGreaterThan(delivery.partnerTimeoutCapMs + delivery.leaseMarginMs);
  });

  it.each([
    ['equal to cap + margin', { leaseMs: 25_000, partnerTimeoutCapMs: 20_000, leaseMarginMs: 5_000 }],
    ['shorter than the cap', { leaseMs: 10_000, partnerTimeoutCapMs: 300_000 }],
  ])('when the lease is %s, then the configuration is refused naming delivery.leaseMs', (_what, delivery) => {
    expect(() => parseConfig({ ...base, delivery })).toThrow(
      /- delivery\.leaseMs \(EPIX_DELIVERY_LEASE_MS\): must exceed/,
    );
  });

  it('when the lease exceeds cap + margin by a millisecond, then it is accepted', () => {
    const delivery = { leaseMs: 25_001, partnerTimeoutCapMs: 20_000, leaseMarginMs: 5_000 };
    expect(parseConfig({ ...base, delivery }).delivery.leaseMs).toBe(25_001);
  });
});
