/**
 * Rule profiles in MongoDB: every version in `risk_profile_versions` (_id `<id>:<version>`, so a version is
 * claimed by a unique insert), and the current one per profile in `risk_profiles`, replaced only by a
 * newer version (a late write of an older version changes nothing).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { RiskProfileDefinition } from '../domain/risk/profile';
import type { RiskProfileStore, StoredRiskProfile } from '../domain/risk/risk-profile-store';
import { isDuplicateKeyError } from './mongo-connection';

interface ProfileDoc {
  _id: string;
  profileId: string;
  version: number;
  definition: RiskProfileDefinition;
  changedAt: Date;
  changedBy: string;
}

const fields = {
  _id: { type: String, required: true },
  profileId: { type: String, required: true },
  version: { type: Number, required: true },
  definition: { type: Schema.Types.Mixed, required: true },
  changedAt: { type: Date, required: true },
  changedBy: { type: String, required: true },
};
const versionSchema = new Schema<ProfileDoc>(fields, {
  collection: 'risk_profile_versions',
  versionKey: false,
  minimize: false,
});
versionSchema.index({ profileId: 1, version: 1 });
const currentSchema = new Schema<ProfileDoc>(fields, {
  collection: 'risk_profiles',
  versionKey: false,
  minimize: false,
});

function toProfile(doc: ProfileDoc): StoredRiskProfile {
  return {
    id: doc.profileId,
    version: doc.version,
    definition: doc.definition,
    changedAt: doc.changedAt,
    changedBy: doc.changedBy,
  };
}

export class MongoRiskProfileStore implements RiskProfileStore {
  private readonly versionModel: Model<ProfileDoc>;
  private readonly currentModel: Model<ProfileDoc>;

  constructor(connection: Connection) {
    this.versionModel =
      (connection.models.RiskProfileVersion as Model<ProfileDoc> | undefined) ??
      connection.model<ProfileDoc>('RiskProfileVersion', versionSchema);
    this.currentModel =
      (connection.models.RiskProfile as Model<ProfileDoc> | undefined) ??
      connection.model<ProfileDoc>('RiskProfile', currentSchema);
  }

  async init(): Promise<void> {
    await Promise.all([this.versionModel.createIndexes(), this.currentModel.createIndexes()]);
  }

  async saveVersion(profile: StoredRiskProfile): Promise<'saved' | 'conflict'> {
    const doc: ProfileDoc = {
      _id: `${profile.id}:${profile.version}`,
      profileId: profile.id,
      version: profile.version,
      definition: profile.definition,
      changedAt: profile.changedAt,
      changedBy: profile.changedBy,
    };
    try {
      await this.versionModel.create(doc);
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'conflict';
      throw error;
    }
    await this.makeCurrent({ ...doc, _id: profile.id });
    return 'saved';
  }

  private async makeCurrent(doc: ProfileDoc): Promise<void> {
    const replaced = await this.currentModel.replaceOne({ _id: doc._id, version: { $lt: doc.version } }, doc);
    if (replaced.matchedCount > 0) return;
    try {
      await this.currentModel.create(doc);
    } catch (error) {
      // A newer version is current already: nothing to do.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async find(id: string): Promise<StoredRiskProfile | null> {
    const doc = await this.currentModel.findOne({ _id: id }).lean<ProfileDoc>();
    return doc ? toProfile(doc) : null;
  }

  async list(): Promise<StoredRiskProfile[]> {
    const docs = await this.currentModel.find({}).sort({ _id: 1 }).lean<ProfileDoc[]>();
    return docs.map(toProfile);
  }

  async versions(id: string): Promise<StoredRiskProfile[]> {
    const docs = await this.versionModel.find({ profileId: id }).sort({ version: 1 }).lean<ProfileDoc[]>();
    return docs.map(toProfile);
  }
}
