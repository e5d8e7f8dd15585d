/**
 * Console users in MongoDB. The primary key is the case-folded name, so "one user per name" rests on the
 * unique _id (FerretDB v1 has no transactions; a unique-index insert is the only safe once-only step).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Role } from '../domain/auth/token';
import { userNameKey, type StoredUser, type User, type UserRepository } from '../domain/auth/user';
import { GatewayError } from '../domain/errors';
import { isDuplicateKeyError } from './mongo-connection';

interface UserDoc {
  _id: string;
  userId: string;
  name: string;
  role: Role;
  passwordHash: string;
  failedAttempts: number;
  lockedUntil: Date | null;
  createdAt: Date;
  createdBy: string;
  disabledAt?: Date | null;
  disabledBy?: string | null;
}

const userSchema = new Schema<UserDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true },
    passwordHash: { type: String, required: true },
    failedAttempts: { type: Number, required: true, default: 0 },
    lockedUntil: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    disabledAt: { type: Date },
    disabledBy: { type: String },
  },
  { collection: 'console_users', versionKey: false },
);
userSchema.index({ userId: 1 }, { unique: true });

function toUser(doc: UserDoc): StoredUser {
  return {
    id: doc.userId,
    name: doc.name,
    role: doc.role,
    passwordHash: doc.passwordHash,
    failedAttempts: doc.failedAttempts,
    lockedUntil: doc.lockedUntil ?? null,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    ...(doc.disabledAt && { disabledAt: doc.disabledAt, disabledBy: doc.disabledBy ?? 'unknown' }),
  };
}

export class MongoUserRepository implements UserRepository {
  private readonly model: Model<UserDoc>;

  constructor(connection: Connection) {
    this.model = connection.models.ConsoleUser ?? connection.model<UserDoc>('ConsoleUser', userSchema);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async insert(user: StoredUser): Promise<void> {
    try {
      await this.model.create({
        _id: userNameKey(user.name),
        userId: user.id,
        name: user.name,
        role: user.role,
        passwordHash: user.passwordHash,
        failedAttempts: user.failedAttempts,
        lockedUntil: user.lockedUntil,
        createdAt: user.createdAt,
        createdBy: user.createdBy,
      });
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new GatewayError('USER_EXISTS', `a user named ${user.name} exists`);
      throw error;
    }
  }

  async findByName(name: string): Promise<StoredUser | null> {
    const doc = await this.model.findById(userNameKey(name)).lean<UserDoc>();
    return doc ? toUser(doc) : null;
  }

  async updateSignInState(
    id: string,
    state: { failedAttempts: number; lockedUntil: Date | null },
  ): Promise<void> {
    await this.model.updateOne(
      { userId: id },
      { $set: { failedAttempts: state.failedAttempts, lockedUntil: state.lockedUntil } },
    );
  }

  async disable(id: string, by: { at: Date; by: string }): Promise<User | null> {
    // The filter keeps the first disabling (FerretDB runs it as read-then-write; a concurrent second
    // disabling of the same account would only move its time, and both callers want it disabled).
    await this.model.updateOne(
      { userId: id, disabledAt: null },
      { $set: { disabledAt: by.at, disabledBy: by.by } },
    );
    const doc = await this.model.findOne({ userId: id }).lean<UserDoc>();
    return doc ? withoutSecrets(toUser(doc)) : null;
  }

  async list(): Promise<User[]> {
    const docs = await this.model.find().sort({ createdAt: 1 }).lean<UserDoc[]>();
    return docs.map((doc) => withoutSecrets(toUser(doc)));
  }
}

function withoutSecrets(stored: StoredUser): User {
  const { passwordHash: _hash, failedAttempts: _f, lockedUntil: _l, ...user } = stored;
  return user;
}
