/**
 * An alert channel that POSTs each notification as JSON to a receiver's URL, signed with HMAC-SHA256
 * over the timestamp and the body (see domain/alerts/webhook-signature.ts). Any answer but 2xx, and any
 * network error or timeout, is a failure to retry. The secret never leaves this object.
 */
import type { AlertChannel } from '../domain/alerts/alert-channel';
import type { AlertNotification } from '../domain/alerts/alert-notification';
import {
  signWebhook,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from '../domain/alerts/webhook-signature';

export interface WebhookAlertChannelOptions {
  name: string;
  url: string;
  secret: string;
  timeoutMs: number;
  /** Our country, sent in the body so one receiver can serve several gateways. */
  country: string;
}

/** The JSON body a receiver gets. */
export function webhookBody(notification: AlertNotification, deliveryId: string, country: string): string {
  return JSON.stringify({
    deliveryId,
    gateway: country,
    notificationId: notification.id,
    alert: {
      id: notification.alertId,
      kind: notification.kind,
      severity: notification.severity,
      subject: notification.subject,
      message: notification.message,
      at: notification.at.toISOString(),
      details: notification.details,
    },
  });
}

export class WebhookAlertChannel implements AlertChannel {
  readonly name: string;
  readonly #secret: string;

  constructor(private readonly options: WebhookAlertChannelOptions) {
    if (!/^https?:\/\//.test(options.url)) throw new Error('WebhookAlertChannel: url must be http(s)');
    if (options.secret.length < 16)
      throw new Error('WebhookAlertChannel: secret must have 16 characters or more');
    this.name = options.name;
    this.#secret = options.secret;
  }

  async send(notification: AlertNotification, deliveryId: string, now: Date): Promise<void> {
    const body = webhookBody(notification, deliveryId, this.options.country);
    const timestamp = Math.floor(now.getTime() / 1000);
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(this.#secret, timestamp, body),
        [WEBHOOK_DELIVERY_HEADER]: deliveryId,
      },
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs),
      redirect: 'error',
    });
    // Read (and drop) the answer so the connection can be reused.
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
