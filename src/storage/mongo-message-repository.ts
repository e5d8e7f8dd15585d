/**
 * Exchanged messages in MongoDB, both directions in one collection so one search serves the admin console.
 *
 * Claims rest on unique-index inserts (collection delivery_claims, key messageId + attempt), never on a
 * conditional update: the test database (FerretDB) runs an update as read-then-write, so only an insert
 * is atomic on every server we support.
 *
 * Records with work left carry a marker in `open_messages` (outbound: until DELIVERED or FAILED; inbound:
 * until processed), so the sweeper reads that small collection and then each open record by primary key,
 * instead of querying the whole message history (FerretDB answers every query but a primary-key lookup by
 * scanning the collection). A marker is written before the record changes into an open state and removed
 * after it leaves it, so a crash in between leaves an extra marker, which the next sweep removes.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { DeliveryAttempt } from '../domain/exchange/message';
import {
  closesOutbound,
  inboundKey,
  openRecordCheck,
  outboundKey,
  type MessageFilter,
  type MessageRepository,
  type OpenRecordCheck,
  type OutboundUnsetField,
} from '../domain/exchange/message-repository';
import type { NewAlert } from '../domain/alerts/alert';
import type {
  ExchangeMessage,
  InboundAction,
  InboundMessage,
  OutboundMessage,
  ReceiptSummary,
} from '../domain/exchange/records';
import { groupInsertOf, type GroupInsert } from './group-insert';
import { afterPosition, newestFirstSort } from './newest-first';

interface MessageDoc {
  _id: string;
  messageId: string;
  direction: 'outbound' | 'inbound';
  partner: string;
  documentType?: string;
  permitKey?: string;
  state: string;
  envelopeXml?: string;
  digest: string;
  attempts?: DeliveryAttempt[];
  createdAt: Date;
  updatedAt: Date;
  publishedAt?: Date;
  nextAttemptAt?: Date;
  leaseUntil?: Date;
  resentAt?: Date;
  receipt?: ReceiptSummary;
  failure?: { code: string; message: string };
  pendingAlert?: NewAlert;
  archiveId?: string;
  processedAt?: Date;
  action?: InboundAction;
}

interface ClaimDoc {
  _id: string;
  messageId: string;
  attempt: number;
  owner: string;
  claimedAt: Date;
  leaseUntil: Date;
  finished: boolean;
  /** The outcome of this attempt when it ended after a later attempt had taken over. */
  late?: DeliveryAttempt;
}

const messageSchema = new Schema<MessageDoc>(
  {
    _id: String,
    messageId: { type: String, required: true },
    direction: { type: String, required: true },
    partner: { type: String, required: true },
    documentType: String,
    permitKey: String,
    state: { type: String, required: true },
    envelopeXml: String,
    digest: { type: String, required: true },
    attempts: { type: [Schema.Types.Mixed], default: undefined },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    publishedAt: Date,
    nextAttemptAt: Date,
    leaseUntil: Date,
    resentAt: Date,
    receipt: Schema.Types.Mixed,
    failure: Schema.Types.Mixed,
    pendingAlert: Schema.Types.Mixed,
    archiveId: String,
    processedAt: Date,
    action: Schema.Types.Mixed,
  },
  { collection: 'messages', versionKey: false, minimize: true },
);
messageSchema.index({ direction: 1, state: 1, createdAt: -1 });
messageSchema.index({ permitKey: 1 });
messageSchema.index({ partner: 1, createdAt: -1 });

/**
 * Large texts (signed envelopes, signed receipts), written once and never updated. They live apart from the
 * message records, which change state several times each: an update rewrites the whole document (FerretDB
 * decodes and re-encodes it as JSON), so keeping the records at ~1 KB keeps the frequent updates cheap.
 */
interface BlobDoc {
  _id: string;
  text: string;
}

const blobSchema = new Schema<BlobDoc>(
  { _id: String, text: { type: String, required: true } },
  { collection: 'message_blobs', versionKey: false },
);

