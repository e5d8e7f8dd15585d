/**
 * Bearer tokens of the internal API. A token is shown once when created; only its SHA-256 is stored.
 * Tokens carry 256 random bits, so a plain hash is enough (no password-style stretching needed).
 */
import { createHash, randomBytes } from 'node:crypto';

export const ROLES = ['admin', 'issuer', 'customs', 'auditor', 'risk'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  createdBy: string;
  revoked: boolean;
  /** From this instant the token is refused (AUTH_TOKEN_EXPIRED). */
  expiresAt: Date;
  revokedAt?: Date;
  revokedBy?: string;
  /** The last accepted request, written at most once per `tokens.lastUseWriteIntervalMs` per instance. */
  lastUsedAt?: Date;
}

export interface StoredToken extends ApiToken {
  hash: string;
}

/** Storage of API tokens (only hashes). */
export interface TokenRepository {
  insert(token: StoredToken): Promise<void>;
  /** The token with this hash, or null when none (revoked tokens are returned with revoked=true). */
  findByHash(hash: string): Promise<StoredToken | null>;
  list(): Promise<ApiToken[]>;
  /** The token with this id (never its hash), or null. */
  findById(id: string): Promise<ApiToken | null>;
  /** Marks the token revoked; null when there is no such token or it was already revoked. */
  revoke(id: string, revokedAt: Date, revokedBy: string): Promise<ApiToken | null>;
  /** Moves lastUsedAt forward to `at` (never back). */
  recordUse(id: string, at: Date): Promise<void>;
}

/** The principal a request acts as. */
export interface Actor {
  name: string;
  role: Role;
  /** The API token's id, when the actor is a token. */
  tokenId?: string;
}

const PREFIX = 'epx_';

export function generateToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeToken(value: string): boolean {
  return /^epx_[A-Za-z0-9_-]{43}$/.test(value);
}
