/**
 * Console sessions in MongoDB, by the hash of the cookie secret. Ended sessions are deleted when next
 * presented (FerretDB v1 has no TTL index to expire them in the background).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Session, SessionRepository } from '../domain/auth/session';
import type { Role } from '../domain/auth/token';

interface SessionDoc {
  _id: string;
  userId: string;
  name: string;
  role: Role;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
  },
  { collection: 'console_sessions', versionKey: false },
);

function toSession(doc: SessionDoc): Session {
  return {
    id: doc._id,
    userId: doc.userId,
    name: doc.name,
    role: doc.role,
    csrfToken: doc.csrfToken,
    createdAt: doc.createdAt,
    lastSeenAt: doc.lastSeenAt,
  };
}

export class MongoSessionRepository implements SessionRepository {
  private readonly model: Model<SessionDoc>;

  constructor(connection: Connection) {
    this.model =
      connection.models.ConsoleSession ?? connection.model<SessionDoc>('ConsoleSession', sessionSchema);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async insert(session: Session): Promise<void> {
    await this.model.create({
      _id: session.id,
      userId: session.userId,
      name: session.name,
      role: session.role,
      csrfToken: session.csrfToken,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
    });
  }

  async findById(id: string): Promise<Session | null> {
    const doc = await this.model.findById(id).lean<SessionDoc>();
    return doc ? toSession(doc) : null;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.model.updateOne({ _id: id, lastSeenAt: { $lt: at } }, { $set: { lastSeenAt: at } });
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }

  async deleteForUser(userId: string): Promise<number> {
    const result = await this.model.deleteMany({ userId });
    return result.deletedCount;
  }
}
