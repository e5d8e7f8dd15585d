/**
 * Risk assessments in MongoDB (`risk_assessments`). The id derives from what was assessed, so a repeated
 * request stores one assessment (a unique _id insert decides). Facts and reasons are kept as given.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Facts } from '../domain/risk/facts';
import type { RiskAssessment, RiskAssessmentStore } from '../domain/risk/risk-assessment';
import { isDuplicateKeyError } from './mongo-connection';

type AssessmentDoc = Omit<RiskAssessment, 'id' | 'facts'> & {
  factsJson: string;
  _id: string;
  profileIds: string[];
  selectedProfileIds: string[];
};

const assessmentSchema = new Schema<AssessmentDoc>(
  {
    _id: { type: String, required: true },
    declarationNumber: { type: String, required: true },
    verificationId: { type: String, default: null },
    permitKey: { type: String, default: null },
    lane: { type: String, required: true },
    decidedBy: { type: String, default: null },
    reasons: { type: Schema.Types.Mixed, required: true },
    profileHits: { type: Schema.Types.Mixed, required: true },
    profileIds: { type: [String], required: true },
    selectedProfileIds: { type: [String], required: true },
    model: { type: Schema.Types.Mixed, default: null },
    /** JSON text: fact names such as `attr.NAME` hold dots, which stored keys may not. */
    factsJson: { type: String, required: true },
    importerKey: { type: String, required: true },
    office: { type: String, default: null },
    arrivalDate: { type: String, required: true },
    importCountry: { type: String, required: true },
    exportCountry: { type: String, default: null },
    originCountry: { type: String, default: null },
    requestDigest: { type: String, required: true },
    assessedAt: { type: Date, required: true },
    assessedBy: { type: String, required: true },
  },
  { collection: 'risk_assessments', versionKey: false, minimize: false },
);
assessmentSchema.index({ profileIds: 1 });
assessmentSchema.index({ assessedAt: -1 });

function toAssessment(doc: AssessmentDoc): RiskAssessment {
  const { _id, profileIds: _p, selectedProfileIds: _s, factsJson, ...rest } = doc;
  return { id: _id, ...rest, facts: JSON.parse(factsJson) as Facts[] };
}

export class MongoRiskAssessmentStore implements RiskAssessmentStore {
  private readonly model: Model<AssessmentDoc>;

  constructor(connection: Connection) {
    this.model =
      (connection.models.RiskAssessment as Model<AssessmentDoc> | undefined) ??
      connection.model<AssessmentDoc>('RiskAssessment', assessmentSchema);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async insert(assessment: RiskAssessment): Promise<'inserted' | 'duplicate'> {
    const { id, facts, ...rest } = assessment;
    try {
      await this.model.create({
        _id: id,
        ...rest,
        factsJson: JSON.stringify(facts),
        profileIds: assessment.profileHits.map((h) => h.profileId),
        selectedProfileIds: assessment.profileHits.filter((h) => h.selected).map((h) => h.profileId),
      });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async find(id: string): Promise<RiskAssessment | null> {
    const doc = await this.model.findOne({ _id: id }).lean<AssessmentDoc>();
    return doc ? toAssessment(doc) : null;
  }

  async profileCounts(profileId: string): Promise<{ matches: number; selected: number }> {
    const [matches, selected] = await Promise.all([
      this.model.countDocuments({ profileIds: profileId }),
      this.model.countDocuments({ selectedProfileIds: profileId }),
    ]);
    return { matches, selected };
  }

  async recent(limit: number): Promise<RiskAssessment[]> {
    const docs = await this.model.find({}).sort({ assessedAt: -1 }).limit(limit).lean<AssessmentDoc[]>();
    return docs.map(toAssessment);
  }
}
