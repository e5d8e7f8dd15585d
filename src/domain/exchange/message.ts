/**
 * Exchanged messages: what travels between two countries' gateways, and the states each side records.
 *
 * Every message is an XML envelope signed by the sending gateway, so that none of its header fields
 * (id, from, to, type, permit key, time) can be changed or the message replayed to another country.
 */
import { createHash } from 'node:crypto';

export const DOCUMENT_TYPES = ['permit', 'cancellation', 'replacement', 'usage-confirmation'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export function isDocumentType(value: string): value is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(value);
}

/** Outbound: QUEUED → SENDING → DELIVERED, or → RETRY_WAIT → SENDING ..., or → FAILED. */
export const OUTBOUND_STATES = ['QUEUED', 'SENDING', 'RETRY_WAIT', 'DELIVERED', 'FAILED'] as const;
export type OutboundState = (typeof OUTBOUND_STATES)[number];

/** Inbound: RECEIVED (accepted, receipt sent) or REJECTED (with the code sent in the receipt). */
export const INBOUND_STATES = ['RECEIVED', 'REJECTED'] as const;
export type InboundState = (typeof INBOUND_STATES)[number];

export interface MessageHeader {
  messageId: string;
  from: string;
  to: string;
  documentType: DocumentType;
  /** Issuing country + permit number + issue year of the permit the message is about. */
  permitKey: string;
  createdAt: Date;
}

/** Receipt statuses, modelled on the SPS acknowledgement (accepted, accepted with warnings, rejected). */
export const RECEIPT_STATUSES = ['ACCEPTED', 'ACCEPTED_WITH_WARNINGS', 'REJECTED'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

export interface Receipt {
  receiptId: string;
  /** The message id this receipt answers. */
  refToMessageId: string;
  /** The receiving country (the receipt's signer). */
  from: string;
  /** The sending country. */
  to: string;
  status: ReceiptStatus;
  /** Set when REJECTED: a stable error code. */
  code?: string;
  reason?: string;
  warnings: Array<{ code: string; message: string }>;
  /** Base64 SHA-256 of the exact bytes received. */
  receivedDigest: string;
  receivedAt: Date;
}

export interface DeliveryAttempt {
  attempt: number;
  startedAt: Date;
  endedAt?: Date;
  outcome: 'delivered' | 'rejected' | 'transient-failure' | 'permanent-failure' | 'in-progress';
  httpStatus?: number;
  code?: string;
  error?: string;
}

/**
 * A UUID (version 8, RFC 9562 custom) derived from its parts, for messages that must be sent at most once
 * whatever the number of calls: the outbox stores one message per id.
 */
export function deterministicMessageId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
