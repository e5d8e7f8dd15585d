/**
 * Console sessions. The browser holds a random secret in an HttpOnly cookie; storage holds only its
 * SHA-256 (the session id), so a copy of the database cannot be used to sign in. Sessions live in the
 * database, so every gateway instance honours them.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, Role } from './token';

export interface Session {
  /** SHA-256 (hex) of the cookie's secret. */
  id: string;
  userId: string;
  name: string;
  role: Role;
  /** Sent back by the console in the X-CSRF-Token header of every state-changing request. */
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}

/** How long a session lives. */
export interface SessionPolicy {
  /** Ends a session not used for this long. */
  idleTimeoutMs: number;
  /** Ends a session this long after sign-in, however busy. */
  maxAgeMs: number;
}

export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionIdOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function looksLikeSessionSecret(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function isSessionExpired(session: Session, policy: SessionPolicy, now: Date): boolean {
  const t = now.getTime();
  return (
    t - session.lastSeenAt.getTime() > policy.idleTimeoutMs ||
    t - session.createdAt.getTime() > policy.maxAgeMs
  );
}

export function actorOfSession(session: Session): Actor {
  return { name: session.name, role: session.role };
}

/** Storage of console sessions. */
export interface SessionRepository {
  /** Stores a new session (ids are unique). */
  insert(session: Session): Promise<void>;
  findById(id: string): Promise<Session | null>;
  /** Moves lastSeenAt forward (never back). */
  touch(id: string, at: Date): Promise<void>;
  /** Ends the session; nothing happens when it is already gone. */
  delete(id: string): Promise<void>;
  /** Ends every session of one user (when the user is disabled); how many there were. */
  deleteForUser(userId: string): Promise<number>;
}
