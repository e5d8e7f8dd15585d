/** The records the exchange keeps: one per message and direction, plus the permits on each side. */
import type { NewAlert } from '../alerts/alert';
import type { UsageConfirmation } from './permit-records';
import type {
  DeliveryAttempt,
  Receipt,
  DocumentType,
  InboundState,
  OutboundState,
  ReceiptStatus,
} from './message';

export interface ReceiptSummary {
  receiptId: string;
  status: ReceiptStatus;
  code?: string;
  reason?: string;
  warnings: Array<{ code: string; message: string }>;
  receivedDigest: string;
  receivedAt: Date;
  /** The receipt exactly as signed by the receiver (absent in list views, which leave large texts out). */
  signedXml?: string;
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
  /** Set by an administrator's resend: the retry budget counts attempts from here. */
  resentAt?: Date;
  receipt?: ReceiptSummary;
  failure?: { code: string; message: string };
  /**
   * The alert a FAILED outcome raises, written in the same write as FAILED and removed once the alert is
   * stored. A worker that stops in between leaves it here; the record then stays open, and the sweeper
   * hands the message back so the next worker raises it (the alert's key makes that once-only).
   */
  pendingAlert?: NewAlert;
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
  /** What the inbound queue still has to apply (lifecycle messages); absent for plain permits. */
  action?: InboundAction;
  /** Heavier processing (permit status updates ...) done from the inbound queue. */
  processedAt?: Date;
  /** For REJECTED: the code sent in the receipt. */
  failure?: { code: string; message: string };
}

/** The part of a verified lifecycle message that the inbound queue applies to stored permits. */
export type InboundAction =
  | { kind: 'cancellation'; permitKey: string; reason: string; cancelledAt: Date }
  | { kind: 'replacement'; permitKey: string; replaces: string }
  | { kind: 'usage-confirmation'; permitKey: string; usage: UsageConfirmation };

export type ExchangeMessage = OutboundMessage | InboundMessage;

/** What both sides keep of a receipt: its fields (without the parties, known from the message) and its signed text. */
export function toReceiptSummary(
  receipt: Receipt,
  signedXml: string,
): ReceiptSummary & { signedXml: string } {
  return {
    receiptId: receipt.receiptId,
    status: receipt.status,
    ...(receipt.code !== undefined && { code: receipt.code }),
    ...(receipt.reason !== undefined && { reason: receipt.reason }),
    warnings: receipt.warnings,
    receivedDigest: receipt.receivedDigest,
    receivedAt: receipt.receivedAt,
    signedXml,
  };
}
