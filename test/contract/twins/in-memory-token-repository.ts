/** TokenRepository in memory, for fast flow tests; held to the same contract as the MongoDB one. */
import type { ApiToken, StoredToken, TokenRepository } from '../../../src/domain/auth/token';

export class InMemoryTokenRepository implements TokenRepository {
  private readonly byId = new Map<string, StoredToken>();

  insert(token: StoredToken): Promise<void> {
    const taken = [...this.byId.values()].some((t) => t.hash === token.hash) || this.byId.has(token.id);
    if (taken) return Promise.reject(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }));
    this.byId.set(token.id, structuredClone(token));
    return Promise.resolve();
  }

  findByHash(hash: string): Promise<StoredToken | null> {
    const found = [...this.byId.values()].find((t) => t.hash === hash);
    return Promise.resolve(found ? structuredClone(found) : null);
  }

  findById(id: string): Promise<ApiToken | null> {
    const found = this.byId.get(id);
    return Promise.resolve(found ? shown(found) : null);
  }

  list(): Promise<ApiToken[]> {
    const all = [...this.byId.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return Promise.resolve(all.map(shown));
  }

  revoke(id: string, revokedAt: Date, revokedBy: string): Promise<ApiToken | null> {
    const found = this.byId.get(id);
    if (!found || found.revoked) return Promise.resolve(null);
    Object.assign(found, { revoked: true, revokedAt, revokedBy });
    return Promise.resolve(shown(found));
  }

  recordUse(id: string, at: Date): Promise<void> {
    const found = this.byId.get(id);
    if (found && (!found.lastUsedAt || found.lastUsedAt < at)) found.lastUsedAt = at;
    return Promise.resolve();
  }
}

function shown(token: StoredToken): ApiToken {
  const { hash: _hash, ...rest } = structuredClone(token);
  return rest;
}
