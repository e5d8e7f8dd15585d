/** UserRepository in memory, for fast flow tests; held to the same contract as the MongoDB one. */
import { userNameKey, type StoredUser, type User, type UserRepository } from '../../../src/domain/auth/user';
import { GatewayError } from '../../../src/domain/errors';

export class InMemoryUserRepository implements UserRepository {
  private readonly users = new Map<string, StoredUser>();

  insert(user: StoredUser): Promise<void> {
    const key = userNameKey(user.name);
    if (this.users.has(key)) return Promise.reject(new GatewayError('USER_EXISTS'));
    this.users.set(key, structuredClone(user));
    return Promise.resolve();
  }

  findByName(name: string): Promise<StoredUser | null> {
    const user = this.users.get(userNameKey(name));
    return Promise.resolve(user ? structuredClone(user) : null);
  }

  updateSignInState(id: string, state: { failedAttempts: number; lockedUntil: Date | null }): Promise<void> {
    for (const user of this.users.values()) {
      if (user.id === id) Object.assign(user, structuredClone(state));
    }
    return Promise.resolve();
  }

  list(): Promise<User[]> {
    return Promise.resolve(
      [...this.users.values()]
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map((user) => withoutSecrets(user)),
    );
  }

  disable(id: string, by: { at: Date; by: string }): Promise<User | null> {
    const user = [...this.users.values()].find((u) => u.id === id);
    if (!user) return Promise.resolve(null);
    if (!user.disabledAt) Object.assign(user, { disabledAt: new Date(by.at), disabledBy: by.by });
    return Promise.resolve(withoutSecrets(user));
  }
}

function withoutSecrets(stored: StoredUser): User {
  const { passwordHash: _hash, failedAttempts: _f, lockedUntil: _l, ...user } = structuredClone(stored);
  return user;
}
