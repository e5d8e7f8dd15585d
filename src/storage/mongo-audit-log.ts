/**
 * The audit hash chain in MongoDB. The entry's seq is its _id, so of two instances appending at once only
 * one insert of seq n+1 succeeds; the other gets E11000, re-reads the tail and appends after it. This
 * needs neither transactions nor an atomic conditional update (FerretDB v1 has neither).
 */
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
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

interface AuditDoc {
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

export class MongoAuditLog implements AuditLog {
  private readonly model: Model<AuditDoc>;
  private queue: Promise<unknown> = Promise.resolve();
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
   * Appends of this instance run one at a time (a local queue), so only other instances compete for the
   * next seq; competing locally would make every loser re-read and retry.
   */
  append(input: AuditEntryInput): Promise<AuditEntry> {
    const run = this.queue.then(() => this.appendNow(input));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendNow(input: AuditEntryInput): Promise<AuditEntry> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      // the cached tail saves a read per append; another instance's append makes our insert collide,
      // and then the tail is read again
      if (this.tail === undefined) {
        const doc = await this.model.findOne().sort({ _id: -1 }).lean<AuditDoc>();
        this.tail = doc ? toEntry(doc) : null;
      }
      const entry = nextAuditEntry(this.tail, input, this.clock.now());
      try {
        await this.model.create({
          _id: entry.seq,
          at: entry.at,
          actor: entry.actor,
          action: entry.action,
          target: entry.target,
          before: entry.before,
          after: entry.after,
          prevHash: entry.prevHash,
          hash: entry.hash,
          ...(entry.actorRole !== undefined && { actorRole: entry.actorRole }),
          ...(entry.outcome !== undefined && { outcome: entry.outcome }),
          ...(entry.requestId !== undefined && { requestId: entry.requestId }),
        });
        this.tail = entry;
        return entry;
      } catch (error) {
        this.tail = undefined;
        if (!isDuplicateKeyError(error)) throw error;
        await sleep(randomInt(0, 3 * attempt + 1)); // spread competing appenders apart
      }
    }
    throw new GatewayError('AUDIT_APPEND_CONFLICT', `gave up after ${this.maxAttempts} concurrent appends`);
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
