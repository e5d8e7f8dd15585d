/** SessionRepository in memory, for fast flow tests; held to the same contract as the MongoDB one. */
import type { Session, SessionRepository } from '../../../src/domain/auth/session';

export class InMemorySessionRepository implements SessionRepository {
  private readonly sessions = new Map<string, Session>();

  insert(session: Session): Promise<void> {
    if (this.sessions.has(session.id)) return Promise.reject(new Error(`session ${session.id} exists`));
    this.sessions.set(session.id, structuredClone(session));
    return Promise.resolve();
  }

  findById(id: string): Promise<Session | null> {
    const session = this.sessions.get(id);
    return Promise.resolve(session ? structuredClone(session) : null);
  }

  touch(id: string, at: Date): Promise<void> {
    const session = this.sessions.get(id);
    if (session && session.lastSeenAt.getTime() < at.getTime()) session.lastSeenAt = new Date(at);
    return Promise.resolve();
  }

  delete(id: string): Promise<void> {
    this.sessions.delete(id);
    return Promise.resolve();
  }

  deleteForUser(userId: string): Promise<number> {
    const ids = [...this.sessions.values()].filter((s) => s.userId === userId).map((s) => s.id);
    for (const id of ids) this.sessions.delete(id);
    return Promise.resolve(ids.length);
  }
}
