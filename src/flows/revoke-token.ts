/** Revokes an API token: refused on every instance within a second (the authenticator's cache lifetime). */
import type { ApiToken, TokenRepository } from '../domain/auth/token';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';

export interface RevokeTokenDeps {
  tokens: TokenRepository;
  clock: Clock;
  /** Called after the revocation is stored, e.g. to append to the audit log. */
  onRevoked?: (before: ApiToken, after: ApiToken) => Promise<void>;
}

/** TOKEN_NOT_FOUND for an unknown id, TOKEN_ALREADY_REVOKED when it was revoked before. */
export async function revokeToken(
  deps: RevokeTokenDeps,
  input: { id: string; revokedBy: string },
): Promise<ApiToken> {
  const before = await deps.tokens.findById(input.id);
  if (!before) throw new GatewayError('TOKEN_NOT_FOUND', `no API token ${input.id}`);
  if (before.revoked) throw new GatewayError('TOKEN_ALREADY_REVOKED');
  const after = await deps.tokens.revoke(input.id, deps.clock.now(), input.revokedBy);
  // null here: another request revoked it between the read and the write
  if (!after) throw new GatewayError('TOKEN_ALREADY_REVOKED');
  await deps.onRevoked?.(before, after);
  return after;
}
