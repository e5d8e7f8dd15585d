/** POST /api/v1/partners/:code/ping (admin): mutual-TLS call to the partner's health endpoint. */
import type { Router } from 'express';
import { isCountryCode } from '../domain/countries';
import { GatewayError } from '../domain/errors';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { pingPartner, type PingPartnerDeps } from '../flows/ping-partner';
import { requireRole } from './auth';

export function partnerPingRoutes(deps: PingPartnerDeps & { authenticator: TokenAuthenticator }) {
  const admin = requireRole(deps.authenticator, 'admin');
  return (router: Router): void => {
    router.post('/partners/:code/ping', admin, async (req, res) => {
      const code = String(req.params.code);
      if (!isCountryCode(code)) {
        throw new GatewayError(
          'VALIDATION_FAILED',
          'the partner code must be an ISO 3166-1 alpha-2 code, e.g. KE',
        );
      }
      res.json(await pingPartner(deps, code));
    });
  };
}
