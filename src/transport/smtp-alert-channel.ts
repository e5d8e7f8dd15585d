/**
 * An alert channel that e-mails each notification over SMTP with nodemailer (a well-kept mail library:
 * STARTTLS, authentication, pooling). A refused message or a connection failure rejects, so the delivery
 * is retried; the Message-ID is derived from the delivery id, so a mailbox can de-duplicate a resend.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { createHash } from 'node:crypto';
import type { AlertChannel } from '../domain/alerts/alert-channel';
import type { AlertNotification } from '../domain/alerts/alert-notification';

export interface SmtpAlertChannelOptions {
  name: string;
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  user?: string;
  password?: string;
  from: string;
  to: readonly string[];
  timeoutMs: number;
  country: string;
}

/** Subject and plain-text body of the mail for one notification. */
export function alertMail(
  notification: AlertNotification,
  country: string,
): { subject: string; text: string } {
  const subject = `[EPIX ${country}] ${notification.severity.toUpperCase()} ${notification.kind}: ${notification.subject}`;
  const text = [
    notification.message,
    '',
    `Alert:    ${notification.alertId}`,
    `Kind:     ${notification.kind}`,
    `Severity: ${notification.severity}`,
    `Since:    ${notification.at.toISOString()}`,
    '',
    JSON.stringify(notification.details, null, 2),
  ].join('\n');
  return { subject, text };
}

export class SmtpAlertChannel implements AlertChannel {
  readonly name: string;
  private readonly transporter: Transporter;

  constructor(private readonly options: SmtpAlertChannelOptions) {
    if (options.to.length === 0) throw new Error('SmtpAlertChannel: name at least one recipient');
    this.name = options.name;
    this.transporter = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      requireTLS: options.requireTls,
      ...(options.user !== undefined && { auth: { user: options.user, pass: options.password ?? '' } }),
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
  }

  async send(notification: AlertNotification, deliveryId: string): Promise<void> {
    const { subject, text } = alertMail(notification, this.options.country);
    const messageId = `<${createHash('sha256').update(deliveryId).digest('hex').slice(0, 32)}@epix.alerts>`;
    await this.transporter.sendMail({
      from: this.options.from,
      to: [...this.options.to],
      subject,
      text,
      messageId,
      headers: { 'X-Epix-Delivery': deliveryId },
    });
  }

  close(): Promise<void> {
    this.transporter.close();
    return Promise.resolve();
  }
}
