/**
 * POST /exchange/v1/messages on the mutual-TLS server: the partner is already identified by the exchange
 * app's middleware (res.locals.partner). Content type and size are checked before the body is read.
 */
import express, { type Router } from 'express';
import { GatewayError } from '../domain/errors';
import type { DirectoryPartner } from '../domain/partners/directory-snapshot';
import { receiveMessage, type ReceiveMessageDeps } from '../flows/receive-message';

export function exchangeMessageRoutes(deps: ReceiveMessageDeps & { bodyLimitBytes: number }) {
  const raw = express.raw({ type: () => true, limit: deps.bodyLimitBytes });
  return (router: Router): void => {
    router.post(
      '/exchange/v1/messages',
      (req, _res, next) => {
        if (!req.is(['application/xml', 'text/xml'])) {
          throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', 'exchange messages are application/xml');
        }
        next();
      },
      raw,
      async (req, res) => {
        const partner = res.locals.partner as DirectoryPartner | undefined;
        if (!partner) throw new GatewayError('EXCHANGE_CLIENT_UNTRUSTED');
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const result = await receiveMessage(deps, partner, body, req.header('content-type') ?? '');
        res.status(result.httpStatus).type('application/xml').send(result.receiptXml);
      },
    );
  };
}
