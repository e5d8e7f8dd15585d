/**
 * The audit hash chain in MongoDB. The entry's seq is its _id, so of two instances appending at once only
 * one insert of seq n+1 succeeds; the other gets E11000, re-reads the tail and appends after it. This
 * needs neither transactions nor an atomic conditional update (FerretDB v1 has neither).
 */
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoBulkWriteError, type Document } from 'mongodb';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import {
  nextAuditEntry,
  type AuditAction,
  type AuditEntry,
  type AuditEntryInput,
  type AuditLog,
  type AuditOutcome,
  type JsonValue,
} from '../domain/audit/audit-entry';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';
import { isDuplicateKeyError } from './mongo-connection';

export interface AuditDoc {
  _id: number;
  at: Date;
  actor: string;
  action: AuditAction;
  target: string;
  // stored as Mixed; typed loosely here because mongoose's schema types do not take recursive types
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
  actorRole?: string;
  outcome?: AuditOutcome;
  requestId?: string;
}

const auditSchema = new Schema<AuditDoc>(
  {
    _id: { type: Number, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    target: { type: String, required: true },
    before: { type: Schema.Types.Mixed },
    after: { type: Schema.Types.Mixed },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    actorRole: { type: String },
    outcome: { type: String },
    requestId: { type: String },
  },
  // minimize:false keeps empty objects, which are part of the hashed content
  { collection: 'audit_log', versionKey: false, minimize: false },
);

function toEntry(doc: AuditDoc): AuditEntry {
  return {
    seq: doc._id,
    at: doc.at,
    actor: doc.actor,
    action: doc.action,
    target: doc.target,
    before: (doc.before ?? null) as JsonValue,
    after: (doc.after ?? null) as JsonValue,
    prevHash: doc.prevHash,
    hash: doc.hash,
    ...(doc.actorRole !== undefined && doc.actorRole !== null && { actorRole: doc.actorRole }),
    ...(doc.outcome !== undefined && doc.outcome !== null && { outcome: doc.outcome }),
    ...(doc.requestId !== undefined && doc.requestId !== null && { requestId: doc.requestId }),
  };
}

interface PendingAppend {
  input: AuditEntryInput;
  resolve(entry: AuditEntry): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 256;

/** The entries of the waiting appends, chained in order after `tail`. */
function chainAfter(tail: AuditEntry | null, batch: readonly PendingAppend[], at: Date): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const { input } of batch) entries.push(nextAuditEntry(entries.at(-1) ?? tail, input, at));
  return entries;
}

/** The stored form of an entry: its seq is the _id (the benches' history preload writes these too). */
export function toDoc(entry: AuditEntry): AuditDoc {
  const { seq, ...content } = entry;
  return { _id: seq, ...content };
}

export class MongoAuditLog implements AuditLog {
  private readonly model: Model<AuditDoc>;
  private waiting: PendingAppend[] = [];
  private appending = false;
  /** The last entry this instance appended or read; undefined when it must be read again. */
  private tail: AuditEntry | null | undefined;

  constructor(
    connection: Connection,
    private readonly clock: Clock,
    private readonly maxAttempts = 50,
  ) {
    if (maxAttempts < 1) throw new Error('MongoAuditLog: maxAttempts must be at least 1');
    this.model = connection.models.AuditEntry ?? connection.model<AuditDoc>('AuditEntry', auditSchema);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * Appends of this instance are chained here, one batch at a time, so only other instances compete for the
   * next seq (competing locally would make every loser re-read and retry). The entries that wait while a
   * batch is written are chained after it and stored together in one ordered insert (a group commit).
   */
  append(input: AuditEntryInput): Promise<AuditEntry> {
    return new Promise<AuditEntry>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.appending) {
        this.appending = true;
        queueMicrotask(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      await this.appendBatch(batch).catch((error: unknown) => {
        this.tail = undefined;
        for (const pending of batch) pending.reject(error);
      });
    }
    this.appending = false;
  }

  /** Stores the batch's entries in order after the tail; another instance's append makes us re-read it. */
  private async appendBatch(batch: PendingAppend[]): Promise<void> {
    let rest = batch;
    for (let attempt = 1; attempt <= this.maxAttempts && rest.length > 0; attempt++) {
      // the cached tail saves a read per append; another instance's append makes our insert collide
      if (this.tail === undefined) {
        const doc = await this.model.findOne().sort({ _id: -1 }).lean<AuditDoc>();
        this.tail = doc ? toEntry(doc) : null;
      }
      const entries = chainAfter(this.tail, rest, this.clock.now());
      const stored = await this.insertInOrder(entries);
      for (let i = 0; i < stored; i++) rest[i]!.resolve(entries[i]!);
      if (stored > 0) this.tail = entries[stored - 1];
      rest = rest.slice(stored);
      if (rest.length > 0) {
        this.tail = undefined;
        await sleep(randomInt(0, 3 * attempt + 1)); // spread competing appenders apart
      }
    }
    const conflict = new GatewayError(
      'AUDIT_APPEND_CONFLICT',
      `gave up after ${this.maxAttempts} concurrent appends`,
    );
    for (const pending of rest) pending.reject(conflict);
  }

  /** Inserts the entries in order; returns how many were stored before a seq another instance took. */
  private async insertInOrder(entries: AuditEntry[]): Promise<number> {
    try {
      await this.model.collection.insertMany(entries.map(toDoc) as unknown as Document[], {
        ordered: true,
        ignoreUndefined: true,
      });
      return entries.length;
    } catch (error) {
      const first = error instanceof MongoBulkWriteError ? [error.writeErrors].flat()[0] : undefined;
      if (first?.code === 11000) return first.index;
      if (isDuplicateKeyError(error)) return 0;
      throw error;
    }
  }

  async page(options: { after: number; limit: number }): Promise<AuditEntry[]> {
    const docs = await this.model
      .find({ _id: mongoose.trusted({ $gt: options.after }) as unknown as number })
      .sort({ _id: 1 })
      .limit(options.limit)
      .lean<AuditDoc[]>();
    return docs.map(toEntry);
  }

  async *entries(): AsyncIterable<AuditEntry> {
    const cursor = this.model.find().sort({ _id: 1 }).lean<AuditDoc>().cursor();
    try {
      for await (const doc of cursor) yield toEntry(doc);
    } finally {
      await cursor.close();
    }
  }
}
