/**
 * Two countries' gateways on localhost for end-to-end tests: generated PKI, real mutual TLS, real RabbitMQ
 * and MongoDB-compatible server, each onboarded as the other's partner through the admin API.
 */
import request from 'supertest';
import { readFileSync } from 'node:fs';
import type { Role } from '../../src/domain/auth/token';
import { systemClock } from '../../src/domain/ports';
import { createToken } from '../../src/flows/create-token';
import { createUser } from '../../src/flows/create-user';
import { createLogger, createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { MongoAuditLog } from '../../src/storage/mongo-audit-log';
import { MongoTokenRepository } from '../../src/storage/mongo-token-repository';
import { MongoUserRepository } from '../../src/storage/mongo-user-repository';
import { testGatewayConfig } from './gateway';
import { testPki } from './pki';
import { dropDatabaseOf } from './services';
import { eventually as pollUntil, type EventuallyOptions } from '../../scripts/lib/exchange-api';

export type Tokens = Record<Role, string>;

export interface TestCountry {
  country: string;
  gateway: Gateway;
  tokens: Tokens;
  /** supertest agent on the internal API. */
  api(): ReturnType<typeof request>;
}

/** A console user with this password, created directly in the database (as `epix user create` does). */
export async function addConsoleUser(
  side: TestCountry,
  user: { role: string; name: string; password: string },
): Promise<void> {
  const users = new MongoUserRepository(side.gateway.mongo);
  await users.init();
  const audit = new MongoAuditLog(side.gateway.mongo, systemClock);
  await createUser({ users, audit, clock: systemClock }, { ...user, createdBy: 'test' });
}

/** The password of the console users the browser tests create. */
export const CONSOLE_TEST_PASSWORD = 'a long test passphrase';

/** A console user of this role and name, with the browser tests' password. */
export function addConsoleTestUser(side: TestCountry, role: string, name: string): Promise<void> {
  return addConsoleUser(side, { role, name, password: CONSOLE_TEST_PASSWORD });
}

/** Creates one token per role directly in the database (the CLI does the same). */
export async function createTokens(gateway: Gateway): Promise<Tokens> {
  const tokens = new MongoTokenRepository(gateway.mongo);
  const entries = await Promise.all(
    (['admin', 'issuer', 'customs', 'auditor', 'risk'] as const).map(async (role) => {
      const created = await createToken(
        { tokens, clock: systemClock },
        { role, name: `test ${role}`, createdBy: 'test' },
      );
      return [role, created.token] as const;
    }),
  );
  return Object.fromEntries(entries) as Tokens;
}

export async function startCountry(
  country: string,
  overrides: Record<string, unknown> = {},
): Promise<TestCountry> {
  const config = await testGatewayConfig(country, overrides);
  const gateway = new Gateway(config, {
    logger: process.env.EPIX_TEST_LOGS ? createLogger({ level: 'debug', country }) : createSilentLogger(),
  });
  await gateway.start();
  const tokens = await createTokens(gateway);
  return { country, gateway, tokens, api: () => request(gateway.apiUrl) };
}

/** `host` onboards `partner` through the admin API: partner record plus its TLS and signing CAs. */
export async function onboard(
  host: TestCountry,
  partner: { country: string; exchangeUrl: string },
  options: { status?: 'active' | 'pending' | 'suspended'; timeoutMs?: number } = {},
): Promise<void> {
  const { files } = await testPki(partner.country);
  const ca = readFileSync(files.caCert!, 'utf8');
  const auth = `Bearer ${host.tokens.admin}`;
  const created = await host
    .api()
    .post('/api/v1/partners')
    .set('Authorization', auth)
    .send({
      code: partner.country,
      name: `${partner.country} Management Authority`,
      endpointUrl: partner.exchangeUrl,
      timeoutMs: options.timeoutMs ?? 5000,
      allowedDocumentTypes: ['export', 're-export', 'other'],
    });
  if (created.status !== 201)
    throw new Error(`onboarding ${partner.country}: ${created.status} ${created.text}`);
  for (const role of ['tls-ca', 'signing-ca']) {
    const added = await host
      .api()
      .post(`/api/v1/partners/${partner.country}/certificates`)
      .set('Authorization', auth)
      .send({ role, pem: ca });
    if (added.status !== 201 && added.status !== 200) {
      throw new Error(`adding ${role} of ${partner.country}: ${added.status} ${added.text}`);
    }
  }
  const status = options.status ?? 'active';
  if (status !== 'pending') {
    const patched = await host
      .api()
      .patch(`/api/v1/partners/${partner.country}`)
      .set('Authorization', auth)
      .send({ status });
    if (patched.status !== 200)
      throw new Error(`activating ${partner.country}: ${patched.status} ${patched.text}`);
  }
}

export interface TwoCountries {
  ke: TestCountry;
  ch: TestCountry;
  close(): Promise<void>;
}

/** KE (exporter) and CH (importer), each the other's active partner. */
export async function startTwoCountries(
  overrides: { ke?: Record<string, unknown>; ch?: Record<string, unknown> } = {},
): Promise<TwoCountries> {
  // Both start and onboard each other at once (separate databases and queues) to shorten the set-up.
  const [ke, ch] = await Promise.all([startCountry('KE', overrides.ke), startCountry('CH', overrides.ch)]);
  await Promise.all([
    onboard(ke, { country: 'CH', exchangeUrl: ch.gateway.exchangeUrl }),
    onboard(ch, { country: 'KE', exchangeUrl: ke.gateway.exchangeUrl }),
  ]);
  return {
    ke,
    ch,
    async close() {
      for (const side of [ke, ch]) {
        await side.gateway.close();
        await dropDatabaseOf(side.gateway.config.mongodbUri);
      }
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs` (15 s here). */
export function eventually<T>(
  probe: () => Promise<T | undefined>,
  options: EventuallyOptions = {},
): Promise<T> {
  return pollUntil(probe, { timeoutMs: 15_000, intervalMs: 50, ...options });
}
