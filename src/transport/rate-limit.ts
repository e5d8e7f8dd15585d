/**
 * Express middleware that answers 429 RATE_LIMITED with Retry-After (whole seconds) once a key's bucket
 * is empty. The key comes from the request (the exchange partner, the bearer token); requests without a
 * key pass (they are refused by authentication anyway). Each instance takes its share of the limit from
 * the live instance count, so the instances together stay within it.
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { GatewayError } from '../domain/errors';
import { TokenBuckets, type RateLimit } from '../domain/limits/token-buckets';
import type { Clock } from '../domain/ports';

export interface RateLimitDeps {
  limit: RateLimit;
  clock: Clock;
  /** Live instances of this gateway sharing the limit (at least 1). */
  instances: () => number;
  keyOf: (req: Request, res: Response) => string | undefined;
  /** Named in the error text: 'partner' or 'token'. */
  scope: string;
}

export function rateLimit(deps: RateLimitDeps): RequestHandler {
  const buckets = new TokenBuckets(deps.limit);
  return (req, res, next) => {
    const key = deps.keyOf(req, res);
    if (key === undefined) return next();
    const taken = buckets.take(key, deps.clock.now(), 1 / Math.max(1, deps.instances()));
    if (taken.ok) return next();
    const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    res.set('Retry-After', String(seconds));
    const error = new GatewayError(
      'RATE_LIMITED',
      `too many requests for this ${deps.scope}; retry after ${seconds} s`,
      { details: { retryAfterSeconds: seconds } },
    );
    res.status(429).json(error.toBody());
  };
}

/** The bearer token of a request, hashed (the limiter never keeps a token itself). */
export function bearerKeyOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return undefined;
  return createHash('sha256').update(header.slice(7)).digest('base64url');
}
