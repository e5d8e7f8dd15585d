import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { createToken } from '../../src/flows/create-token';
import { systemClock } from '../../src/domain/ports';
import { MongoTokenRepository } from '../../src/storage/mongo-token-repository';
import { testGatewayConfig } from '../support/gateway';
import { dropDatabaseOf } from '../support/services';

const run = promisify(execFile);
let gateway: Gateway;
let admin: string;
let issuer: string;

beforeAll(async () => {
  const config = await testGatewayConfig('KE');
  gateway = new Gateway(config, { logger: createSilentLogger() });
  await gateway.start();
  const tokens = new MongoTokenRepository(gateway.mongo);
  admin = (
    await createToken(
      { tokens, clock: systemClock },
      { role: 'admin', name: 'test admin', createdBy: 'test' },
    )
  ).token;
  issuer = (
    await createToken(
      { tokens, clock: systemClock },
      { role: 'issuer', name: 'test issuer', createdBy: 'test' },
    )
  ).token;
});

afterAll(async () => {
  await gateway.close();
  await dropDatabaseOf(gateway.config.mongodbUri);
});

describe('internal API authentication', () => {
  test('when no token is sent, then 401 AUTH_REQUIRED with the common error body', async () => {
    const res = await request(gateway.apiUrl).get('/api/v1/tokens');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'AUTH_REQUIRED', message: expect.any(String) as unknown } });
  });

  test('when an unknown token is sent, then 401 AUTH_INVALID_TOKEN', async () => {
    const res = await request(gateway.apiUrl)
      .get('/api/v1/tokens')
      .set('Authorization', `Bearer epx_${'x'.repeat(43)}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('AUTH_INVALID_TOKEN');
  });

  test('when a token of the wrong role is sent, then 403 FORBIDDEN', async () => {
    const res = await request(gateway.apiUrl).get('/api/v1/tokens').set('Authorization', `Bearer ${issuer}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  test('when an admin token is sent, then 200 and the list shows names and roles but no secret or hash', async () => {
    const res = await request(gateway.apiUrl).get('/api/v1/tokens').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { name: string; role: string }) => [t.name, t.role])).toEqual(
      expect.arrayContaining([
        ['test admin', 'admin'],
        ['test issuer', 'issuer'],
      ]),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/hash|epx_/);
  });

  test('when an admin creates a token over the API, then the new token works for its role only', async () => {
    const created = await request(gateway.apiUrl)
      .post('/api/v1/tokens')
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'auditor', name: 'audit office' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'auditor', name: 'audit office', createdBy: 'test admin' });
    const auditor = created.body.token as string;
    expect(
      (await request(gateway.apiUrl).get('/api/v1/tokens').set('Authorization', `Bearer ${auditor}`)).status,
    ).toBe(403);
  });

  test('when a token is created with an unknown role, then 400 VALIDATION_FAILED', async () => {
    const res = await request(gateway.apiUrl)
      .post('/api/v1/tokens')
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'root', name: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('when the CLI creates a token, then it prints it once and the API accepts it', async () => {
    const { stdout } = await run(process.execPath, [
      path.resolve('bin/epix.js'),
      'token',
      'create',
      '--role',
      'admin',
      '--name',
      'cli admin',
      '--mongodb-uri',
      gateway.config.mongodbUri,
    ]);
    const printed = JSON.parse(stdout) as { token: string; role: string };
    expect(printed.role).toBe('admin');
    const res = await request(gateway.apiUrl)
      .get('/api/v1/tokens')
      .set('Authorization', `Bearer ${printed.token}`);
    expect(res.status).toBe(200);
  });

  test('when health and metrics are asked for without a token, then they answer', async () => {
    expect((await request(gateway.apiUrl).get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await request(gateway.apiUrl).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { mongodb: 'ok', rabbitmq: 'ok' } });
    const metrics = await request(gateway.apiUrl).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain(
      'epix_http_requests_total{server="api",method="GET",route="/tokens",status="401",country="KE"}',
    );
  });

  test('when an unknown route is asked for, then 404 NOT_FOUND in the common body', async () => {
    const res = await request(gateway.apiUrl)
      .get('/api/v1/nothing-here')
      .set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
