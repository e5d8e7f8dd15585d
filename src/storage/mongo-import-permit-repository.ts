/** Our own country's import permits in MongoDB, keyed by permit key (recording one twice stores it once). */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Permit } from '../domain/permit/permit';
import type {
  ImportPermitRecord,
  ImportPermitRepository,
  ImportPermitStatus,
} from '../domain/verification/import-permit';
import { isDuplicateKeyError } from './mongo-connection';

interface ImportPermitDoc {
  _id: string;
  /** Copied out of the permit for the index: customs declarations give the number without the year. */
  permitNumber: string;
  permit: Permit;
  status: ImportPermitStatus;
  digest: string;
  recordedAt: Date;
  recordedBy: string;
}

const importPermitSchema = new Schema<ImportPermitDoc>(
  {
    _id: { type: String, required: true },
    permitNumber: { type: String, required: true },
    permit: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    digest: { type: String, required: true },
    recordedAt: { type: Date, required: true },
    recordedBy: { type: String, required: true },
  },
  { collection: 'import_permits', versionKey: false, minimize: false },
);
importPermitSchema.index({ permitNumber: 1 });
importPermitSchema.index({ recordedAt: -1 });

function toRecord(doc: ImportPermitDoc): ImportPermitRecord {
  return {
    permitKey: doc._id,
    permit: doc.permit,
    status: doc.status,
    digest: doc.digest,
    recordedAt: doc.recordedAt,
    recordedBy: doc.recordedBy,
  };
}

export class MongoImportPermitRepository implements ImportPermitRepository {
  private readonly model: Model<ImportPermitDoc>;

  constructor(connection: Connection) {
    this.model =
      connection.models.ImportPermit ?? connection.model<ImportPermitDoc>('ImportPermit', importPermitSchema);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async insert(record: ImportPermitRecord): Promise<'inserted' | 'exists'> {
    try {
      await this.model.create({
        _id: record.permitKey,
        permitNumber: record.permit.permitNumber,
        permit: record.permit,
        status: record.status,
        digest: record.digest,
        recordedAt: record.recordedAt,
        recordedBy: record.recordedBy,
      });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'exists';
      throw error;
    }
  }

  async find(permitKey: string): Promise<ImportPermitRecord | null> {
    const doc = await this.model.findById(permitKey).lean<ImportPermitDoc>();
    return doc ? toRecord(doc) : null;
  }

  async findByNumber(permitNumber: string): Promise<ImportPermitRecord[]> {
    const docs = await this.model
      .find({ permitNumber })
      .sort({ _id: -1 })
      .limit(20)
      .lean<ImportPermitDoc[]>();
    return docs.map(toRecord);
  }

  async list(options: { permitNumber?: string; limit: number }): Promise<ImportPermitRecord[]> {
    const filter = options.permitNumber === undefined ? {} : { permitNumber: options.permitNumber };
    const docs = await this.model
      .find(filter)
      .sort({ recordedAt: -1, _id: 1 })
      .limit(options.limit)
      .lean<ImportPermitDoc[]>();
    return docs.map(toRecord);
  }
}
