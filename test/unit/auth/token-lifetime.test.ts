import {
  assertTokenUsable,
  parseLifetime,
  tokenExpiry,
  tokenStatus,
} from '../../../src/domain/auth/token-lifetime';

const now = new Date('2026-06-01T00:00:00Z');
const policy = { defaultDays: 90, maxDays: 366 };

describe('token lifetime', () => {
  test('when no expiry is chosen, then the token expires after the default lifetime', () => {
    expect(tokenExpiry(now, {}, policy)).toEqual(new Date('2026-08-30T00:00:00Z'));
  });

  test('when expiresIn is given in minutes, hours or days, then the expiry is that far from now', () => {
    expect(parseLifetime('30m')).toBe(1_800_000);
    expect(tokenExpiry(now, { expiresIn: '12h' }, policy)).toEqual(new Date('2026-06-01T12:00:00Z'));
    expect(tokenExpiry(now, { expiresIn: '7d' }, policy)).toEqual(new Date('2026-06-08T00:00:00Z'));
  });

  test.each([['abc'], ['0d'], ['5w'], ['-1d'], ['']])(
    'when expiresIn is %j, then VALIDATION_FAILED',
    (text) => {
      expect(() => tokenExpiry(now, { expiresIn: text }, policy)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    },
  );

  test('when the expiry is in the past, beyond the ceiling, or given twice, then VALIDATION_FAILED', () => {
    for (const choice of [
      { expiresAt: new Date('2026-05-31T23:59:59Z') },
      { expiresAt: now },
      { expiresIn: '367d' },
      { expiresAt: new Date('2027-06-03T00:00:00Z') },
      { expiresIn: '1d', expiresAt: new Date('2026-07-01T00:00:00Z') },
      { expiresAt: new Date('nonsense') },
    ]) {
      expect(() => tokenExpiry(now, choice, policy)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    }
  });

  test('when a token is revoked or past its expiry, then it is refused with the matching code', () => {
    const expiresAt = new Date('2026-06-02T00:00:00Z');
    expect(() => assertTokenUsable({ revoked: false, expiresAt }, now)).not.toThrow();
    expect(() => assertTokenUsable({ revoked: false, expiresAt }, expiresAt)).toThrow(
      expect.objectContaining({ code: 'AUTH_TOKEN_EXPIRED' }),
    );
    expect(() => assertTokenUsable({ revoked: true, expiresAt }, now)).toThrow(
      expect.objectContaining({ code: 'AUTH_TOKEN_REVOKED' }),
    );
    expect([
      tokenStatus({ revoked: false, expiresAt }, now),
      tokenStatus({ revoked: false, expiresAt }, expiresAt),
      tokenStatus({ revoked: true, expiresAt }, now),
    ]).toEqual(['active', 'expired', 'revoked']);
  });
});
