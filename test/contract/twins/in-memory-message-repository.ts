/**
 * MessageRepository in memory, for fast flow tests; held to the same contract as the MongoDB one. It keeps
 * the MongoDB adapter's shape where the shape is observable: large texts apart from the records (envelopes
 * keyed by message id and digest, receipts by receipt id), claims per message and attempt with leases, and
 * open markers written before a record opens and removed after it closes.
 */
import {
  closesOutbound,
  inboundKey,
  openRecordCheck,
  outboundKey,
  recordKeyOf,
  type MessageFilter,
  type MessageRepository,
  type OpenRecordCheck,
  type OutboundUnsetField,
} from '../../../src/domain/exchange/message-repository';
import type { DeliveryAttempt } from '../../../src/domain/exchange/message';
import type { ExchangeMessage, InboundMessage, OutboundMessage } from '../../../src/domain/exchange/records';
import { newestFirst } from './newest-first';

interface Claim {
  attempt: number;
  owner: string;
  leaseUntil: Date;
  finished: boolean;
  late?: DeliveryAttempt;
}

/** Who took over from an attempt: the next claim, or the attempt's own outcome (with what it applied). */
interface Turn {
  by: 'claim' | 'outcome';
  changes?: Partial<Omit<OutboundMessage, 'messageId' | 'direction'>>;
  unset?: OutboundUnsetField[];
}

type Changes = Partial<Omit<OutboundMessage, 'messageId' | 'direction'>>;
type Unset = OutboundUnsetField[];

const envelopeKey = (messageId: string, digest: string): string => `${messageId}:${digest}`;

/** A deep copy without undefined fields (a document store keeps no field whose value is undefined). */
function copy<T extends object>(value: T): T {
  const defined = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return structuredClone(defined) as T;
}

const createdAtOf = (message: ExchangeMessage): Date =>
  message.direction === 'outbound' ? message.createdAt : message.receivedAt;

/** Where `record` stands after the position (at, key) in search's order: > 0 when it comes after. */
const after = (record: ExchangeMessage, at: Date, key: string | undefined): number =>
  newestFirst(createdAtOf(record), recordKeyOf(record), at, key);

export class InMemoryMessageRepository implements MessageRepository {
  /** Records by record id; outbound ones are kept without their envelope text. */
  private readonly records = new Map<string, ExchangeMessage>();
  private readonly envelopes = new Map<string, string>();
  private readonly receiptTexts = new Map<string, string>();
  private readonly claims = new Map<string, Claim[]>();
  /** Record id → when it was opened. */
  private readonly open = new Map<string, Date>();
  /** `${messageId}:${attempt}` → who took over from that attempt. */
  private readonly turns = new Map<string, Turn>();

  private markOpen(recordId: string, since: Date): void {
    if (!this.open.has(recordId)) this.open.set(recordId, new Date(since));
  }

  // ---- outbound

  insertOutbound(message: OutboundMessage): Promise<boolean> {
    const { envelopeXml, ...record } = message;
    const blob = envelopeKey(message.messageId, message.digest);
    if (!this.envelopes.has(blob)) this.envelopes.set(blob, envelopeXml);
    const key = outboundKey(message.messageId);
    this.markOpen(key, message.createdAt);
    if (this.records.has(key)) return Promise.resolve(false);
    this.records.set(key, copy({ ...record, envelopeXml: '' }));
    return Promise.resolve(true);
  }

  async findOutbound(messageId: string): Promise<OutboundMessage | null> {
    const message = await this.findOutboundState(messageId);
    if (!message) return null;
    const receiptXml = message.receipt && this.receiptTexts.get(message.receipt.receiptId);
    return {
      ...message,
      envelopeXml: this.envelopes.get(envelopeKey(message.messageId, message.digest)) ?? '',
      ...(message.receipt &&
        receiptXml !== undefined && { receipt: { ...message.receipt, signedXml: receiptXml } }),
    };
  }

  findOutboundState(messageId: string): Promise<OutboundMessage | null> {
    const record = this.records.get(outboundKey(messageId));
    return Promise.resolve(record?.direction === 'outbound' ? copy(record) : null);
  }

  findEnvelope(message: Pick<OutboundMessage, 'messageId' | 'digest'>): Promise<string | null> {
    return Promise.resolve(this.envelopes.get(envelopeKey(message.messageId, message.digest)) ?? null);
  }

  updateOutbound(
    messageId: string,
    changes: Partial<Omit<OutboundMessage, 'messageId' | 'direction'>>,
    unset: Unset = [],
  ): Promise<void> {
    let set = changes;
    if (changes.receipt?.signedXml !== undefined) {
      const { signedXml, ...summary } = changes.receipt;
      if (!this.receiptTexts.has(summary.receiptId)) this.receiptTexts.set(summary.receiptId, signedXml);
      set = { ...changes, receipt: summary };
    }
    const key = outboundKey(messageId);
    if (changes.state === 'QUEUED') this.markOpen(key, changes.updatedAt ?? new Date());
    const record = this.records.get(key);
    const terminal = record?.state === 'DELIVERED' && changes.state !== 'DELIVERED';
    if (record?.direction === 'outbound' && !terminal) {
      const updated: Record<string, unknown> = { ...record, ...copy(set) };
      for (const field of unset) delete updated[field];
      this.records.set(key, updated as unknown as OutboundMessage);
    }
    const after = this.records.get(key);
    const clearedAlert = changes.state === undefined && unset.includes('pendingAlert');
    if (closesOutbound(changes)) this.open.delete(key);
    else if (clearedAlert && after?.direction === 'outbound' && closesOutbound(after)) this.open.delete(key);
    return Promise.resolve();
  }

