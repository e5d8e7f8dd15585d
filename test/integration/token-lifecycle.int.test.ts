/**
 * The API token lifecycle against two gateway instances on one real database: expiry, revocation over the
 * API and the CLI (refused by the other instance within a second), the list (never the secret), throttled
 * last-use writes, and the audit entries of each change.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { fixedClock, systemClock } from '../../src/domain/ports';
import { createToken } from '../../src/flows/create-token';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { MongoTokenRepository } from '../../src/storage/mongo-token-repository';
import { tokenRepositoryContract } from '../contract/token-repository.contract';
import { testGatewayConfig } from '../support/gateway';
import { dropDatabaseOf, freshDatabase } from '../support/services';

let first: Gateway;
let second: Gateway;
let admin: string;
let repo: MongoTokenRepository;

beforeAll(async () => {
  const config = await testGatewayConfig('KE', { tokens: { lastUseWriteIntervalMs: 60_000 } });
  first = new Gateway(config, { logger: createSilentLogger() });
  await first.start();
  second = new Gateway(config, { logger: createSilentLogger() });
  await second.start();
  repo = new MongoTokenRepository(first.mongo);
  admin = (
    await createToken(
      { tokens: repo, clock: systemClock },
      { role: 'admin', name: 'chief', createdBy: 'setup' },
    )
  ).token;
});

afterAll(async () => {
  await second?.close();
  await first?.close();
  if (first) await dropDatabaseOf(first.config.mongodbUri);
});

const on = (gateway: Gateway) => request(gateway.apiUrl);
const asAdmin = (r: request.Test) => r.set('Authorization', `Bearer ${admin}`);

function epix(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.resolve('bin/epix.js'), ...args, '--mongodb-uri', first.config.mongodbUri],
      { env: { PATH: process.env.PATH, USER: 'registrar' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Polls `gateway` with `token` until it is refused; the milliseconds that took. */
/**
 * Polls with the token until it is refused. `ms` is how long after `since` the last request that was still
 * accepted had been sent (0 when the first was refused): what the one-second promise is about, without the
 * polling interval and the request's own latency.
 */
async function msUntilRefused(
  gateway: Gateway,
  token: string,
  since: number,
): Promise<{ ms: number; code: string }> {
  let lastAccepted = 0;
  for (;;) {
    const sent = Date.now() - since;
    const res = await on(gateway).get('/api/v1/permits').set('Authorization', `Bearer ${token}`);
    if (res.status === 401) return { ms: lastAccepted, code: res.body.error.code as string };
    lastAccepted = sent;
    if (Date.now() - since > 5000) throw new Error(`still accepted after 5 s (${res.status})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('token lifecycle over the API', () => {
  test('when an admin creates a token with expiresIn, then the secret is in that answer only and the list shows its lifecycle', async () => {
    const before = Date.now();
    const created = await asAdmin(on(first).post('/api/v1/tokens')).send({
      role: 'issuer',
      name: 'permit office',
      expiresIn: '30d',
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^epx_/);
    const expiresAt = new Date(created.body.expiresAt as string).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 86_400_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000);
    expect(
      (await on(first).get('/api/v1/permits').set('Authorization', `Bearer ${created.body.token}`)).status,
    ).toBe(200);

    const list = await asAdmin(on(first).get('/api/v1/tokens'));
    expect(list.status).toBe(200);
    const shown = (list.body.items as Array<Record<string, unknown>>).find((t) => t.id === created.body.id);
    expect(shown).toMatchObject({ name: 'permit office', role: 'issuer', status: 'active', revoked: false });
    expect(Object.keys(shown!)).toEqual(expect.arrayContaining(['createdAt', 'expiresAt', 'lastUsedAt']));
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect(JSON.stringify(list.body)).not.toMatch(/"hash"|epx_/);
  });

  test('when the expiry is malformed, in the past or beyond the ceiling, then 400 VALIDATION_FAILED and nothing is stored', async () => {
    const count = (await repo.list()).length;
    for (const body of [
      { expiresIn: 'soon' },
      { expiresAt: '2020-01-01T00:00:00Z' },
      { expiresIn: '400d' },
      { expiresAt: 'tomorrow' },
    ]) {
      const res = await asAdmin(on(first).post('/api/v1/tokens')).send({
        role: 'customs',
        name: 'x',
        ...body,
      });
      expect([JSON.stringify(body), res.status, res.body.error.code]).toEqual([
        JSON.stringify(body),
        400,
        'VALIDATION_FAILED',
      ]);
    }
    expect((await repo.list()).length).toBe(count);
  });

  test('when a token has expired, then every instance refuses it with AUTH_TOKEN_EXPIRED', async () => {
    const expired = await createToken(
      { tokens: repo, clock: fixedClock(new Date(Date.now() - 2 * 3_600_000)) },
      { role: 'customs', name: 'old shift', createdBy: 'setup', expiresIn: '1h' },
    );
    for (const gateway of [first, second]) {
      const res = await on(gateway)
        .get('/api/v1/received-permits')
        .set('Authorization', `Bearer ${expired.token}`);
      expect([res.status, res.body.error.code]).toEqual([401, 'AUTH_TOKEN_EXPIRED']);
    }
  });

  test('when an admin revokes a token on one instance, then the other instance refuses it within a second and the revocation is audited', async () => {
    const victim = await asAdmin(on(first).post('/api/v1/tokens')).send({
      role: 'issuer',
      name: 'lost laptop',
    });
    // the other instance has just accepted (and cached) the token
    expect(
      (await on(second).get('/api/v1/permits').set('Authorization', `Bearer ${victim.body.token}`)).status,
    ).toBe(200);
    const revokedAt = Date.now();
    const revoked = await asAdmin(on(first).post(`/api/v1/tokens/${victim.body.id}/revoke`)).set(
      'X-Request-Id',
      'revoke-1',
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revoked: true, revokedBy: 'chief' });
    expect(revoked.body).not.toHaveProperty('token');
    const refused = await msUntilRefused(second, victim.body.token as string, revokedAt);
    expect(refused.code).toBe('AUTH_TOKEN_REVOKED');
    expect(refused.ms).toBeLessThanOrEqual(1000);

    const again = await asAdmin(on(second).post(`/api/v1/tokens/${victim.body.id}/revoke`));
    expect([again.status, again.body.error.code]).toEqual([409, 'TOKEN_ALREADY_REVOKED']);
    const unknown = await asAdmin(on(first).post('/api/v1/tokens/no-such-id/revoke'));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'TOKEN_NOT_FOUND']);

    const audit = await asAdmin(on(first).get('/api/v1/audit?limit=1000'));
    const entry = (audit.body.items as Array<Record<string, unknown>>).find(
      (e) => e.action === 'token.revoked' && e.target === `token:${victim.body.id}`,
    );
    expect(entry).toMatchObject({
      actor: 'chief',
      actorRole: 'admin',
      outcome: 'success',
      requestId: 'revoke-1',
      before: { revoked: false, name: 'lost laptop' },
      after: { revoked: true },
    });
  });

  test('when a token is used many times, then its last use is written once per interval, not per request', async () => {
    const created = await asAdmin(on(first).post('/api/v1/tokens')).send({ role: 'auditor', name: 'reader' });
    const firstUse = Date.now();
    for (let i = 0; i < 5; i++) {
      await on(first).get('/api/v1/audit').set('Authorization', `Bearer ${created.body.token}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const lastUsedAt = (await repo.findById(created.body.id as string))?.lastUsedAt;
    expect(lastUsedAt).toBeDefined();
    // the first request's time: the four later ones (within the 60 s interval) wrote nothing
    expect(lastUsedAt!.getTime()).toBeGreaterThanOrEqual(firstUse - 5);
    expect(lastUsedAt!.getTime()).toBeLessThan(firstUse + 50);
  });

  test('when a non-admin asks to list or revoke tokens, then 403 FORBIDDEN', async () => {
    const issuer = await asAdmin(on(first).post('/api/v1/tokens')).send({ role: 'issuer', name: 'nosy' });
    for (const call of [
      on(first).get('/api/v1/tokens'),
      on(first).post(`/api/v1/tokens/${issuer.body.id}/revoke`),
    ]) {
      const res = await call.set('Authorization', `Bearer ${issuer.body.token}`);
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
  });
});

