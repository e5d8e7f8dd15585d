/**
 * The express app behind the mutual-TLS exchange endpoint that partner gateways call.
 *
 * TLS has already checked the client chain against the anchors in force at handshake time. Because a
 * keep-alive or resumed connection keeps that identity, every request is identified again here against
 * the current directory, so a suspension or a revoked anchor applies to the very next request. Routes
 * read the partner from `res.locals.partner` (see `exchangePartnerOf`). Body parsing and limits are each
 * route's own business.
 */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import express, { Router, type Express, type RequestHandler, type Response } from 'express';
import type { DirectoryPartner, DirectorySnapshot } from '../domain/partners/directory-snapshot';
import { identifyPartner, type PartnerIdentification } from '../domain/partners/identify-partner';
import { GatewayError } from '../domain/errors';
import type { Clock } from '../domain/ports';
import type { Logger } from '../logging/logger';
import { correlation, errorHandler, notFound, requestMetrics } from './http-common';
import type { GatewayMetrics } from './metrics';

/** Adds routes to the exchange router (mounted at the root; paths start with /exchange/v1). */
export type ExchangeRoute = (router: Router) => void;

export interface ExchangeAppDeps {
  /** Our own country, shown by the health route. */
  country: string;
  directory: { current(): DirectorySnapshot };
  clock: Clock;
  logger: Logger;
  metrics: GatewayMetrics;
  routes: ExchangeRoute[];
}

const peerChains = new WeakMap<TLSSocket, X509Certificate[]>();

/**
 * The client's certificate chain as OpenSSL verified it, leaf first (root included when it came from our
 * trust store). Parsed once per connection.
 */
export function peerChainOf(socket: TLSSocket): X509Certificate[] {
  const cached = peerChains.get(socket);
  if (cached) return cached;
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let cert = socket.getPeerCertificate(true) as
    | (ReturnType<TLSSocket['getPeerCertificate']> & {
        issuerCertificate?: ReturnType<TLSSocket['getPeerCertificate']>;
      })
    | null;
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(new X509Certificate(cert.raw));
    cert = cert.issuerCertificate ?? null;
  }
  // An empty result (no certificate yet, or socket gone) is not cached.
  if (chain.length) peerChains.set(socket, chain);
  return chain;
}

/** Identifies the partner on the other end of `socket` against `snapshot`, at `at`. */
export function identifySocket(
  socket: TLSSocket,
  snapshot: DirectorySnapshot,
  at: Date,
): PartnerIdentification {
  if (!socket.authorized) {
    return {
      ok: false,
      code: 'EXCHANGE_CLIENT_UNTRUSTED',
      reason: `the client certificate was not verified (${String(socket.authorizationError ?? 'none sent')})`,
    };
  }
  return identifyPartner(snapshot, peerChainOf(socket), at);
}

/** The partner identified for this exchange request; throws when the middleware did not run. */
export function exchangePartnerOf(res: Response): DirectoryPartner {
  const partner = res.locals.partner as DirectoryPartner | undefined;
  if (!partner) throw new GatewayError('EXCHANGE_CLIENT_UNTRUSTED', 'no partner identified for this request');
  return partner;
}

function identifyRequestPartner(deps: ExchangeAppDeps): RequestHandler {
  return (req, res, next) => {
    const identification = identifySocket(
      req.socket as TLSSocket,
      deps.directory.current(),
      deps.clock.now(),
    );
    if (!identification.ok) {
      deps.logger.warn('exchange request refused', {
        code: identification.code,
        reason: identification.reason,
        method: req.method,
        path: req.path,
      });
      // The connection is not worth keeping: the same identity will be refused again.
      res.set('Connection', 'close');
      res.status(403).json(new GatewayError(identification.code, identification.reason).toBody());
      return;
    }
    res.locals.partner = identification.partner;
    res.locals.clientFingerprint = identification.leafFingerprint;
    next();
  };
}

/** Builds the exchange app: identification first, then health and the routes given. */
export function createExchangeApp(deps: ExchangeAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // Machine-to-machine answers are never cached: skip hashing every body for an ETag.
  app.set('etag', false);
  app.use(correlation());
  app.use(requestMetrics(deps.metrics, 'exchange'));
  app.use(identifyRequestPartner(deps));

  const router = Router();
  router.get('/exchange/v1/health', (_req, res) => {
    const partner = exchangePartnerOf(res);
    res.json({
      status: 'ok',
      country: deps.country,
      partner: partner.code,
      time: deps.clock.now().toISOString(),
    });
  });
  for (const route of deps.routes) route(router);
  app.use(router);

  app.use(notFound());
  app.use(errorHandler(deps.logger));
  return app;
}