/**
 * Keyed by digest too: a retried enqueue that signs the envelope again (a new CreatedAt) after an earlier
 * try stored only its blob must not pair the new record's digest with the old bytes.
 */
const envelopeKey = (messageId: string, digest: string): string =>
  `${outboundKey(messageId)}:envelope:${digest}`;
const receiptKey = (receiptId: string): string => `receipt:${receiptId}`;

/** A record with work left: its _id is the message record's _id. */
interface OpenDoc {
  _id: string;
  since: Date;
}

const openSchema = new Schema<OpenDoc>(
  { _id: String, since: { type: Date, required: true } },
  { collection: 'open_messages', versionKey: false },
);

const claimSchema = new Schema<ClaimDoc>(
  {
    _id: String,
    messageId: { type: String, required: true },
    attempt: { type: Number, required: true },
    owner: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
    finished: { type: Boolean, required: true },
    late: Schema.Types.Mixed,
  },
  { collection: 'delivery_claims', versionKey: false },
);
claimSchema.index({ messageId: 1, attempt: 1 }, { unique: true });

/**
 * Who took over from attempt N (the "turn" after it): the next claim, or N's own outcome. A unique-key
 * insert, so of a late outcome and the next claim exactly one wins, on FerretDB too. An outcome's turn keeps
 * the changes it applied, so a DELIVERED outcome whose writer stopped before the record write is finished
 * by the next claimer.
 */
interface TurnDoc {
  _id: string;
  by: 'claim' | 'outcome';
  at: Date;
  state?: string;
  changes?: Record<string, unknown>;
  unset?: string[];
}

const turnSchema = new Schema<TurnDoc>(
  {
    _id: String,
    by: { type: String, required: true },
    at: { type: Date, required: true },
    state: String,
    changes: Schema.Types.Mixed,
    unset: { type: [String], default: undefined },
  },
  { collection: 'delivery_turns', versionKey: false },
);

/** A bounded map of texts, oldest dropped first; `take` hands a text out once. */
class RecentTexts {
  private readonly texts = new Map<string, string>();

  constructor(private readonly max: number) {}

  put(key: string, text: string): void {
    this.texts.set(key, text);
    if (this.texts.size > this.max) this.texts.delete(this.texts.keys().next().value!);
  }

  take(key: string): string | undefined {
    const text = this.texts.get(key);
    this.texts.delete(key);
    return text;
  }
}

/** The query of a search: its filters, and the keyset page below (`before`, `beforeKey`) in (createdAt, _id) order. */
function searchQuery(filter: MessageFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const field of ['direction', 'state', 'partner', 'documentType', 'permitKey'] as const)
    if (filter[field]) query[field] = filter[field];
  const createdAt: Record<string, Date> = {};
  if (filter.from) createdAt.$gte = filter.from;
  if (filter.to) createdAt.$lt = filter.to;
  if (filter.before && !filter.beforeKey && (!filter.to || filter.before < filter.to))
    createdAt.$lt = filter.before;
  if (Object.keys(createdAt).length) query.createdAt = createdAt;
  if (filter.before && filter.beforeKey)
    Object.assign(query, afterPosition('createdAt', filter.before, filter.beforeKey));
  return query;
}

type OutboundChanges = Partial<Omit<OutboundMessage, 'messageId' | 'direction'>>;
type UnsetField = OutboundUnsetField;

