/**
 * How long an API token lives: a default lifetime, a ceiling, and the two ways a creator can choose
 * (`--expires-in 30d` or `--expires-at 2027-01-31T00:00:00Z`). Time is an argument.
 */
import { GatewayError } from '../errors';
import type { ApiToken } from './token';

const DAY_MS = 86_400_000;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: DAY_MS } as const;

/** Tokens made before tokens expired carry no expiry; they live this long from their creation. */
export const DEFAULT_TOKEN_LIFETIME_DAYS = 90;

export interface TokenLifetimePolicy {
  defaultDays: number;
  maxDays: number;
}

export const DEFAULT_TOKEN_LIFETIME_POLICY: TokenLifetimePolicy = {
  defaultDays: DEFAULT_TOKEN_LIFETIME_DAYS,
  maxDays: 366,
};

/** A duration such as `90d`, `12h` or `30m`, in milliseconds; VALIDATION_FAILED otherwise. */
export function parseLifetime(text: string): number {
  const match = /^([1-9][0-9]{0,5})([mhd])$/.exec(text.trim());
  if (!match) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `expiresIn must be a number and a unit m, h or d, e.g. 90d (got ${JSON.stringify(text)})`,
    );
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/**
 * The expiry of a new token: `expiresAt`, or now + `expiresIn`, or now + the default lifetime. It must lie
 * in the future and within the policy's ceiling (VALIDATION_FAILED otherwise).
 */
export function tokenExpiry(
  now: Date,
  choice: { expiresIn?: string; expiresAt?: Date },
  policy: TokenLifetimePolicy = DEFAULT_TOKEN_LIFETIME_POLICY,
): Date {
  if (choice.expiresIn !== undefined && choice.expiresAt !== undefined)
    throw new GatewayError('VALIDATION_FAILED', 'give expiresIn or expiresAt, not both');
  const expiresAt =
    choice.expiresAt ??
    new Date(
      now.getTime() +
        (choice.expiresIn === undefined ? policy.defaultDays * DAY_MS : parseLifetime(choice.expiresIn)),
    );
  if (Number.isNaN(expiresAt.getTime()))
    throw new GatewayError('VALIDATION_FAILED', 'expiresAt must be an ISO 8601 date-time');
  if (expiresAt.getTime() <= now.getTime())
    throw new GatewayError('VALIDATION_FAILED', 'the expiry must lie in the future');
  if (expiresAt.getTime() > now.getTime() + policy.maxDays * DAY_MS) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `a token may live at most ${policy.maxDays} days (tokens.maxLifetimeDays)`,
    );
  }
  return expiresAt;
}

/** Throws AUTH_TOKEN_REVOKED or AUTH_TOKEN_EXPIRED when the token may not be used at `now`. */
export function assertTokenUsable(token: Pick<ApiToken, 'revoked' | 'expiresAt'>, now: Date): void {
  if (token.revoked) throw new GatewayError('AUTH_TOKEN_REVOKED');
  if (token.expiresAt.getTime() <= now.getTime()) throw new GatewayError('AUTH_TOKEN_EXPIRED');
}

/** The expiry of a stored token; one made before tokens expired lives the default lifetime. */
export function storedExpiry(createdAt: Date, expiresAt: Date | undefined | null): Date {
  return expiresAt ?? new Date(createdAt.getTime() + DEFAULT_TOKEN_LIFETIME_DAYS * DAY_MS);
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

/** What a token list shows beside each token. */
export function tokenStatus(token: Pick<ApiToken, 'revoked' | 'expiresAt'>, now: Date): TokenStatus {
  if (token.revoked) return 'revoked';
  return token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}
