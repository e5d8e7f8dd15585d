/**
 * People who sign in to the console. A user has one of the API's roles and acts with it exactly as a
 * bearer token of that role does. Only a scrypt hash of the password is stored (see password.ts).
 */
import type { Role } from './token';

export interface User {
  id: string;
  /** The sign-in name, unique regardless of letter case. */
  name: string;
  role: Role;
  createdAt: Date;
  createdBy: string;
  /** Set when an administrator disabled the account: it can no longer sign in. Absent while enabled. */
  disabledAt?: Date;
  disabledBy?: string;
}

export interface StoredUser extends User {
  passwordHash: string;
  /** Failed sign-ins since the last successful one (or since the last lockout ended). */
  failedAttempts: number;
  /** Sign-in is refused until then, even with the right password; null when not locked. */
  lockedUntil: Date | null;
}

/** How sign-in failures lead to a lockout. */
export interface LockoutPolicy {
  maxAttempts: number;
  lockoutMs: number;
}

/** The sign-in state after one more failure at `now`: locked once `maxAttempts` is reached. */
export function afterFailedSignIn(
  user: Pick<StoredUser, 'failedAttempts' | 'lockedUntil'>,
  policy: LockoutPolicy,
  now: Date,
): { failedAttempts: number; lockedUntil: Date | null } {
  const lockExpired = user.lockedUntil !== null && user.lockedUntil.getTime() <= now.getTime();
  const failedAttempts = (lockExpired ? 0 : user.failedAttempts) + 1;
  if (failedAttempts >= policy.maxAttempts)
    return { failedAttempts, lockedUntil: new Date(now.getTime() + policy.lockoutMs) };
  return { failedAttempts, lockedUntil: null };
}

export function isLocked(user: Pick<StoredUser, 'lockedUntil'>, now: Date): boolean {
  return user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
}

/** The key that makes names unique regardless of case. */
export function userNameKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

/** Storage of console users. */
export interface UserRepository {
  /** Stores a new user; throws GatewayError USER_EXISTS when the name (any case) is taken. */
  insert(user: StoredUser): Promise<void>;
  /** The user with this name (any case), or null. */
  findByName(name: string): Promise<StoredUser | null>;
  /** Records the sign-in state (failures and lockout) of a user. */
  updateSignInState(id: string, state: { failedAttempts: number; lockedUntil: Date | null }): Promise<void>;
  /** Every user without password hashes, oldest first. */
  list(): Promise<User[]>;
  /**
   * Disables the user with this id (once: a second call keeps the first time and actor); the user as it now
   * is, or null when there is no such user.
   */
  disable(id: string, by: { at: Date; by: string }): Promise<User | null>;
}
