/** Signed audit checkpoints in MongoDB: the seq is the _id, so one checkpoint per head (insert-once). */
import { Schema, type Connection, type Model } from 'mongoose';
import type { AuditCheckpoint, AuditCheckpointStore } from '../domain/audit/audit-checkpoint';
import { isDuplicateKeyError } from './mongo-connection';

interface CheckpointDoc {
  _id: number;
  country: string;
  headHash: string;
  signedAt: Date;
  signedXml: string;
}

const checkpointSchema = new Schema<CheckpointDoc>(
  {
    _id: { type: Number, required: true },
    country: { type: String, required: true },
    headHash: { type: String, required: true },
    signedAt: { type: Date, required: true },
    signedXml: { type: String, required: true },
  },
  { collection: 'audit_checkpoints', versionKey: false },
);

function toCheckpoint(doc: CheckpointDoc): AuditCheckpoint {
  return {
    seq: doc._id,
    country: doc.country,
    headHash: doc.headHash,
    signedAt: doc.signedAt,
    signedXml: doc.signedXml,
  };
}

export class MongoAuditCheckpointStore implements AuditCheckpointStore {
  private readonly model: Model<CheckpointDoc>;

  constructor(connection: Connection) {
    this.model =
      connection.models.AuditCheckpoint ??
      connection.model<CheckpointDoc>('AuditCheckpoint', checkpointSchema);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async insert(checkpoint: AuditCheckpoint): Promise<boolean> {
    try {
      await this.model.create({
        _id: checkpoint.seq,
        country: checkpoint.country,
        headHash: checkpoint.headHash,
        signedAt: checkpoint.signedAt,
        signedXml: checkpoint.signedXml,
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async find(seq: number): Promise<AuditCheckpoint | null> {
    const doc = await this.model.findById(seq).lean<CheckpointDoc>();
    return doc ? toCheckpoint(doc) : null;
  }

  async list(): Promise<AuditCheckpoint[]> {
    const docs = await this.model.find().sort({ _id: 1 }).lean<CheckpointDoc[]>();
    return docs.map(toCheckpoint);
  }

  async latest(): Promise<AuditCheckpoint | null> {
    const doc = await this.model.findOne().sort({ _id: -1 }).lean<CheckpointDoc>();
    return doc ? toCheckpoint(doc) : null;
  }
}
