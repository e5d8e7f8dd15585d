/** Creates an API token: the secret is returned once, only its hash is stored; every token expires. */
import { randomUUID } from 'node:crypto';
import {
  generateToken,
  hashToken,
  isRole,
  ROLES,
  type ApiToken,
  type TokenRepository,
} from '../domain/auth/token';
import { tokenExpiry, type TokenLifetimePolicy } from '../domain/auth/token-lifetime';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';

export interface CreateTokenDeps {
  tokens: TokenRepository;
  clock: Clock;
  /** Default and longest lifetime (DEFAULT_TOKEN_LIFETIME_POLICY when absent). */
  lifetime?: TokenLifetimePolicy;
  /** Called after the token is stored, e.g. to append to the audit log. */
  onCreated?: (token: ApiToken) => Promise<void>;
}

export async function createToken(
  deps: CreateTokenDeps,
  input: { role: string; name: string; createdBy: string; expiresIn?: string; expiresAt?: Date },
): Promise<{ token: string; record: ApiToken }> {
  if (!isRole(input.role))
    throw new GatewayError('VALIDATION_FAILED', `role must be one of ${ROLES.join(', ')}`);
  const name = input.name.trim();
  if (!name || name.length > 100)
    throw new GatewayError('VALIDATION_FAILED', 'name must be 1 to 100 characters');
  const now = deps.clock.now();
  const expiresAt = tokenExpiry(
    now,
    {
      ...(input.expiresIn !== undefined && { expiresIn: input.expiresIn }),
      ...(input.expiresAt !== undefined && { expiresAt: input.expiresAt }),
    },
    deps.lifetime,
  );
  const token = generateToken();
  const record: ApiToken = {
    id: randomUUID(),
    name,
    role: input.role,
    createdAt: now,
    createdBy: input.createdBy,
    revoked: false,
    expiresAt,
  };
  await deps.tokens.insert({ ...record, hash: hashToken(token) });
  await deps.onCreated?.(record);
  return { token, record };
}
