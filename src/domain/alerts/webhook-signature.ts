/**
 * Signature of alert webhooks: HMAC-SHA256 with the channel's shared secret over `<timestamp>.<body>`,
 * sent as `X-Epix-Signature: v1=<hex>` with `X-Epix-Timestamp: <unix seconds>`. A receiver recomputes
 * it over the raw body and refuses timestamps outside its replay window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'x-epix-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-epix-timestamp';
export const WEBHOOK_DELIVERY_HEADER = 'x-epix-delivery';

/** `v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `v1=${mac}`;
}

export type WebhookCheck = { ok: true } | { ok: false; reason: 'signature' | 'replay-window' };

/** What a receiver does: the signature must match and the timestamp be within `windowSeconds` of now. */
export function verifyWebhook(
  secret: string,
  headers: { signature: string; timestamp: string },
  body: string,
  now: Date,
  windowSeconds: number,
): WebhookCheck {
  const timestamp = Number(headers.timestamp);
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature' };
  }
  if (!Number.isFinite(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > windowSeconds) {
    return { ok: false, reason: 'replay-window' };
  }
  return { ok: true };
}
