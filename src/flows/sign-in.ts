/**
 * Signs a console user in: checks the password (scrypt), counts failures and locks the account after
 * too many, and opens a session stored in the database. Every success and failure goes to the audit log
 * (never the password). A wrong name costs the same hashing time as a wrong password.
 */
import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../domain/audit/audit-entry';
import { hashPassword, verifyPassword } from '../domain/auth/password';
import { newSessionSecret, sessionIdOf, type Session, type SessionRepository } from '../domain/auth/session';
import {
  afterFailedSignIn,
  isLocked,
  type LockoutPolicy,
  type StoredUser,
  type UserRepository,
} from '../domain/auth/user';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';

export interface SignInDeps {
  users: UserRepository;
  sessions: SessionRepository;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
  lockout: LockoutPolicy;
}

/** The secret goes into the cookie only; the session holds its hash. */
export interface SignedIn {
  secret: string;
  session: Session;
}

let dummyHash: Promise<string> | undefined;

export async function signIn(deps: SignInDeps, input: { name: string; password: string }): Promise<SignedIn> {
  const now = deps.clock.now();
  const user = await deps.users.findByName(input.name);
  if (!user) {
    dummyHash ??= hashPassword('not a password of anyone');
    await verifyPassword(input.password, await dummyHash);
    await auditFailure(deps, `user-name:${input.name.slice(0, 64)}`, 'unknown name');
    throw new GatewayError('SIGN_IN_FAILED');
  }
  if (user.disabledAt) {
    // Same answer as a wrong password: whether an account exists and is disabled is not told to strangers.
    await auditFailure(deps, `user:${user.id}`, 'disabled');
    throw new GatewayError('SIGN_IN_FAILED');
  }
  if (isLocked(user, now)) {
    await auditFailure(deps, `user:${user.id}`, 'locked');
    throw lockedError(user.lockedUntil!);
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await recordFailure(deps, user, now);
  }
  await deps.users.updateSignInState(user.id, { failedAttempts: 0, lockedUntil: null });
  return openSession(deps, user, now);
}

async function recordFailure(deps: SignInDeps, user: StoredUser, now: Date): Promise<never> {
  const state = afterFailedSignIn(user, deps.lockout, now);
  await deps.users.updateSignInState(user.id, state);
  await auditFailure(
    deps,
    `user:${user.id}`,
    state.lockedUntil ? 'wrong password; now locked' : 'wrong password',
  );
  if (state.lockedUntil) throw lockedError(state.lockedUntil);
  throw new GatewayError('SIGN_IN_FAILED');
}

async function openSession(deps: SignInDeps, user: StoredUser, now: Date): Promise<SignedIn> {
  const secret = newSessionSecret();
  const session: Session = {
    id: sessionIdOf(secret),
    userId: user.id,
    name: user.name,
    role: user.role,
    csrfToken: randomBytes(24).toString('base64url'),
    createdAt: now,
    lastSeenAt: now,
  };
  await deps.sessions.insert(session);
  await deps.audit.append({
    actor: user.name,
    action: 'user.signed-in',
    target: `user:${user.id}`,
    before: null,
    after: { role: user.role },
  });
  return { secret, session };
}

function auditFailure(deps: SignInDeps, target: string, reason: string): Promise<unknown> {
  return deps.audit.append({
    actor: 'console',
    action: 'user.sign-in-failed',
    target,
    before: null,
    after: { reason },
  });
}

function lockedError(until: Date): GatewayError {
  return new GatewayError('ACCOUNT_LOCKED', undefined, { details: { lockedUntil: until.toISOString() } });
}
