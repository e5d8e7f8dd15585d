/** The records the exchange keeps: one per message and direction, plus the permits on each side. */
import type { DeliveryAttempt, DocumentType, InboundState, OutboundState, ReceiptStatus } from './message';

export interface ReceiptSummary {
  receiptId: string;
  status: ReceiptStatus;
  code?: string;
  reason?: string;
  warnings: Array<{ code: string; message: string }>;
  receivedDigest: string;
  receivedAt: Date;
  /** The receipt exactly as signed by the receiver. */
  signedXml: string;
}

export interface OutboundMessage {
  messageId: string;
  direction: 'outbound';
  partner: string;
  documentType: DocumentType;
  permitKey: string;
  state: OutboundState;
  /** The signed envelope, exactly as sent on every attempt. */
  envelopeXml: string;
  /** Base64 SHA-256 of envelopeXml's UTF-8 bytes; the receipt must carry the same digest. */
  digest: string;
  attempts: DeliveryAttempt[];
  createdAt: Date;
  updatedAt: Date;
  /** When the id was last handed to RabbitMQ (the sweeper re-publishes what stays unclaimed too long). */
  publishedAt?: Date;
  nextAttemptAt?: Date;
  leaseUntil?: Date;
  receipt?: ReceiptSummary;
  failure?: { code: string; message: string };
}

export interface InboundMessage {
  /** Partner + message id for accepted messages (the de-duplication key); a fresh id for rejected ones. */
  id: string;
  messageId: string;
  direction: 'inbound';
  partner: string;
  documentType?: DocumentType;
  permitKey?: string;
  state: InboundState;
  receivedAt: Date;
  /** Archive entry holding the exact bytes received. */
  archiveId: string;
  digest: string;
  receipt: ReceiptSummary;
  /** Heavier processing (permit status updates ...) done from the inbound queue. */
  processedAt?: Date;
}

export type ExchangeMessage = OutboundMessage | InboundMessage;