function toRecord(doc: MessageDoc): ExchangeMessage {
  if (doc.direction === 'outbound') {
    return {
      messageId: doc.messageId,
      direction: 'outbound',
      partner: doc.partner,
      documentType: doc.documentType as OutboundMessage['documentType'],
      permitKey: doc.permitKey ?? '',
      state: doc.state as OutboundMessage['state'],
      envelopeXml: doc.envelopeXml ?? '',
      digest: doc.digest,
      attempts: doc.attempts ?? [],
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
      ...(doc.publishedAt && { publishedAt: doc.publishedAt }),
      ...(doc.nextAttemptAt && { nextAttemptAt: doc.nextAttemptAt }),
      ...(doc.leaseUntil && { leaseUntil: doc.leaseUntil }),
      ...(doc.resentAt && { resentAt: doc.resentAt }),
      ...(doc.receipt && { receipt: doc.receipt }),
      ...(doc.failure && { failure: doc.failure }),
      ...(doc.pendingAlert && { pendingAlert: doc.pendingAlert }),
    };
  }
  return {
    id: doc._id,
    messageId: doc.messageId,
    direction: 'inbound',
    partner: doc.partner,
    ...(doc.documentType && { documentType: doc.documentType as InboundMessage['documentType'] }),
    ...(doc.permitKey && { permitKey: doc.permitKey }),
    state: doc.state as InboundMessage['state'],
    receivedAt: doc.createdAt,
    archiveId: doc.archiveId ?? '',
    digest: doc.digest,
    receipt: doc.receipt as ReceiptSummary,
    ...(doc.action && { action: doc.action }),
    ...(doc.failure && { failure: doc.failure }),
    ...(doc.processedAt && { processedAt: doc.processedAt }),
  };
}

export class MongoMessageRepository implements MessageRepository {
  private readonly messages: Model<MessageDoc>;
  private readonly claims: Model<ClaimDoc>;
  private readonly blobs: Model<BlobDoc>;
  private readonly open: Model<OpenDoc>;
  private readonly turns: Model<TurnDoc>;
  // every insert of the exchange's hot path goes through a group commit (group-insert.ts)
  private readonly insertMessage: GroupInsert<Partial<MessageDoc>>;
  private readonly insertClaim: GroupInsert<Partial<ClaimDoc>>;
  private readonly insertBlob: GroupInsert<Partial<BlobDoc>>;
  private readonly insertOpen: GroupInsert<Partial<OpenDoc>>;
  private readonly insertTurnDoc: GroupInsert<Partial<TurnDoc>>;

  /**
   * Envelopes this instance stored lately, until their first delivery reads them: the delivery that follows
   * an enqueue on the same instance needs no read. Safe to keep: a blob is written once and its key holds
   * the digest of its text.
   */
  private readonly recentEnvelopes = new RecentTexts(1024);

  constructor(connection: Connection) {
    this.messages = connection.models.Message ?? connection.model<MessageDoc>('Message', messageSchema);
    this.claims = connection.models.DeliveryClaim ?? connection.model<ClaimDoc>('DeliveryClaim', claimSchema);
    this.blobs = connection.models.MessageBlob ?? connection.model<BlobDoc>('MessageBlob', blobSchema);
    this.open = connection.models.OpenMessage ?? connection.model<OpenDoc>('OpenMessage', openSchema);
    this.turns = connection.models.DeliveryTurn ?? connection.model<TurnDoc>('DeliveryTurn', turnSchema);
    this.insertMessage = groupInsertOf(this.messages);
    this.insertClaim = groupInsertOf(this.claims);
    this.insertBlob = groupInsertOf(this.blobs);
    this.insertOpen = groupInsertOf(this.open);
    this.insertTurnDoc = groupInsertOf(this.turns);
  }

  async init(): Promise<void> {
    await this.messages.createIndexes();
    await this.claims.createIndexes();
  }

  /** Stores a write-once text; a second write of the same key (a retried call) is a no-op. */
  private async putBlob(id: string, text: string): Promise<void> {
    await this.insertBlob.insert({ _id: id, text });
  }

  /** Marks a record as having work left (idempotent). */
  private async markOpen(recordId: string, since: Date): Promise<void> {
    await this.insertOpen.insert({ _id: recordId, since });
  }

  private async markClosed(recordId: string): Promise<void> {
    await this.open.deleteOne({ _id: recordId });
  }

  private async getBlob(id: string): Promise<string | undefined> {
    return (await this.blobs.findById(id).lean<BlobDoc>())?.text;
  }

