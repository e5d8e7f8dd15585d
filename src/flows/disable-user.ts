/**
 * An administrator disables a console user: the account can no longer sign in and its open sessions end
 * at once (on every instance: sessions live in the database). The route records the audit entry.
 */
import type { SessionRepository } from '../domain/auth/session';
import type { User, UserRepository } from '../domain/auth/user';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';

export interface DisableUserDeps {
  users: Pick<UserRepository, 'disable' | 'list'>;
  sessions: Pick<SessionRepository, 'deleteForUser'>;
  clock: Clock;
}

/**
 * The user as disabled (the first disabling's time and actor when it was already); USER_NOT_FOUND, or
 * CONFLICT for one's own account (the last administrator must not lock everyone out by a slip).
 */
export async function disableUser(
  deps: DisableUserDeps,
  id: string,
  by: string,
): Promise<{ user: User; endedSessions: number }> {
  const target = (await deps.users.list()).find((u) => u.id === id);
  if (target && target.name === by)
    throw new GatewayError('CONFLICT', 'an administrator cannot disable their own account');
  const user = await deps.users.disable(id, { at: deps.clock.now(), by });
  if (!user) throw new GatewayError('USER_NOT_FOUND', `no console user ${id}`);
  const endedSessions = await deps.sessions.deleteForUser(id);
  return { user, endedSessions };
}
