/**
 * Authenticates a bearer token of the internal API. Lookups are cached briefly, so a busy API does not
 * hit the database on every request; a revoked token stops working within the cache lifetime.
 */
import { hashToken, looksLikeToken, type Actor, type TokenRepository } from '../domain/auth/token';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';

export class TokenAuthenticator {
  private readonly cache = new Map<string, { actor: Actor | null; until: number }>();

  constructor(
    private readonly deps: { tokens: TokenRepository; clock: Clock },
    private readonly cacheMs = 10_000,
  ) {}

  /** Resolves the Authorization header to an actor, or throws AUTH_REQUIRED / AUTH_INVALID_TOKEN. */
  async authenticate(authorization: string | undefined): Promise<Actor> {
    if (!authorization) throw new GatewayError('AUTH_REQUIRED');
    const match = /^Bearer ([^\s]+)$/i.exec(authorization.trim());
    if (!match?.[1])
      throw new GatewayError('AUTH_REQUIRED', 'the Authorization header must be "Bearer <token>"');
    const token = match[1];
    if (!looksLikeToken(token)) throw new GatewayError('AUTH_INVALID_TOKEN');
    const hash = hashToken(token);
    const now = this.deps.clock.now().getTime();
    const cached = this.cache.get(hash);
    let actor: Actor | null;
    if (cached && cached.until > now) {
      actor = cached.actor;
    } else {
      const stored = await this.deps.tokens.findByHash(hash);
      actor = stored && !stored.revoked ? { name: stored.name, role: stored.role } : null;
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, { actor, until: now + this.cacheMs });
    }
    if (!actor) throw new GatewayError('AUTH_INVALID_TOKEN');
    return actor;
  }
}
