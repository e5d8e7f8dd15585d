/**
 * The port the exchange flows store messages through. MongoMessageRepository implements it in production;
 * an in-memory twin implements it for fast flow tests, and one contract suite holds both to the same rules
 * (test/contract/message-repository.contract.ts).
 */
import type { DeliveryAttempt } from './message';
import type { ExchangeMessage, InboundMessage, OutboundMessage } from './records';

/** What a sweep learns of one open record. */
export type OpenRecordCheck =
  /** Due: hand it back to its queue (outbound by messageId, inbound by record id). */
  | { recordId: string; direction: 'outbound' | 'inbound'; messageId: string; due: true }
  /** Not due; `recheckAt` when the record says when it will be (a retry time, a lease's end). */
  | { recordId: string; direction: 'outbound' | 'inbound'; messageId: string; due: false; recheckAt?: Date };

/**
 * Outbound states with no work left: a record in one is closed (its open marker removed), unless it still
 * carries a pending alert (closed by the sweep after the alert is raised).
 */
export const TERMINAL_OUTBOUND_STATES: ReadonlySet<string> = new Set(['DELIVERED', 'FAILED']);

/** Fields of an outbound record that `updateOutbound` and `completeAttempt` can remove. */
export type OutboundUnsetField = 'nextAttemptAt' | 'leaseUntil' | 'failure' | 'pendingAlert';

/** Whether a write of `changes` leaves the record with no work left, so its open marker can go. */
export function closesOutbound(changes: Partial<Pick<OutboundMessage, 'state' | 'pendingAlert'>>): boolean {
  return changes.state !== undefined && TERMINAL_OUTBOUND_STATES.has(changes.state) && !changes.pendingAlert;
}

/**
 * The sweeper's rules for one record, as every store applies them in `checkOpen`; null when the record has
 * no work left. Outbound: QUEUED or RETRY_WAIT past its time with no publish since `staleBefore`, or SENDING
 * with an expired lease, is due; a retry time or live lease still ahead says when to look again; FAILED
 * with a pending alert last written before `staleBefore` is due (its worker stopped before raising it).
 * Inbound: RECEIVED, unprocessed and older than `staleBefore` is due.
 */
export function openRecordCheck(
  recordId: string,
  record: ExchangeMessage,
  now: Date,
  staleBefore: Date,
): OpenRecordCheck | null {
  const base = { recordId, direction: record.direction, messageId: record.messageId };
  if (record.direction === 'inbound') {
    if (record.state !== 'RECEIVED' || record.processedAt) return null;
    return { ...base, due: record.receivedAt < staleBefore };
  }
  const publishedLongAgo = !record.publishedAt || record.publishedAt < staleBefore;
  switch (record.state) {
    case 'QUEUED':
      return { ...base, due: publishedLongAgo };
    case 'RETRY_WAIT':
      if (record.nextAttemptAt && record.nextAttemptAt > now) {
        return { ...base, due: false, recheckAt: new Date(record.nextAttemptAt) };
      }
      return { ...base, due: publishedLongAgo };
    case 'SENDING':
      if (record.leaseUntil && record.leaseUntil > now) {
        return { ...base, due: false, recheckAt: new Date(record.leaseUntil) };
      }
      return { ...base, due: true };
    case 'FAILED':
      if (!record.pendingAlert) return null;
      if (record.updatedAt >= staleBefore) {
        // The worker that wrote FAILED is raising the alert right now; look again once that is stale.
        return {
          ...base,
          due: false,
          recheckAt: new Date(record.updatedAt.getTime() + (now.getTime() - staleBefore.getTime())),
        };
      }
      return { ...base, due: true };
    default:
      return null;
  }
}

export interface MessageFilter {
  direction?: 'outbound' | 'inbound';
  state?: string;
  partner?: string;
  documentType?: string;
  permitKey?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  /** Keyset paging: only records created before this time (the previous page's last record's time). */
  before?: Date;
  /**
   * With `before`: the previous page's last record key (recordKeyOf). Records created at that very time then
   * come after it in key order, so a page boundary inside one millisecond neither skips nor repeats a record.
   */
  beforeKey?: string;
}

/** The record id of an accepted inbound message: one per partner and message id (the de-duplication key). */
export const inboundKey = (partner: string, messageId: string): string => `in:${partner}:${messageId}`;

/** The record id of an outbound message (what listOpen and checkOpen name it by). */
export const outboundKey = (messageId: string): string => `out:${messageId}`;

