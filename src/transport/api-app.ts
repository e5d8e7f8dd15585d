/**
 * The internal API (officers, customs, administrators): JSON, bearer tokens, one error body.
 * Health and metrics need no token. Feature routes are added by `ApiRoutes` functions.
 */
import express, { Router, type Express, type RequestHandler } from 'express';
import type { Logger } from '../logging/logger';
import { correlation, errorHandler, notFound, requestMetrics } from './http-common';
import type { GatewayMetrics } from './metrics';
import type { AuditLog } from '../domain/audit/audit-entry';
import { provideAuditLog, recordFailedActions } from './audited-action';

export type ApiRoutes = (router: Router) => void;

export interface ApiAppDeps {
  logger: Logger;
  metrics: GatewayMetrics;
  bodyLimitBytes: number;
  /** Readiness probes by name (database, broker ...). */
  readiness: Record<string, () => Promise<boolean>>;
  routes: ApiRoutes[];
  /** Where routes declared `audited(...)` record their actions (see audited-action.ts). */
  audit?: Pick<AuditLog, 'append'>;
  /** Served beside the API on the same port, e.g. the web console at /console/. */
  apps?: Array<(app: Express) => void>;
  /** Per-token rate limit, ahead of every API route. */
  rateLimit?: RequestHandler;
}

export function createApiApp(deps: ApiAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(correlation());
  app.use(requestMetrics(deps.metrics, 'api'));

  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    const entries = await Promise.all(
      Object.entries(deps.readiness).map(
        async ([name, probe]) => [name, await probe().catch(() => false)] as const,
      ),
    );
    const checks = Object.fromEntries(entries.map(([name, ok]) => [name, ok ? 'ok' : 'down']));
    const ready = entries.every(([, ok]) => ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  const api = Router();
  if (deps.audit) api.use(provideAuditLog(deps.audit));
  if (deps.rateLimit) api.use(deps.rateLimit);
  api.use(express.json({ limit: deps.bodyLimitBytes, strict: true }));
  for (const routes of deps.routes) routes(api);
  app.use('/api/v1', api);
  app.use(recordFailedActions());
  for (const mount of deps.apps ?? []) mount(app);

  app.use(notFound());
  app.use(errorHandler(deps.logger));
  return app;
}
