/**
 * The outbox: how any outbound exchange message (permit, cancellation, replacement, usage confirmation)
 * leaves this gateway. The envelope is signed, stored in MongoDB as QUEUED, and only then its id is handed
 * to RabbitMQ. If the publish fails the record is still there and the sweeper publishes it later, so a
 * crash or a broker outage between the two steps loses nothing.
 */
import { randomUUID } from 'node:crypto';
import type { MessageHeader } from '../domain/exchange/message';
import { sha256Base64, toEnvelopeXml, type EnvelopeBody } from '../domain/exchange/envelope-xml';
import type { DocumentType } from '../domain/exchange/message';
import type { MessageRepository } from '../domain/exchange/message-repository';
import type { OutboundMessage } from '../domain/exchange/records';
import type { Clock } from '../domain/ports';
import type { XmlSigner } from '../domain/signing/xml-signer';
import type { Logger } from '../logging/logger';
import type { ExchangeQueue } from '../domain/exchange/exchange-queue';

export interface OutboxDeps {
  country: string;
  signer: XmlSigner;
  messages: Pick<MessageRepository, 'findOutbound' | 'insertOutbound'>;
  queue: ExchangeQueue;
  clock: Clock;
  logger: Logger;
}

export interface OutboxEntry {
  to: string;
  documentType: DocumentType;
  permitKey: string;
  body: EnvelopeBody;
  /** A caller-chosen id makes the enqueue idempotent (a retried call finds the message already stored). */
  messageId?: string;
  /** The caller knows no message with this id can exist yet (it just created the id): skip the lookup. */
  newId?: boolean;
}

export class Outbox {
  constructor(private readonly deps: OutboxDeps) {}

  /** Signs, stores (QUEUED) and publishes one message; returns the stored record. */
  async enqueue(entry: OutboxEntry): Promise<OutboundMessage> {
    const { deps } = this;
    const messageId = entry.messageId ?? randomUUID();
    if (entry.messageId !== undefined && !entry.newId) {
      const existing = await deps.messages.findOutbound(messageId);
      if (existing) return existing;
    }
    const now = deps.clock.now();
    const header: MessageHeader = {
      messageId,
      from: deps.country,
      to: entry.to,
      documentType: entry.documentType,
      permitKey: entry.permitKey,
      createdAt: now,
    };
    const envelopeXml = await deps.signer.sign(toEnvelopeXml(header, entry.body));
    const message: OutboundMessage = {
      messageId,
      direction: 'outbound',
      partner: entry.to,
      documentType: entry.documentType,
      permitKey: entry.permitKey,
      state: 'QUEUED',
      envelopeXml,
      digest: sha256Base64(Buffer.from(envelopeXml, 'utf8')),
      attempts: [],
      createdAt: now,
      updatedAt: now,
      // Set before the publish: if the publish fails, the sweeper sees an old publishedAt and retries it.
      publishedAt: now,
    };
    if (!(await deps.messages.insertOutbound(message))) {
      return (await deps.messages.findOutbound(messageId)) ?? message;
    }
    await this.publish(messageId);
    return message;
  }

  /** Publishes an id; a broker failure is logged, not thrown: the record is durable and the sweeper retries. */
  async publish(messageId: string): Promise<void> {
    try {
      await this.deps.queue.publishOutbound(messageId);
    } catch (error) {
      this.deps.logger.warn('outbound publish failed; the sweeper will publish it again', {
        messageId,
        error: (error as Error).message,
      });
    }
  }
}