/** The record key of any message: the tie-break of search's newest-first order and its `beforeKey`. */
export const recordKeyOf = (message: ExchangeMessage): string =>
  message.direction === 'outbound' ? outboundKey(message.messageId) : message.id;

export interface MessageRepository {
  // ---- outbound

  /** Stores a new outbound message; false (and nothing changed) when one with this id exists already. */
  insertOutbound(message: OutboundMessage): Promise<boolean>;
  /** The whole record, signed envelope and receipt text included. */
  findOutbound(messageId: string): Promise<OutboundMessage | null>;
  /** The record without its large texts (envelopeXml is empty, the receipt has no signedXml). */
  findOutboundState(messageId: string): Promise<OutboundMessage | null>;
  /** The signed envelope stored with the record's digest, as sent on every attempt. */
  findEnvelope(message: Pick<OutboundMessage, 'messageId' | 'digest'>): Promise<string | null>;
  /**
   * Applies `changes` to an outbound record (only its current claim owner, or a resend, calls this) and
   * removes the `unset` fields. A terminal state (DELIVERED, FAILED) closes the record, unless the same write
   * sets a pending alert (then the sweep closes it once the alert is gone); QUEUED opens it again.
   */
  updateOutbound(
    messageId: string,
    changes: Partial<Omit<OutboundMessage, 'messageId' | 'direction'>>,
    unset?: OutboundUnsetField[],
  ): Promise<void>;
  /**
   * Claims the next delivery attempt of a message for `owner`: the attempt number, or null when another
   * worker holds an unfinished, unexpired lease or won the race for the same attempt. `knownAttempts` (the
   * attempts on the record) is a hint: 0 tries attempt 1 first.
   */
  claim(
    messageId: string,
    owner: string,
    now: Date,
    leaseMs: number,
    knownAttempts?: number,
  ): Promise<number | null>;
  /** Releases a claim, so the next attempt can be claimed before its lease ends. */
  finishClaim(messageId: string, attempt: number): Promise<void>;
  /**
   * Applies the outcome of attempt `outcome.attempt` (as `updateOutbound` would) only if that attempt still
   * holds the message: no later attempt was claimed. Of a late outcome and the next claim exactly one wins,
   * on every server (a unique-key insert decides, never a conditional update: FerretDB runs updates as
   * read-then-write). False when a later attempt took over: the record is left alone and `outcome` is kept
   * as a late attempt (findLateAttempts). Once DELIVERED, a record never changes state again, and after a
   * DELIVERED outcome no further attempt can be claimed.
   */
  completeAttempt(
    messageId: string,
    outcome: DeliveryAttempt,
    changes: Partial<Omit<OutboundMessage, 'messageId' | 'direction'>>,
    unset?: OutboundUnsetField[],
  ): Promise<boolean>;
  /** Outcomes of attempts that ended after a later attempt had taken the message over, by attempt. */
  findLateAttempts(messageId: string): Promise<DeliveryAttempt[]>;

  // ---- the sweeper's view

  /** Record ids with work left, opened before `openedBefore`. */
  listOpen(openedBefore: Date): Promise<string[]>;
  /**
   * Whether each open record is due: outbound QUEUED or RETRY_WAIT past its time with no publish since
   * `staleBefore`, or SENDING with an expired lease, or FAILED with a pending alert written before
   * `staleBefore`; inbound RECEIVED, unprocessed and older than `staleBefore`. Records with no work left (or
   * never written) are dropped from the answer and closed.
   */
  checkOpen(recordIds: readonly string[], now: Date, staleBefore: Date): Promise<OpenRecordCheck[]>;

  // ---- inbound

  /** Stores an inbound record; false (and nothing changed) when a record with its id exists already. */
  insertInbound(message: InboundMessage): Promise<boolean>;
  findInbound(partner: string, messageId: string): Promise<InboundMessage | null>;
  /** Marks an inbound record processed (it has no work left). */
  markProcessed(id: string, at: Date): Promise<void>;

  // ---- both

  /** A record by its id (inbound record id, or outbound record id as from `outboundKey`). */
  findById(id: string): Promise<ExchangeMessage | null>;
  /** Any record with this message id: our own outbound one alone if there is one, else the inbound ones. */
  findByMessageId(messageId: string): Promise<ExchangeMessage[]>;
  /** Records matching `filter`, newest first, at most `limit` (default 50, at most 500). */
  search(filter: MessageFilter): Promise<ExchangeMessage[]>;
  /** How many records of one direction are in each state. */
  countByState(direction: 'outbound' | 'inbound'): Promise<Record<string, number>>;
}