  /** The record with its large texts: the signed envelope and the receipt's signed XML. */
  private async withTexts(message: OutboundMessage): Promise<OutboundMessage> {
    const [envelopeXml, receiptXml] = await Promise.all([
      this.getBlob(envelopeKey(message.messageId, message.digest)),
      message.receipt ? this.getBlob(receiptKey(message.receipt.receiptId)) : undefined,
    ]);
    return {
      ...message,
      envelopeXml: envelopeXml ?? '',
      ...(message.receipt &&
        receiptXml !== undefined && { receipt: { ...message.receipt, signedXml: receiptXml } }),
    };
  }

  // ---- outbound

  /** Stores a new outbound message; false when one with this id exists already. */
  async insertOutbound(message: OutboundMessage): Promise<boolean> {
    const { envelopeXml, ...record } = message;
    const key = envelopeKey(message.messageId, message.digest);
    // both before the record: no record without its envelope, no open record without its marker
    await Promise.all([
      this.putBlob(key, envelopeXml).then(() => this.recentEnvelopes.put(key, envelopeXml)),
      this.markOpen(outboundKey(message.messageId), message.createdAt),
    ]);
    return this.insertMessage.insert({ _id: outboundKey(message.messageId), ...record });
  }

  /** The whole record, signed envelope and receipt included. */
  async findOutbound(messageId: string): Promise<OutboundMessage | null> {
    const message = await this.findOutboundState(messageId);
    return message ? this.withTexts(message) : null;
  }

  /** The record without its large texts (envelopeXml is empty, the receipt has no signedXml). */
  async findOutboundState(messageId: string): Promise<OutboundMessage | null> {
    const doc = await this.messages.findById(outboundKey(messageId)).lean<MessageDoc>();
    return doc ? (toRecord(doc) as OutboundMessage) : null;
  }

  /** The signed envelope of an outbound message (the one with the record's digest), as sent on every attempt. */
  async findEnvelope(message: Pick<OutboundMessage, 'messageId' | 'digest'>): Promise<string | null> {
    const key = envelopeKey(message.messageId, message.digest);
    return this.recentEnvelopes.take(key) ?? (await this.getBlob(key)) ?? null;
  }

  /** Applies `changes` to an outbound record (only its current claim owner calls this). */
  async updateOutbound(messageId: string, changes: OutboundChanges, unset: UnsetField[] = []): Promise<void> {
    await this.applyOutbound(messageId, await this.storeReceiptText(changes), unset);
  }

  /** Stores a receipt's signed text apart (write-once) and returns the changes with its summary only. */
  private async storeReceiptText(changes: OutboundChanges): Promise<Record<string, unknown>> {
    if (changes.receipt?.signedXml === undefined) return changes;
    const { signedXml, ...summary } = changes.receipt;
    await this.putBlob(receiptKey(summary.receiptId), signedXml);
    return { ...changes, receipt: summary };
  }

  private async applyOutbound(
    messageId: string,
    set: Record<string, unknown>,
    unset: readonly string[],
  ): Promise<void> {
    const update: Record<string, unknown> = {};
    if (Object.keys(set).length) update.$set = set;
    if (unset.length) update.$unset = Object.fromEntries(unset.map((key) => [key, 1]));
    if (!update.$set && !update.$unset) return;
    const key = outboundKey(messageId);
    const state = set.state as string | undefined;
    const closing = closesOutbound(set);
    // Only a resend makes a closed (FAILED) record open again; the other states follow an open one.
    if (state === 'QUEUED') await this.markOpen(key, (set.updatedAt as Date | undefined) ?? new Date());
    // DELIVERED is terminal: nothing but the same DELIVERED write applies to a delivered record.
    const filter = state === 'DELIVERED' ? { _id: key } : { _id: key, state: { $ne: 'DELIVERED' } };
    await this.messages.updateOne(filter, update);
    if (closing) await this.markClosed(key);
    else if (state === undefined && unset.includes('pendingAlert')) await this.closeIfDone(key);
  }

