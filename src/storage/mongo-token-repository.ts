import { Schema, type Connection, type Model } from 'mongoose';
import type { ApiToken, Role, StoredToken, TokenRepository } from '../domain/auth/token';

interface TokenDoc {
  _id: string;
  name: string;
  role: Role;
  hash: string;
  createdAt: Date;
  createdBy: string;
  revoked: boolean;
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
  };
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
    });
  }

  async findByHash(hash: string): Promise<StoredToken | null> {
    const doc = await this.model.findOne({ hash }).lean<TokenDoc>();
    return doc ? toToken(doc) : null;
  }

  async list(): Promise<ApiToken[]> {
    const docs = await this.model.find().sort({ createdAt: 1 }).lean<TokenDoc[]>();
    return docs.map((doc) => {
      const { hash: _hash, ...token } = toToken(doc);
      return token;
    });
  }
}
