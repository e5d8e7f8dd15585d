/**
 * The gateway's two rate limits: per partner on the exchange endpoint (after the partner is identified
 * from its TLS certificate) and per bearer token on the internal API.
 */
import type { RequestHandler } from 'express';
import type { GatewayConfig } from '../config/schema';
import type { Clock } from '../domain/ports';
import type { DirectoryPartner } from '../domain/partners/directory-snapshot';
import type { ExchangeRoute } from './exchange-app';
import { bearerKeyOf, rateLimit } from './rate-limit';

export function buildRateLimits(
  limits: GatewayConfig['rateLimits'],
  deps: { clock: Clock; instances: () => number },
): { exchange: ExchangeRoute; api: RequestHandler } {
  const exchange = rateLimit({
    ...deps,
    limit: { perMinute: limits.exchangePerPartnerPerMinute, burst: limits.exchangeBurst },
    keyOf: (_req, res) => (res.locals.partner as DirectoryPartner | undefined)?.code,
    scope: 'partner',
  });
  const api = rateLimit({
    ...deps,
    limit: { perMinute: limits.apiPerTokenPerMinute, burst: limits.apiBurst },
    keyOf: (req) => bearerKeyOf(req),
    scope: 'token',
  });
  return { exchange: (router) => router.use(exchange), api };
}