  async claim(
    messageId: string,
    owner: string,
    now: Date,
    leaseMs: number,
    knownAttempts = 0,
  ): Promise<number | null> {
    const claims = this.claims.get(messageId) ?? [];
    this.claims.set(messageId, claims);
    const insert = (attempt: number): boolean => {
      if (claims.some((c) => c.attempt === attempt)) return false;
      claims.push({ attempt, owner, leaseUntil: new Date(now.getTime() + leaseMs), finished: false });
      return true;
    };
    if (knownAttempts === 0 && insert(1)) return 1;
    const latest = claims.reduce<Claim | undefined>(
      (a, c) => (!a || c.attempt > a.attempt ? c : a),
      undefined,
    );
    if (latest && !latest.finished && latest.leaseUntil > now) return null;
    if (latest && !(await this.passTurn(messageId, latest.attempt))) return null;
    const attempt = (latest?.attempt ?? 0) + 1;
    return insert(attempt) ? attempt : null;
  }

  private async passTurn(messageId: string, attempt: number): Promise<boolean> {
    const key = `${messageId}:${attempt}`;
    const turn = this.turns.get(key);
    if (!turn) {
      this.turns.set(key, { by: 'claim' });
      return true;
    }
    if (turn.by === 'claim' || turn.changes?.state !== 'DELIVERED') return true;
    await this.updateOutbound(messageId, turn.changes, turn.unset);
    return false;
  }

  async completeAttempt(
    messageId: string,
    outcome: DeliveryAttempt,
    changes: Changes,
    unset: Unset = [],
  ): Promise<boolean> {
    const key = `${messageId}:${outcome.attempt}`;
    if (this.turns.has(key)) {
      const claim = this.claims.get(messageId)?.find((c) => c.attempt === outcome.attempt);
      if (claim) claim.late = structuredClone(outcome);
      return false;
    }
    this.turns.set(key, { by: 'outcome', changes: structuredClone(changes), unset: [...unset] });
    await this.updateOutbound(messageId, changes, unset);
    return true;
  }

  findLateAttempts(messageId: string): Promise<DeliveryAttempt[]> {
    const claims = this.claims.get(messageId) ?? [];
    return Promise.resolve(
      claims
        .filter((c) => c.late)
        .sort((a, b) => a.attempt - b.attempt)
        .map((c) => structuredClone(c.late!)),
    );
  }

  finishClaim(messageId: string, attempt: number): Promise<void> {
    const claim = this.claims.get(messageId)?.find((c) => c.attempt === attempt);
    if (claim) claim.finished = true;
    return Promise.resolve();
  }

  // ---- the sweeper's view

  listOpen(openedBefore: Date): Promise<string[]> {
    return Promise.resolve([...this.open].filter(([, since]) => since < openedBefore).map(([id]) => id));
  }

  checkOpen(recordIds: readonly string[], now: Date, staleBefore: Date): Promise<OpenRecordCheck[]> {
    const checks: OpenRecordCheck[] = [];
    for (const id of recordIds) {
      const record = this.records.get(id);
      const check = record && openRecordCheck(id, record, now, staleBefore);
      if (check) checks.push(check);
      else this.open.delete(id);
    }
    return Promise.resolve(checks);
  }

  // ---- inbound

  insertInbound(message: InboundMessage): Promise<boolean> {
    if (message.state === 'RECEIVED' && !message.processedAt) this.markOpen(message.id, message.receivedAt);
    if (this.records.has(message.id)) return Promise.resolve(false);
    this.records.set(message.id, copy(message));
    return Promise.resolve(true);
  }

  findInbound(partner: string, messageId: string): Promise<InboundMessage | null> {
    const record = this.records.get(inboundKey(partner, messageId));
    return Promise.resolve(record?.direction === 'inbound' ? copy(record) : null);
  }

  markProcessed(id: string, at: Date): Promise<void> {
    const record = this.records.get(id);
    if (record?.direction === 'inbound') this.records.set(id, { ...record, processedAt: new Date(at) });
    this.open.delete(id);
    return Promise.resolve();
  }

  // ---- both

  findById(id: string): Promise<ExchangeMessage | null> {
    const record = this.records.get(id);
    return Promise.resolve(record ? copy(record) : null);
  }

  async findByMessageId(messageId: string): Promise<ExchangeMessage[]> {
    const own = await this.findOutbound(messageId);
    if (own) return [own];
    return [...this.records.values()]
      .filter((record) => record.messageId === messageId && record.direction === 'inbound')
      .map((record) => copy(record));
  }

  search(filter: MessageFilter): Promise<ExchangeMessage[]> {
    const found = [...this.records.values()]
      .filter((r) => !filter.direction || r.direction === filter.direction)
      .filter((r) => !filter.state || r.state === filter.state)
      .filter((r) => !filter.partner || r.partner === filter.partner)
      .filter((r) => !filter.documentType || r.documentType === filter.documentType)
      .filter((r) => !filter.permitKey || r.permitKey === filter.permitKey)
      .filter((r) => !filter.from || createdAtOf(r) >= filter.from)
      .filter((r) => !filter.to || createdAtOf(r) < filter.to)
      .filter((r) => !filter.before || after(r, filter.before, filter.beforeKey) > 0)
      .sort((a, b) => after(a, createdAtOf(b), recordKeyOf(b)))
      .slice(0, Math.min(filter.limit ?? 50, 500));
    return Promise.resolve(found.map((record) => copy(record)));
  }

  countByState(direction: 'outbound' | 'inbound'): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const record of this.records.values()) {
      if (record.direction === direction) counts[record.state] = (counts[record.state] ?? 0) + 1;
    }
    return Promise.resolve(counts);
  }
}
