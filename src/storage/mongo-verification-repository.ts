/**
 * Customs verifications and clearances in MongoDB.
 *
 * Both once-only decisions rest on primary keys, never on a read followed by a write (FerretDB makes no
 * conditional update atomic): a clearance's _id is the permit key, so of N concurrent claims of one permit
 * exactly one insert succeeds; a verification's _id derives from (declaration number, attempt), so two
 * concurrent submissions of one declaration store one result. The customs hot path reads by _id only
 * (FerretDB answers nothing else without scanning the collection).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { UsageConfirmation } from '../domain/exchange/permit-records';
import type { Declaration } from '../domain/verification/declaration';
import type { ReasonCode, Verdict, VerificationReason } from '../domain/verification/reason-codes';
import type {
  Clearance,
  PermitSummary,
  PresentedSummary,
  UsageConfirmationState,
  Verification,
  VerificationFilter,
  VerificationRepository,
} from '../domain/verification/verification';
import { verificationIdOf } from '../domain/verification/verification';
import { GatewayError } from '../domain/errors';
import { isDuplicateKeyError } from './mongo-connection';

interface VerificationDoc {
  _id: string;
  declarationNumber: string;
  attempt: number;
  permitKey: string;
  verdict: Verdict;
  reasons: VerificationReason[];
  reasonCodes: ReasonCode[];
  permit: PermitSummary | null;
  presented: PresentedSummary;
  declaration: Declaration;
  requestDigest: string;
  verifiedAt: Date;
  verifiedBy: string;
  usageConfirmation?: UsageConfirmationState;
}

const verificationSchema = new Schema<VerificationDoc>(
  {
    _id: { type: String, required: true },
    declarationNumber: { type: String, required: true },
    attempt: { type: Number, required: true },
    permitKey: { type: String, required: true },
    verdict: { type: String, required: true },
    reasons: { type: Schema.Types.Mixed, required: true },
    reasonCodes: { type: [String], required: true },
    permit: { type: Schema.Types.Mixed, default: null },
    presented: { type: Schema.Types.Mixed, required: true },
    declaration: { type: Schema.Types.Mixed, required: true },
    requestDigest: { type: String, required: true },
    verifiedAt: { type: Date, required: true },
    verifiedBy: { type: String, required: true },
    usageConfirmation: Schema.Types.Mixed,
  },
  { collection: 'verifications', versionKey: false, minimize: false },
);
verificationSchema.index({ declarationNumber: 1, attempt: 1 }, { unique: true });
verificationSchema.index({ verifiedAt: -1 });
verificationSchema.index({ permitKey: 1, verifiedAt: -1 });
verificationSchema.index({ verdict: 1, verifiedAt: -1 });

interface ClearanceDoc {
  /** The permit key: the unique key that makes a permit clear one shipment only. */
  _id: string;
  declarationNumber: string;
  verificationId: string;
  usage: UsageConfirmation;
}

const clearanceSchema = new Schema<ClearanceDoc>(
  {
    _id: { type: String, required: true },
    declarationNumber: { type: String, required: true },
    verificationId: { type: String, required: true },
    usage: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'clearances', versionKey: false, minimize: false },
);

function toVerification(doc: VerificationDoc): Verification {
  const { _id, usageConfirmation, ...rest } = doc;
  return { id: _id, ...rest, ...(usageConfirmation ? { usageConfirmation } : {}) };
}

function toClearance(doc: ClearanceDoc): Clearance {
  return {
    permitKey: doc._id,
    declarationNumber: doc.declarationNumber,
    verificationId: doc.verificationId,
    usage: doc.usage,
  };
}

export class MongoVerificationRepository implements VerificationRepository {
  private readonly verifications: Model<VerificationDoc>;
  private readonly clearances: Model<ClearanceDoc>;

  constructor(connection: Connection) {
    this.verifications =
      connection.models.Verification ?? connection.model<VerificationDoc>('Verification', verificationSchema);
    this.clearances =
      connection.models.Clearance ?? connection.model<ClearanceDoc>('Clearance', clearanceSchema);
  }

  /** Builds the indexes (for listing on MongoDB; the unique one restates what the derived _id enforces). */
  async init(): Promise<void> {
    await this.verifications.createIndexes();
    await this.clearances.createIndexes();
  }

  async insert(verification: Verification): Promise<'inserted' | 'duplicate'> {
    const { id, ...rest } = verification;
    if (id !== verificationIdOf(rest.declarationNumber, rest.attempt)) {
      throw new GatewayError(
        'INTERNAL_ERROR',
        `verification id ${id} is not the id of ${rest.declarationNumber} attempt ${rest.attempt}`,
      );
    }
    try {
      await this.verifications.create({ _id: id, ...rest });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async find(id: string): Promise<Verification | null> {
    const doc = await this.verifications.findById(id).lean<VerificationDoc>();
    return doc ? toVerification(doc) : null;
  }

  /** Attempt 1, 2, … by primary key until one is missing (a declaration has one attempt, rarely more). */
  async findLatestByDeclaration(declarationNumber: string): Promise<Verification | null> {
    let latest: Verification | null = null;
    for (let attempt = 1; ; attempt++) {
      const next = await this.find(verificationIdOf(declarationNumber, attempt));
      if (!next) return latest;
      latest = next;
    }
  }

  async list(filter: VerificationFilter): Promise<Verification[]> {
    const query: Record<string, unknown> = {};
    if (filter.verdict !== undefined) query.verdict = filter.verdict;
    if (filter.permitKey !== undefined) query.permitKey = filter.permitKey;
    if (filter.declarationNumber !== undefined) query.declarationNumber = filter.declarationNumber;
    if (filter.reason !== undefined) query.reasonCodes = filter.reason;
    if (filter.from !== undefined || filter.to !== undefined) {
      query.verifiedAt = {
        ...(filter.from !== undefined ? { $gte: filter.from } : {}),
        ...(filter.to !== undefined ? { $lt: filter.to } : {}),
      };
    }
    const docs = await this.verifications
      .find(query)
      .sort({ verifiedAt: -1, _id: 1 })
      .limit(filter.limit)
      .lean<VerificationDoc[]>();
    return docs.map(toVerification);
  }

  async setUsageConfirmation(id: string, state: UsageConfirmationState): Promise<void> {
    await this.verifications.updateOne({ _id: id }, { $set: { usageConfirmation: state } });
  }

  async claimClearance(
    clearance: Clearance,
  ): Promise<{ claimed: true } | { claimed: false; existing: Clearance }> {
    // A clearance seen as duplicate but gone when read was released (its verification lost a race): the
    // permit is free again, so the claim is retried (a few times at most; releases are rare).
    for (let round = 0; ; round++) {
      try {
        await this.clearances.create({
          _id: clearance.permitKey,
          declarationNumber: clearance.declarationNumber,
          verificationId: clearance.verificationId,
          usage: clearance.usage,
        });
        return { claimed: true };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const existing = await this.findClearance(clearance.permitKey);
      if (existing || round >= 3) {
        return { claimed: false, existing: existing ?? { ...clearance, declarationNumber: '(unknown)' } };
      }
    }
  }

  async findClearance(permitKey: string): Promise<Clearance | null> {
    const doc = await this.clearances.findById(permitKey).lean<ClearanceDoc>();
    return doc ? toClearance(doc) : null;
  }

  async releaseClearance(permitKey: string, verificationId: string): Promise<void> {
    await this.clearances.deleteOne({ _id: permitKey, verificationId });
  }
}