describe('token lifecycle with the CLI', () => {
  test('when `epix token create --expires-in` then `list` then `revoke`, then the token works, is listed without its secret, and is refused within a second', async () => {
    const created = await epix([
      'token',
      'create',
      '--role',
      'customs',
      '--name',
      'night shift',
      '--expires-in',
      '12h',
    ]);
    expect(created.code).toBe(0);
    const printed = JSON.parse(created.stdout) as { token: string; id: string; expiresAt: string };
    const hours = (new Date(printed.expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    expect(
      (await on(second).get('/api/v1/received-permits').set('Authorization', `Bearer ${printed.token}`))
        .status,
    ).toBe(200);

    const listed = await epix(['token', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(printed.token);
    expect(listed.stdout).not.toMatch(/"hash"/);
    const entry = (JSON.parse(listed.stdout) as Array<Record<string, unknown>>).find(
      (t) => t.id === printed.id,
    );
    expect(entry).toMatchObject({
      name: 'night shift',
      role: 'customs',
      status: 'active',
      expiresAt: printed.expiresAt,
    });

    const started = Date.now();
    const revoked = await epix(['token', 'revoke', '--id', printed.id]);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ revoked: true, revokedBy: 'cli:registrar' });
    const refused = await msUntilRefused(second, printed.token, started);
    expect(refused.code).toBe('AUTH_TOKEN_REVOKED');

    const again = await epix(['token', 'revoke', '--id', printed.id]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stderr)).toMatchObject({ code: 'TOKEN_ALREADY_REVOKED' });
  });

  test('when `epix token create --expires-at` is given a date, then that is the expiry; an invalid one exits 1 with VALIDATION_FAILED', async () => {
    const at = new Date(Date.now() + 3 * 86_400_000);
    at.setUTCMilliseconds(0);
    const ok = await epix([
      'token',
      'create',
      '--role',
      'auditor',
      '--name',
      'visiting auditor',
      '--expires-at',
      at.toISOString(),
    ]);
    expect(JSON.parse(ok.stdout)).toMatchObject({ expiresAt: at.toISOString() });
    const bad = await epix([
      'token',
      'create',
      '--role',
      'auditor',
      '--name',
      'x',
      '--expires-at',
      'next week',
    ]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

tokenRepositoryContract('mongodb', async () => {
  const db = await freshDatabase('tokens');
  const repository = new MongoTokenRepository(db.connection);
  await repository.init();
  return { repository, cleanup: db.drop };
});
