/**
 * Refuses exchange requests whose TLS client certificate its CA's CRL (fetched, or uploaded by an
 * administrator) lists as revoked (403 CERT_REVOKED, connection closed). Runs after the partner was identified from the certificate.
 */
import type { TLSSocket } from 'node:tls';
import { GatewayError } from '../domain/errors';
import { partnerCas, type RevocationCheck } from '../flows/find-signer-revocation';
import { exchangePartnerOf, peerChainOf, type ExchangeRoute } from './exchange-app';

export function revokedClientGuard(revocation: RevocationCheck): ExchangeRoute {
  return (router) =>
    router.use(async (req, res, next) => {
      const partner = exchangePartnerOf(res);
      const leaf = peerChainOf(req.socket as TLSSocket)[0];
      if (!leaf) return next();
      const denial = await revocation.denialFor(
        leaf,
        partnerCas(partner, 'tls-ca'),
        'the TLS client certificate',
        partner.crls,
      );
      if (!denial) return next();
      res.set('Connection', 'close');
      res.status(403).json(new GatewayError(denial.code, denial.message).toBody());
    });
}
