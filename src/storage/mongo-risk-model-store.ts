/**
 * Risk models in MongoDB (`risk_models`): _id is the version, claimed by a unique insert (the next free
 * number); the model body is kept as JSON text (trees are arrays of arrays, which stored documents may
 * not nest). Training runs are claimed once by name in `risk_training_runs`.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { RiskModelStore, StoredRiskModel } from '../domain/risk/risk-model-store';
import { isDuplicateKeyError } from './mongo-connection';

type ModelDoc = Omit<StoredRiskModel, 'version' | 'model'> & { _id: number; modelJson: string };

const modelSchema = new Schema<ModelDoc>(
  {
    _id: { type: Number, required: true },
    modelJson: { type: String, required: true },
    promoted: { type: Boolean, required: true },
    decision: { type: String, required: true },
    trainedAt: { type: Date, required: true },
    trainedOn: { type: Number, required: true },
    positives: { type: Number, required: true },
    evaluation: { type: Schema.Types.Mixed, required: true },
    threshold: { type: Number, required: true },
    trigger: { type: String, required: true },
  },
  { collection: 'risk_models', versionKey: false, minimize: false },
);
modelSchema.index({ promoted: 1, _id: -1 });

interface RunDoc {
  _id: string;
  at: Date;
}
const runSchema = new Schema<RunDoc>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'risk_training_runs', versionKey: false },
);

function summaryOf(doc: ModelDoc): Omit<StoredRiskModel, 'model'> {
  return {
    version: doc._id,
    promoted: doc.promoted,
    decision: doc.decision,
    trainedAt: doc.trainedAt,
    trainedOn: doc.trainedOn,
    positives: doc.positives,
    evaluation: doc.evaluation,
    threshold: doc.threshold,
    trigger: doc.trigger,
  };
}

export class MongoRiskModelStore implements RiskModelStore {
  private readonly model: Model<ModelDoc>;
  private readonly runs: Model<RunDoc>;

  constructor(connection: Connection) {
    this.model =
      (connection.models.RiskModel as Model<ModelDoc> | undefined) ??
      connection.model<ModelDoc>('RiskModel', modelSchema);
    this.runs =
      (connection.models.RiskTrainingRun as Model<RunDoc> | undefined) ??
      connection.model<RunDoc>('RiskTrainingRun', runSchema);
  }

  async init(): Promise<void> {
    await Promise.all([this.model.createIndexes(), this.runs.createIndexes()]);
  }

  async insert(input: Omit<StoredRiskModel, 'version'>): Promise<StoredRiskModel> {
    const { model, ...rest } = input;
    const modelJson = JSON.stringify(model);
    for (;;) {
      const last = await this.model.findOne({}).sort({ _id: -1 }).select({ _id: 1 }).lean<{ _id: number }>();
      const version = (last?._id ?? 0) + 1;
      try {
        await this.model.create({ _id: version, ...rest, modelJson });
        return { version, model, ...rest };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }

  async current(): Promise<StoredRiskModel | null> {
    const doc = await this.model.findOne({ promoted: true }).sort({ _id: -1 }).lean<ModelDoc>();
    return doc ? { ...summaryOf(doc), model: JSON.parse(doc.modelJson) as unknown } : null;
  }

  async find(version: number): Promise<StoredRiskModel | null> {
    const doc = await this.model.findOne({ _id: version }).lean<ModelDoc>();
    return doc ? { ...summaryOf(doc), model: JSON.parse(doc.modelJson) as unknown } : null;
  }

  async list(limit: number): Promise<Array<Omit<StoredRiskModel, 'model'>>> {
    const docs = await this.model
      .find({})
      .sort({ _id: -1 })
      .limit(limit)
      .select({ modelJson: 0 })
      .lean<ModelDoc[]>();
    return docs.map(summaryOf);
  }

  async claimRun(runId: string, at: Date): Promise<boolean> {
    try {
      await this.runs.create({ _id: runId, at });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
