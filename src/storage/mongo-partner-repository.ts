/**
 * Partners and their certificates in MongoDB. Certificates live in their own collection with a
 * deterministic _id (partner, role, fingerprint), so uploading the same certificate twice stores it once
 * even under concurrency; revocations are once-only inserts in the same way (FerretDB v1 has no atomic
 * conditional update).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { GatewayError } from '../domain/errors';
import type {
  CertificateRole,
  DocumentType,
  Partner,
  PartnerCertificate,
  PartnerChanges,
  PartnerRepository,
  PartnerStatus,
} from '../domain/partners/partner';
import { isDuplicateKeyError } from './mongo-connection';

interface PartnerDoc {
  _id: string;
  name: string;
  endpointUrl: string;
  status: PartnerStatus;
  timeoutMs: number;
  allowedDocumentTypes: DocumentType[];
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

interface CertificateDoc {
  _id: string;
  partnerCode: string;
  role: CertificateRole;
  fingerprint: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  keyType: string;
  keySize: number;
  curve?: string;
  isCa: boolean;
  keyUsage: string[];
  extendedKeyUsage: string[];
  subjectCountries: string[];
  pem: string;
  addedAt: Date;
  addedBy: string;
  revoked: boolean;
  revokedAt?: Date;
  revokedBy?: string;
}

interface RevocationDoc {
  _id: string;
  partnerCode: string;
  revokedAt: Date;
  revokedBy: string;
}

const partnerSchema = new Schema<PartnerDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    endpointUrl: { type: String, required: true },
    status: { type: String, required: true },
    timeoutMs: { type: Number, required: true },
    allowedDocumentTypes: { type: [String], required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'partners', versionKey: false },
);

const certificateSchema = new Schema<CertificateDoc>(
  {
    _id: { type: String, required: true },
    partnerCode: { type: String, required: true },
    role: { type: String, required: true },
    fingerprint: { type: String, required: true },
    subject: { type: String, required: true },
    issuer: { type: String, required: true },
    serialNumber: { type: String, required: true },
    notBefore: { type: Date, required: true },
    notAfter: { type: Date, required: true },
    keyType: { type: String, required: true },
    keySize: { type: Number, required: true },
    curve: { type: String },
    isCa: { type: Boolean, required: true },
    keyUsage: { type: [String], required: true },
    extendedKeyUsage: { type: [String], required: true },
    subjectCountries: { type: [String], required: true },
    pem: { type: String, required: true },
    addedAt: { type: Date, required: true },
    addedBy: { type: String, required: true },
    revoked: { type: Boolean, required: true, default: false },
    revokedAt: { type: Date },
    revokedBy: { type: String },
  },
  { collection: 'partner_certificates', versionKey: false },
);
certificateSchema.index({ partnerCode: 1 });

const revocationSchema = new Schema<RevocationDoc>(
  {
    _id: { type: String, required: true },
    partnerCode: { type: String, required: true },
    revokedAt: { type: Date, required: true },
    revokedBy: { type: String, required: true },
  },
  { collection: 'partner_certificate_revocations', versionKey: false },
);

function certificateId(code: string, role: CertificateRole, fingerprint: string): string {
  return `${code}:${role}:${fingerprint}`;
}

function toPartner(doc: PartnerDoc): Partner {
  return {
    code: doc._id,
    name: doc.name,
    endpointUrl: doc.endpointUrl,
    status: doc.status,
    timeoutMs: doc.timeoutMs,
    allowedDocumentTypes: [...doc.allowedDocumentTypes],
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
  };
}

function toCertificate(doc: CertificateDoc, revocation: RevocationDoc | undefined): PartnerCertificate {
  const revokedAt = revocation?.revokedAt ?? doc.revokedAt;
  const revokedBy = revocation?.revokedBy ?? doc.revokedBy;
  return {
    partnerCode: doc.partnerCode,
    role: doc.role,
    fingerprint: doc.fingerprint,
    subject: doc.subject,
    issuer: doc.issuer,
    serialNumber: doc.serialNumber,
    notBefore: doc.notBefore,
    notAfter: doc.notAfter,
    keyType: doc.keyType,
    keySize: doc.keySize,
    ...(doc.curve ? { curve: doc.curve } : {}),
    isCa: doc.isCa,
    keyUsage: [...doc.keyUsage],
    extendedKeyUsage: [...doc.extendedKeyUsage],
    subjectCountries: [...doc.subjectCountries],
    pem: doc.pem,
    addedAt: doc.addedAt,
    addedBy: doc.addedBy,
    // The revocation record decides; the flag on the certificate is a copy for readers of the raw data.
    revoked: Boolean(revocation) || doc.revoked,
    ...(revokedAt ? { revokedAt } : {}),
    ...(revokedBy ? { revokedBy } : {}),
  };
}

export class MongoPartnerRepository implements PartnerRepository {
  private readonly partners: Model<PartnerDoc>;
  private readonly certificates: Model<CertificateDoc>;
  private readonly revocations: Model<RevocationDoc>;

  constructor(connection: Connection) {
    this.partners = connection.models.Partner ?? connection.model<PartnerDoc>('Partner', partnerSchema);
    this.certificates =
      connection.models.PartnerCertificate ??
      connection.model<CertificateDoc>('PartnerCertificate', certificateSchema);
    this.revocations =
      connection.models.PartnerCertificateRevocation ??
      connection.model<RevocationDoc>('PartnerCertificateRevocation', revocationSchema);
  }

  async init(): Promise<void> {
    await Promise.all([
      this.partners.createIndexes(),
      this.certificates.createIndexes(),
      this.revocations.createIndexes(),
    ]);
  }

  async insertPartner(partner: Partner): Promise<void> {
    try {
      await this.partners.create({
        _id: partner.code,
        name: partner.name,
        endpointUrl: partner.endpointUrl,
        status: partner.status,
        timeoutMs: partner.timeoutMs,
        allowedDocumentTypes: partner.allowedDocumentTypes,
        createdAt: partner.createdAt,
        createdBy: partner.createdBy,
        updatedAt: partner.updatedAt,
        updatedBy: partner.updatedBy,
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new GatewayError('PARTNER_EXISTS', `partner ${partner.code} already exists`);
      }
      throw error;
    }
  }

  async findPartner(code: string): Promise<Partner | null> {
    const doc = await this.partners.findOne({ _id: code }).lean<PartnerDoc>();
    return doc ? toPartner(doc) : null;
  }

  async listPartners(): Promise<Partner[]> {
    const docs = await this.partners.find().sort({ _id: 1 }).lean<PartnerDoc[]>();
    return docs.map(toPartner);
  }

  async updatePartner(
    code: string,
    changes: PartnerChanges,
    by: { updatedAt: Date; updatedBy: string },
  ): Promise<Partner | null> {
    const result = await this.partners.updateOne({ _id: code }, { $set: { ...changes, ...by } });
    if (result.matchedCount === 0) return null;
    return this.findPartner(code);
  }

  async insertCertificate(cert: PartnerCertificate): Promise<'inserted' | 'exists'> {
    try {
      await this.certificates.create({
        ...cert,
        _id: certificateId(cert.partnerCode, cert.role, cert.fingerprint),
      });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'exists';
      throw error;
    }
  }

  async findCertificate(
    code: string,
    role: CertificateRole,
    fingerprint: string,
  ): Promise<PartnerCertificate | null> {
    const id = certificateId(code, role, fingerprint);
    const [doc, revocation] = await Promise.all([
      this.certificates.findOne({ _id: id }).lean<CertificateDoc>(),
      this.revocations.findOne({ _id: id }).lean<RevocationDoc>(),
    ]);
    return doc ? toCertificate(doc, revocation ?? undefined) : null;
  }

  async listCertificates(code?: string): Promise<PartnerCertificate[]> {
    const filter = code === undefined ? {} : { partnerCode: code };
    const [docs, revocations] = await Promise.all([
      this.certificates.find(filter).sort({ addedAt: 1 }).lean<CertificateDoc[]>(),
      this.revocations.find(filter).lean<RevocationDoc[]>(),
    ]);
    const revoked = new Map(revocations.map((r) => [r._id, r]));
    return docs.map((doc) => toCertificate(doc, revoked.get(doc._id)));
  }

  async revokeCertificate(
    code: string,
    role: CertificateRole,
    fingerprint: string,
    by: { revokedAt: Date; revokedBy: string },
  ): Promise<boolean> {
    const id = certificateId(code, role, fingerprint);
    let first = true;
    try {
      await this.revocations.create({ _id: id, partnerCode: code, ...by });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      first = false;
    }
    if (first) await this.certificates.updateOne({ _id: id }, { $set: { revoked: true, ...by } });
    return first;
  }
}
