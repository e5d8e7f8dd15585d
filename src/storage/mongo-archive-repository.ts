/** The raw bytes of every inbound request, archived before anything parses them. */
import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { groupInsertOf, type GroupInsert } from './group-insert';
import type {
  ArchivedRequest,
  ArchiveEntry,
  ArchiveOutcome,
  MessageArchive,
} from '../domain/exchange/message-archive';

interface ArchiveDoc {
  _id: string;
  partner: string;
  receivedAt: Date;
  contentType: string;
  size: number;
  bytes: Buffer;
  outcome?: { status: string; code?: string };
}

const archiveSchema = new Schema<ArchiveDoc>(
  {
    _id: String,
    partner: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    bytes: { type: Buffer, required: true },
    outcome: Schema.Types.Mixed,
  },
  { collection: 'inbound_archive', versionKey: false },
);
archiveSchema.index({ partner: 1, receivedAt: -1 });

export class MongoArchiveRepository implements MessageArchive {
  private readonly model: Model<ArchiveDoc>;
  private readonly inserts: GroupInsert<Partial<ArchiveDoc>>;

  constructor(connection: Connection) {
    this.model =
      connection.models.InboundArchive ?? connection.model<ArchiveDoc>('InboundArchive', archiveSchema);
    this.inserts = groupInsertOf(this.model);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Archives the bytes and returns the archive id. */
  async archive(entry: ArchiveEntry): Promise<string> {
    const id = randomUUID();
    await this.inserts.insert({ _id: id, ...entry, size: entry.bytes.length });
    return id;
  }

  async recordOutcome(id: string, outcome: ArchiveOutcome): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { outcome } });
  }

  async find(id: string): Promise<ArchivedRequest | null> {
    const doc = await this.model.findById(id).lean<ArchiveDoc>();
    if (!doc) return null;
    // FerretDB and MongoDB return binData as a bson Binary under lean()
    const raw = doc.bytes as unknown as Buffer | { buffer: Uint8Array };
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer);
    return {
      partner: doc.partner,
      receivedAt: doc.receivedAt,
      bytes,
      ...(doc.outcome && { outcome: doc.outcome }),
    };
  }
}