  /** Closes a record whose last work (a pending alert) is done, when its state is terminal. */
  private async closeIfDone(key: string): Promise<void> {
    const doc = await this.messages.findById(key, { state: 1, pendingAlert: 1 }).lean<MessageDoc>();
    if (
      doc &&
      closesOutbound({ state: doc.state as OutboundMessage['state'], pendingAlert: doc.pendingAlert })
    ) {
      await this.markClosed(key);
    }
  }

  async completeAttempt(
    messageId: string,
    outcome: DeliveryAttempt,
    changes: OutboundChanges,
    unset: UnsetField[] = [],
  ): Promise<boolean> {
    const set = await this.storeReceiptText(changes);
    const won = await this.insertTurn({
      _id: `${messageId}:${outcome.attempt}`,
      by: 'outcome',
      at: changes.updatedAt ?? outcome.endedAt ?? new Date(),
      ...(changes.state !== undefined && { state: changes.state }),
      changes: set,
      unset,
    });
    if (!won) {
      await this.claims.updateOne({ _id: `${messageId}:${outcome.attempt}` }, { $set: { late: outcome } });
      return false;
    }
    await this.applyOutbound(messageId, set, unset);
    return true;
  }

  async findLateAttempts(messageId: string): Promise<DeliveryAttempt[]> {
    const docs = await this.claims
      .find({ messageId, late: { $exists: true } })
      .sort({ attempt: 1 })
      .lean<ClaimDoc[]>();
    return docs.flatMap((doc) => (doc.late ? [doc.late] : []));
  }

  private insertTurn(turn: TurnDoc): Promise<boolean> {
    return this.insertTurnDoc.insert(turn);
  }

  /**
   * Takes the turn after attempt `attempt` for the next claim, fencing that attempt's outcome out. True when
   * the next attempt may be claimed: the turn is ours, another claimer's (the claim insert then decides), or
   * the attempt's own non-delivered outcome. After a DELIVERED outcome nothing more is sent; its record write
   * is finished here in case its writer stopped between the two.
   */
  private async passTurn(messageId: string, attempt: number, now: Date): Promise<boolean> {
    const id = `${messageId}:${attempt}`;
    if (await this.insertTurn({ _id: id, by: 'claim', at: now })) return true;
    const turn = await this.turns.findById(id).lean<TurnDoc>();
    if (!turn || turn.by === 'claim' || turn.state !== 'DELIVERED') return true;
    await this.applyOutbound(messageId, turn.changes ?? {}, turn.unset ?? []);
    return false;
  }

  /**
   * Claims the next delivery attempt of a message for `owner`. Returns the attempt number, or null when
   * another worker holds an unexpired lease or won the race for the same attempt.
   *
   * `knownAttempts` (the attempts on the message record) lets the common case, a first attempt, skip a read:
   * claim 1 is inserted directly; only when it exists already is the latest claim read.
   */
  async claim(
    messageId: string,
    owner: string,
    now: Date,
    leaseMs: number,
    knownAttempts = 0,
  ): Promise<number | null> {
    const insert = (attempt: number): Promise<boolean> =>
      this.insertClaim.insert({
        _id: `${messageId}:${attempt}`,
        messageId,
        attempt,
        owner,
        claimedAt: now,
        leaseUntil: new Date(now.getTime() + leaseMs),
        finished: false,
      });
    if (knownAttempts === 0 && (await insert(1))) return 1;
    const latest = await this.claims.findOne({ messageId }).sort({ attempt: -1 }).lean<ClaimDoc>();
    if (latest && !latest.finished && latest.leaseUntil > now) return null;
    if (latest && !(await this.passTurn(messageId, latest.attempt, now))) return null;
    const attempt = (latest?.attempt ?? 0) + 1;
    return (await insert(attempt)) ? attempt : null;
  }

  async finishClaim(messageId: string, attempt: number): Promise<void> {
    await this.claims.updateOne({ _id: `${messageId}:${attempt}` }, { $set: { finished: true } });
  }

