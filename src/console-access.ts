/**
 * Wiring of the web console's sign-in (issue 16), kept out of main.ts so the composition root changes by
 * a few lines: users and sessions in MongoDB, the session middleware (first of the API's route sets, so
 * every route sees the session) and `/api/v1/session`.
 */
import type { Connection } from 'mongoose';
import type { GatewayConfig } from './config/schema';
import type { AuditLog } from './domain/audit/audit-entry';
import type { Clock } from './domain/ports';
import { SessionAuthenticator } from './flows/authenticate-session';
import { MongoSessionRepository } from './storage/mongo-session-repository';
import { MongoUserRepository } from './storage/mongo-user-repository';
import type { ApiRoutes } from './transport/api-app';
import { sessionAuth } from './transport/session-auth';
import { sessionRoutes } from './transport/session-routes';

export async function consoleAccessRoutes(deps: {
  mongo: Connection;
  audit: AuditLog;
  clock: Clock;
  config: GatewayConfig['console'];
}): Promise<ApiRoutes[]> {
  const { config, clock, audit } = deps;
  const users = new MongoUserRepository(deps.mongo);
  const sessions = new MongoSessionRepository(deps.mongo);
  await Promise.all([users.init(), sessions.init()]);
  const authenticator = new SessionAuthenticator({
    sessions,
    audit,
    clock,
    policy: {
      idleTimeoutMs: config.sessionIdleMinutes * 60_000,
      maxAgeMs: config.sessionMaxHours * 3_600_000,
    },
  });
  const secureCookie = config.secureCookie;
  return [
    sessionAuth({ sessions: authenticator, secureCookie }),
    sessionRoutes({
      users,
      sessions,
      audit,
      clock,
      lockout: { maxAttempts: config.lockoutAttempts, lockoutMs: config.lockoutMinutes * 60_000 },
      authenticator,
      secureCookie,
    }),
  ];
}
