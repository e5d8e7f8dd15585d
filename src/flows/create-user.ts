/** Creates a console user: checks role, name and password, stores the scrypt hash, audits the creation. */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../domain/audit/audit-entry';
import { hashPassword, passwordProblem } from '../domain/auth/password';
import { isRole, ROLES } from '../domain/auth/token';
import type { User, UserRepository } from '../domain/auth/user';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';

export interface CreateUserDeps {
  users: UserRepository;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
}

const NAME = /^[\p{L}\p{N}._@-]{1,64}$/u;

export async function createUser(
  deps: CreateUserDeps,
  input: { role: string; name: string; password: string; createdBy: string },
): Promise<User> {
  if (!isRole(input.role))
    throw new GatewayError('VALIDATION_FAILED', `role must be one of ${ROLES.join(', ')}`);
  const name = input.name.trim().normalize('NFC');
  if (!NAME.test(name))
    throw new GatewayError(
      'VALIDATION_FAILED',
      'name must be 1 to 64 letters, digits or . _ @ - (it is what the user types to sign in)',
    );
  const problem = passwordProblem(input.password);
  if (problem) throw new GatewayError('VALIDATION_FAILED', problem);
  const user: User = {
    id: randomUUID(),
    name,
    role: input.role,
    createdAt: deps.clock.now(),
    createdBy: input.createdBy,
  };
  const passwordHash = await hashPassword(input.password);
  await deps.users.insert({ ...user, passwordHash, failedAttempts: 0, lockedUntil: null });
  await deps.audit.append({
    actor: input.createdBy,
    action: 'user.created',
    target: `user:${user.id}`,
    before: null,
    after: user,
  });
  return user;
}
