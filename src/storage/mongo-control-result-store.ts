/**
 * Control results in MongoDB (`control_results`, the shape the reports read; see domain/risk/control-result.ts).
 * `_id` is the assessment id: one result per assessment, decided by the unique _id insert.
 */
import type { Facts } from '../domain/risk/facts';
import { Schema, type Connection, type Model } from 'mongoose';
import type { ControlResult, ControlResultStore, Finding } from '../domain/risk/control-result';
import { isDuplicateKeyError } from './mongo-connection';

type ControlResultDoc = Omit<ControlResult, 'id' | 'facts'> & { _id: string; factsJson: string };

const FINDINGS_WITH_SOMETHING: Finding[] = ['DOCUMENTARY_DISCREPANCY', 'SEIZURE'];

const controlResultSchema = new Schema<ControlResultDoc>(
  {
    _id: { type: String, required: true },
    assessmentId: { type: String, required: true },
    declarationNumber: { type: String, required: true },
    permitKey: { type: String, default: null },
    office: { type: String, default: null },
    arrivalDate: { type: String, required: true },
    exportCountry: { type: String, default: null },
    originCountry: { type: String, default: null },
    importCountry: { type: String, required: true },
    detection: { type: String, required: true },
    /** Absent on results stored before self-initiated inspections were accepted: those were all selected. */
    selfInitiated: { type: Boolean, default: false },
    inspection: { type: String, required: true },
    finding: { type: String, required: true },
    lines: { type: Schema.Types.Mixed, required: true },
    notes: { type: String, default: null },
    recordedAt: { type: Date, required: true },
    recordedBy: { type: String, required: true },
    importerKey: { type: String, required: true },
    profileIds: { type: [String], required: true },
    /** JSON text: fact names such as `attr.NAME` hold dots, which stored keys may not. */
    factsJson: { type: String, required: true },
  },
  { collection: 'control_results', versionKey: false, minimize: false },
);
controlResultSchema.index({ assessmentId: 1 }, { unique: true });
controlResultSchema.index({ profileIds: 1 });
controlResultSchema.index({ recordedAt: 1 });

function toResult(doc: ControlResultDoc): ControlResult {
  const { _id, factsJson, ...rest } = doc;
  return { id: _id, ...rest, facts: JSON.parse(factsJson) as Facts[] };
}

export class MongoControlResultStore implements ControlResultStore {
  private readonly model: Model<ControlResultDoc>;

  constructor(connection: Connection) {
    this.model =
      (connection.models.ControlResult as Model<ControlResultDoc> | undefined) ??
      connection.model<ControlResultDoc>('ControlResult', controlResultSchema);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async insert(result: ControlResult): Promise<'inserted' | 'duplicate'> {
    const { id, facts, ...rest } = result;
    try {
      await this.model.create({ _id: id, ...rest, factsJson: JSON.stringify(facts) });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async find(assessmentId: string): Promise<ControlResult | null> {
    const doc = await this.model.findOne({ _id: assessmentId }).lean<ControlResultDoc>();
    return doc ? toResult(doc) : null;
  }

  count(): Promise<number> {
    return this.model.countDocuments({});
  }

  async profileCounts(profileId: string): Promise<{ inspections: number; findings: number }> {
    const [inspections, findings] = await Promise.all([
      this.model.countDocuments({ profileIds: profileId }),
      this.model.countDocuments({ profileIds: profileId, finding: { $in: FINDINGS_WITH_SOMETHING } }),
    ]);
    return { inspections, findings };
  }

  async all(): Promise<ControlResult[]> {
    const docs = await this.model.find({}).sort({ recordedAt: 1, _id: 1 }).lean<ControlResultDoc[]>();
    return docs.map(toResult);
  }
}
