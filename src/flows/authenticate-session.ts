/**
 * Resolves a console session cookie to the session and its actor. A session ends after `idleTimeoutMs`
 * without use or `maxAgeMs` after sign-in; an ended session is deleted when it is next presented. Use is
 * recorded at most once per `touchEveryMs`, so a busy console does not write on every request.
 */
import type { AuditLog } from '../domain/audit/audit-entry';
import {
  isSessionExpired,
  looksLikeSessionSecret,
  sessionIdOf,
  type Session,
  type SessionPolicy,
  type SessionRepository,
} from '../domain/auth/session';
import type { Clock } from '../domain/ports';

export interface SessionAuthenticatorDeps {
  sessions: SessionRepository;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
  policy: SessionPolicy;
}

export class SessionAuthenticator {
  constructor(
    private readonly deps: SessionAuthenticatorDeps,
    private readonly touchEveryMs = 60_000,
  ) {}

  get policy(): SessionPolicy {
    return this.deps.policy;
  }

  /** The live session of this cookie secret, or null (unknown, malformed or ended). */
  async authenticate(secret: string): Promise<Session | null> {
    if (!looksLikeSessionSecret(secret)) return null;
    const id = sessionIdOf(secret);
    const session = await this.deps.sessions.findById(id);
    if (!session) return null;
    const now = this.deps.clock.now();
    if (isSessionExpired(session, this.deps.policy, now)) {
      await this.deps.sessions.delete(id);
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= this.touchEveryMs) {
      await this.deps.sessions.touch(id, now);
      return { ...session, lastSeenAt: now };
    }
    return session;
  }

  /** Ends the session (sign-out) and audits it. */
  async signOut(session: Session): Promise<void> {
    await this.deps.sessions.delete(session.id);
    await this.deps.audit.append({
      actor: session.name,
      action: 'user.signed-out',
      target: `user:${session.userId}`,
      before: null,
      after: null,
    });
  }
}
