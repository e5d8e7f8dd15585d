/**
 * CRLs administrators uploaded for partners (issue 13), in MongoDB. One document per partner and CRL with a
 * deterministic _id (partner + SHA-256 of the DER), so uploading the same CRL twice stores it once, even
 * concurrently: an insert is atomic on every server we support (FerretDB included).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { PartnerCrl, PartnerCrlStore } from '../domain/partners/partner-crl';
import { compareCrlsNewestFirst } from '../domain/partners/partner-crl';
import { isDuplicateKeyError } from './mongo-connection';

interface CrlDoc extends Omit<PartnerCrl, 'id'> {
  _id: string;
}

const crlSchema = new Schema<CrlDoc>(
  {
    _id: { type: String, required: true },
    partnerCode: { type: String, required: true },
    issuer: { type: String, required: true },
    issuerFingerprint: { type: String, required: true },
    thisUpdate: { type: Date, required: true },
    nextUpdate: { type: Date },
    revokedCount: { type: Number, required: true },
    sha256: { type: String, required: true },
    der: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
    uploadedBy: { type: String, required: true },
  },
  { collection: 'partner_crls', versionKey: false },
);
crlSchema.index({ partnerCode: 1 });

function toCrl(doc: CrlDoc): PartnerCrl {
  const { _id, nextUpdate, ...rest } = doc;
  return { id: _id, ...rest, ...(nextUpdate ? { nextUpdate } : {}) };
}

export class MongoPartnerCrlStore implements PartnerCrlStore {
  private readonly crls: Model<CrlDoc>;

  constructor(connection: Connection) {
    this.crls = connection.models.PartnerCrl ?? connection.model<CrlDoc>('PartnerCrl', crlSchema);
  }

  async init(): Promise<void> {
    await this.crls.createIndexes();
  }

  async insertCrl(crl: PartnerCrl): Promise<'inserted' | 'exists'> {
    const { id, ...rest } = crl;
    try {
      await this.crls.create({ _id: id, ...rest });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'exists';
      throw error;
    }
  }

  async findCrl(id: string): Promise<PartnerCrl | null> {
    const doc = await this.crls.findOne({ _id: id }).lean<CrlDoc>();
    return doc ? toCrl(doc) : null;
  }

  async listCrls(code?: string): Promise<PartnerCrl[]> {
    const docs = await this.crls.find(code === undefined ? {} : { partnerCode: code }).lean<CrlDoc[]>();
    return docs.map(toCrl).sort(compareCrlsNewestFirst);
  }
}
