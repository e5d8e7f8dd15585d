/** Creates an API token: the secret is returned once, only its hash is stored. */
import { randomUUID } from 'node:crypto';
import {
  generateToken,
  hashToken,
  isRole,
  ROLES,
  type ApiToken,
  type TokenRepository,
} from '../domain/auth/token';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';

export interface CreateTokenDeps {
  tokens: TokenRepository;
  clock: Clock;
  /** Called after the token is stored, e.g. to append to the audit log. */
  onCreated?: (token: ApiToken) => Promise<void>;
}

export async function createToken(
  deps: CreateTokenDeps,
  input: { role: string; name: string; createdBy: string },
): Promise<{ token: string; record: ApiToken }> {
  if (!isRole(input.role))
    throw new GatewayError('VALIDATION_FAILED', `role must be one of ${ROLES.join(', ')}`);
  const name = input.name.trim();
  if (!name || name.length > 100)
    throw new GatewayError('VALIDATION_FAILED', 'name must be 1 to 100 characters');
  const token = generateToken();
  const record: ApiToken = {
    id: randomUUID(),
    name,
    role: input.role,
    createdAt: deps.clock.now(),
    createdBy: input.createdBy,
    revoked: false,
  };
  await deps.tokens.insert({ ...record, hash: hashToken(token) });
  await deps.onCreated?.(record);
  return { token, record };
}
