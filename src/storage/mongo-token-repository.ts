import { Schema, type Connection, type Model } from 'mongoose';
import { storedExpiry } from '../domain/auth/token-lifetime';
import type { ApiToken, Role, StoredToken, TokenRepository } from '../domain/auth/token';

interface TokenDoc {
  _id: string;
  name: string;
  role: Role;
  hash: string;
  createdAt: Date;
  createdBy: string;
  revoked: boolean;
  // absent on tokens made before tokens expired (see storedExpiry)
  expiresAt?: Date;
  revokedAt?: Date;
  revokedBy?: string;
  lastUsedAt?: Date;
}

const tokenSchema = new Schema<TokenDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true },
    hash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    revoked: { type: Boolean, required: true, default: false },
    expiresAt: { type: Date },
    revokedAt: { type: Date },
    revokedBy: { type: String },
    lastUsedAt: { type: Date },
  },
  { collection: 'api_tokens', versionKey: false },
);
tokenSchema.index({ hash: 1 }, { unique: true });

function toToken(doc: TokenDoc): StoredToken {
  return {
    id: doc._id,
    name: doc.name,
    role: doc.role,
    hash: doc.hash,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    revoked: doc.revoked,
    expiresAt: storedExpiry(doc.createdAt, doc.expiresAt),
    ...(doc.revokedAt && { revokedAt: doc.revokedAt }),
    ...(doc.revokedBy && { revokedBy: doc.revokedBy }),
    ...(doc.lastUsedAt && { lastUsedAt: doc.lastUsedAt }),
  };
}

/** The token as shown: never its hash. */
function withoutHash(doc: TokenDoc): ApiToken {
  const { hash: _hash, ...token } = toToken(doc);
  return token;
}

export class MongoTokenRepository implements TokenRepository {
  private readonly model: Model<TokenDoc>;

  constructor(connection: Connection) {
    this.model = connection.models.ApiToken ?? connection.model<TokenDoc>('ApiToken', tokenSchema);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async insert(token: StoredToken): Promise<void> {
    await this.model.create({
      _id: token.id,
      name: token.name,
      role: token.role,
      hash: token.hash,
      createdAt: token.createdAt,
      createdBy: token.createdBy,
      revoked: token.revoked,
      expiresAt: token.expiresAt,
    });
  }

  async findByHash(hash: string): Promise<StoredToken | null> {
    const doc = await this.model.findOne({ hash }).lean<TokenDoc>();
    return doc ? toToken(doc) : null;
  }

  async findById(id: string): Promise<ApiToken | null> {
    const doc = await this.model.findById(id).lean<TokenDoc>();
    return doc ? withoutHash(doc) : null;
  }

  async list(): Promise<ApiToken[]> {
    const docs = await this.model.find().sort({ createdAt: 1 }).lean<TokenDoc[]>();
    return docs.map(withoutHash);
  }

  async revoke(id: string, revokedAt: Date, revokedBy: string): Promise<ApiToken | null> {
    const result = await this.model.updateOne(
      { _id: id, revoked: false },
      { $set: { revoked: true, revokedAt, revokedBy } },
    );
    return result.modifiedCount === 1 ? this.findById(id) : null;
  }

  async recordUse(id: string, at: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $max: { lastUsedAt: at } });
  }
}