  /** Records with work left whose marker is older than `openedBefore` (the sweeper's candidates). */
  async listOpen(openedBefore: Date): Promise<string[]> {
    const docs = await this.open.find({ since: { $lt: openedBefore } }, { _id: 1 }).lean<OpenDoc[]>();
    return docs.map((doc) => doc._id);
  }

  /**
   * Reads each open record by primary key (a few at a time) and says whether it is due: outbound QUEUED or
   * RETRY_WAIT past its time with no publish since `staleBefore`, or SENDING with an expired lease; inbound
   * RECEIVED, unprocessed and older than `staleBefore`. Markers of records that are done (or were never
   * written) are removed here.
   */
  async checkOpen(recordIds: readonly string[], now: Date, staleBefore: Date): Promise<OpenRecordCheck[]> {
    const checks: OpenRecordCheck[] = [];
    for (let i = 0; i < recordIds.length; i += 16) {
      const docs = await Promise.all(
        recordIds.slice(i, i + 16).map((id) => this.messages.findById(id).lean<MessageDoc>()),
      );
      for (const [j, doc] of docs.entries()) {
        const check = doc && openRecordCheck(doc._id, toRecord(doc), now, staleBefore);
        if (check) checks.push(check);
        else await this.markClosed(recordIds[i + j]!);
      }
    }
    return checks;
  }

  // ---- inbound

  /** Stores an accepted inbound message; false when this partner's message id is known already. */
  async insertInbound(message: InboundMessage): Promise<boolean> {
    if (message.state === 'RECEIVED' && !message.processedAt)
      await this.markOpen(message.id, message.receivedAt);
    return this.insertMessage.insert({
      _id: message.id,
      messageId: message.messageId,
      direction: 'inbound',
      partner: message.partner,
      documentType: message.documentType,
      permitKey: message.permitKey,
      state: message.state,
      digest: message.digest,
      createdAt: message.receivedAt,
      updatedAt: message.receivedAt,
      archiveId: message.archiveId,
      receipt: message.receipt,
      action: message.action,
      failure: message.failure,
      processedAt: message.processedAt,
    });
  }

  async findInbound(partner: string, messageId: string): Promise<InboundMessage | null> {
    const doc = await this.messages.findById(inboundKey(partner, messageId)).lean<MessageDoc>();
    return doc ? (toRecord(doc) as InboundMessage) : null;
  }

  async markProcessed(id: string, at: Date): Promise<void> {
    await this.messages.updateOne({ _id: id }, { $set: { processedAt: at, updatedAt: at } });
    await this.markClosed(id);
  }

  // ---- both

  async findById(id: string): Promise<ExchangeMessage | null> {
    const doc = await this.messages.findById(id).lean<MessageDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Any record with this message id (outbound first), for GET /api/v1/messages/:id. Our own outbound id is
   * looked up by primary key; only an inbound id (keyed by partner too) needs a query on messageId.
   */
  async findByMessageId(messageId: string): Promise<ExchangeMessage[]> {
    const own = await this.findOutbound(messageId);
    if (own) return [own];
    const docs = await this.messages.find({ messageId }).sort({ direction: -1 }).lean<MessageDoc[]>();
    return docs.map(toRecord);
  }

  async search(filter: MessageFilter): Promise<ExchangeMessage[]> {
    const docs = await this.messages
      .find(searchQuery(filter))
      .sort(newestFirstSort('createdAt'))
      .limit(Math.min(filter.limit ?? 50, 500))
      .lean<MessageDoc[]>();
    return docs.map(toRecord);
  }

  async countByState(direction: 'outbound' | 'inbound'): Promise<Record<string, number>> {
    const rows = await this.messages.aggregate<{ _id: string; n: number }>([
      { $match: { direction } },
      { $group: { _id: '$state', n: { $sum: 1 } } },
    ]);
    return Object.fromEntries(rows.map((row) => [row._id, row.n]));
  }
}
