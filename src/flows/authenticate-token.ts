/**
 * Authenticates a bearer token of the internal API. Lookups are cached for at most a second, so a busy API
 * does not hit the database on every request, yet a token revoked on one instance is refused by every
 * instance within that second. Expiry is checked on every request against the clock.
 */
import {
  hashToken,
  looksLikeToken,
  type Actor,
  type StoredToken,
  type TokenRepository,
} from '../domain/auth/token';
import { assertTokenUsable } from '../domain/auth/token-lifetime';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';

/** Longest time a revoked token may still be accepted somewhere. */
export const TOKEN_CACHE_MAX_MS = 1000;
const CACHE_MAX_ENTRIES = 10_000;

export interface TokenAuthenticatorOptions {
  /** How long a lookup is reused (at most TOKEN_CACHE_MAX_MS). */
  cacheMs?: number;
  /** A token's last use is written at most once per this interval by this instance. */
  lastUseWriteIntervalMs?: number;
}

export class TokenAuthenticator {
  private readonly cache = new Map<string, { token: StoredToken | null; until: number }>();
  private readonly lastUseWritten = new Map<string, number>();
  private readonly cacheMs: number;
  private readonly lastUseWriteIntervalMs: number;

  constructor(
    private readonly deps: { tokens: TokenRepository; clock: Clock },
    options: TokenAuthenticatorOptions = {},
  ) {
    this.cacheMs = Math.min(options.cacheMs ?? TOKEN_CACHE_MAX_MS, TOKEN_CACHE_MAX_MS);
    this.lastUseWriteIntervalMs = options.lastUseWriteIntervalMs ?? 60_000;
  }

  /**
   * Resolves the Authorization header to an actor, or throws AUTH_REQUIRED / AUTH_INVALID_TOKEN /
   * AUTH_TOKEN_REVOKED / AUTH_TOKEN_EXPIRED.
   */
  async authenticate(authorization: string | undefined): Promise<Actor> {
    const secret = bearerOf(authorization);
    const now = this.deps.clock.now();
    const token = await this.lookup(hashToken(secret), now.getTime());
    if (!token) throw new GatewayError('AUTH_INVALID_TOKEN');
    assertTokenUsable(token, now);
    this.noteUse(token.id, now);
    return { name: token.name, role: token.role, tokenId: token.id };
  }

  private async lookup(hash: string, now: number): Promise<StoredToken | null> {
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.token;
    const token = await this.deps.tokens.findByHash(hash);
    if (this.cache.size > CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(hash, { token, until: now + this.cacheMs });
    return token;
  }

  /** Writes the last use in the background, once per interval per token: never a write per request. */
  private noteUse(id: string, now: Date): void {
    const last = this.lastUseWritten.get(id);
    if (last !== undefined && now.getTime() - last < this.lastUseWriteIntervalMs) return;
    if (this.lastUseWritten.size > CACHE_MAX_ENTRIES) this.lastUseWritten.clear();
    this.lastUseWritten.set(id, now.getTime());
    // a lost last-use write costs nothing but precision; the request must not wait for it or fail on it
    this.deps.tokens.recordUse(id, now).catch(() => this.lastUseWritten.delete(id));
  }
}

function bearerOf(authorization: string | undefined): string {
  if (!authorization) throw new GatewayError('AUTH_REQUIRED');
  const match = /^Bearer ([^\s]+)$/i.exec(authorization.trim());
  if (!match?.[1])
    throw new GatewayError('AUTH_REQUIRED', 'the Authorization header must be "Bearer <token>"');
  if (!looksLikeToken(match[1])) throw new GatewayError('AUTH_INVALID_TOKEN');
  return match[1];
}
