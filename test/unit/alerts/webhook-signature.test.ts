import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from '../../../src/domain/alerts/webhook-signature';

const secret = 'a-shared-secret-of-32-characters';
const body = '{"alert":{"id":"x"}}';
const now = new Date('2026-06-01T12:00:00Z');
const ts = now.getTime() / 1000;

describe('webhook signature', () => {
  test('when signed, then it is v1= and the HMAC-SHA256 of "timestamp.body" as any receiver computes it', () => {
    const independent = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(signWebhook(secret, ts, body)).toBe(`v1=${independent}`);
  });

  test('when the body, the timestamp or the secret differ, then the check fails on the signature', () => {
    const signature = signWebhook(secret, ts, body);
    const check = (s: string, t: number, b: string) =>
      verifyWebhook(s, { signature, timestamp: String(t) }, b, now, 300);
    expect(check(secret, ts, body)).toEqual({ ok: true });
    expect(check(secret, ts, body.replace('x', 'y'))).toEqual({ ok: false, reason: 'signature' });
    expect(check(secret, ts + 1, body)).toEqual({ ok: false, reason: 'signature' });
    expect(check(`${secret}!`, ts, body)).toEqual({ ok: false, reason: 'signature' });
  });

  test('when a correctly signed request is replayed after the window, then the check fails on the window', () => {
    const old = ts - 301;
    const signature = signWebhook(secret, old, body);
    expect(verifyWebhook(secret, { signature, timestamp: String(old) }, body, now, 300)).toEqual({
      ok: false,
      reason: 'replay-window',
    });
  });
});
