/** Middleware shared by the internal API and the exchange endpoint: correlation id, metrics, errors. */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { GatewayError, isGatewayError } from '../domain/errors';
import { currentContext, sanitizeCorrelationId, withContext } from '../logging/context';
import type { Logger } from '../logging/logger';
import type { GatewayMetrics } from './metrics';

export function correlation(): RequestHandler {
  return (req, res, next) => {
    const id = sanitizeCorrelationId(req.header('x-request-id'));
    withContext(id ? { correlationId: id } : {}, () => {
      // Every answer names its request id (the caller's when plain, else a fresh one) for support calls.
      const requestId = currentContext()?.correlationId;
      if (requestId) res.setHeader('X-Request-Id', requestId);
      res.locals.startedAt = process.hrtime.bigint();
      next();
    });
  };
}

export function requestMetrics(metrics: GatewayMetrics, server: string): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = routeOf(req);
      metrics.httpRequests.inc({ server, method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ server, route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

function routeOf(req: Request): string {
  const route = (req.route as { path?: string } | undefined)?.path;
  return route ? `${req.baseUrl}${route}` : 'unmatched';
}

export function notFound(): RequestHandler {
  return (req, _res, next) => next(new GatewayError('NOT_FOUND', `no route ${req.method} ${req.path}`));
}

/** Maps every error to the common body `{ error: { code, message, details? } }`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const gatewayError = toGatewayError(error);
    if (gatewayError.status >= 500) {
      logger.error('request failed', {
        method: req.method,
        path: req.path,
        code: gatewayError.code,
        error: errorText(error),
      });
    } else {
      logger.info('request rejected', { method: req.method, path: req.path, code: gatewayError.code });
    }
    if (res.headersSent) return;
    res.status(gatewayError.status).json(gatewayError.toBody());
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Body-parser and other framework errors carry `status`/`type`; anything else is an internal error. */
export function toGatewayError(error: unknown): GatewayError {
  if (isGatewayError(error)) return error;
  const e = error as { status?: number; type?: string; message?: string };
  if (e?.type === 'entity.too.large' || e?.status === 413) return new GatewayError('PAYLOAD_TOO_LARGE');
  if (e?.type === 'entity.parse.failed') return new GatewayError('MALFORMED_JSON');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return new GatewayError('UNSUPPORTED_MEDIA_TYPE', e.message);
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new GatewayError('VALIDATION_FAILED', e.message);
  if (isStoreUnavailable(error)) {
    return new GatewayError('SERVICE_UNAVAILABLE', 'the database is unavailable; try again', {
      cause: error,
    });
  }
  return new GatewayError('INTERNAL_ERROR');
}

/**
 * A database that cannot be reached (restarting, network down) is a transient condition for the caller:
 * 503 SERVICE_UNAVAILABLE, so clients retry, instead of 500. Nothing was stored when it happens, or the
 * operation is idempotent (permit keys, message ids), so a retry is safe.
 */
function isStoreUnavailable(error: unknown): boolean {
  const e = error as {
    name?: string;
    errorLabels?: unknown;
    errorLabelSet?: Set<string>;
    message?: string;
  } | null;
  if (!e || typeof e !== 'object') return false;
  if (
    /^Mongo(ose)?(Network|NetworkTimeout|PoolCleared|ServerSelection|NotConnected|Topology)/.test(
      e.name ?? '',
    )
  )
    return true;
  if (e.errorLabelSet instanceof Set && e.errorLabelSet.has('RetryableWriteError')) return true;
  return /connection (?:\d+ to \S+ )?(?:closed|reset)|Client must be connected|ECONNREFUSED/i.test(
    e.message ?? '',
  );
}
