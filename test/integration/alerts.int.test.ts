/**
 * GET /api/v1/alerts against a started gateway: certificate expiry of our own and partners' certificates
 * (window from config.alerts.certificateExpiryDays), alerts raised by flows through the AlertStore, the
 * start-up warning log and the Prometheus gauge.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import request from 'supertest';
import winston from 'winston';
import { systemClock } from '../../src/domain/ports';
import { createToken } from '../../src/flows/create-token';
import { createLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { MongoAlertStore } from '../../src/storage/mongo-alert-store';
import { MongoTokenRepository } from '../../src/storage/mongo-token-repository';
import { alertStoreContract } from '../contract/alert-store.contract';
import { testGatewayConfig } from '../support/gateway';
import { dropDatabaseOf, freshDatabase } from '../support/services';
import { DAY, makeCa, type TestCert } from '../unit/partners/support/test-certificates';

let gateway: Gateway;
const tokens: Record<string, string> = {};
const logLines: Array<Record<string, unknown>> = [];
let expiringSoon: TestCert; // 30 days left
let longLived: TestCert; // 500 days left

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'warn', transports: [new winston.transports.Stream({ stream })] });
  // Our development certificates are valid for a year: a 400-day window puts them in it.
  const config = await testGatewayConfig('KE', { alerts: { certificateExpiryDays: 400 } });
  gateway = new Gateway(config, { logger });
  await gateway.start();
  const repo = new MongoTokenRepository(gateway.mongo);
  for (const role of ['admin', 'auditor', 'issuer', 'customs']) {
    tokens[role] = (
      await createToken(
        { tokens: repo, clock: systemClock },
        { role, name: `test ${role}`, createdBy: 'test' },
      )
    ).token;
  }
  expiringSoon = await makeCa('CH', new Date(Date.now() - 335 * DAY), 365);
  longLived = await makeCa('CH', new Date(Date.now() - DAY), 501);
  const admin = `Bearer ${tokens.admin}`;
  await request(gateway.apiUrl)
    .post('/api/v1/partners')
    .set('Authorization', admin)
    .send({ code: 'CH', name: 'Swiss FSVO', endpointUrl: 'https://gw.ch.example' })
    .expect(201);
  for (const [role, cert] of [
    ['tls-ca', expiringSoon],
    ['signing-ca', longLived],
  ] as const) {
    await request(gateway.apiUrl)
      .post('/api/v1/partners/CH/certificates')
      .set('Authorization', admin)
      .send({ role, pem: cert.pem })
      .expect(201);
  }
});

afterAll(async () => {
  await gateway?.close();
  if (gateway) await dropDatabaseOf(gateway.config.mongodbUri);
});

const alerts = (query = '', role = 'auditor'): request.Test =>
  request(gateway.apiUrl).get(`/api/v1/alerts${query}`).set('Authorization', `Bearer ${tokens[role]}`);

describe('certificate-expiry alerts', () => {
  test('when the configuration names no window, then it is 60 days', async () => {
    expect((await testGatewayConfig('KE')).alerts.certificateExpiryDays).toBe(60);
  });

  test('when a partner certificate and our own expire within the window, then both are listed; one outside it is not', async () => {
    const res = await alerts('?kind=certificate-expiry');
    expect(res.status).toBe(200);
    const subjects = (res.body.items as Array<{ subject: string }>).map((a) => a.subject);
    expect(subjects).toContain(`partner:CH/certificate:tls-ca:${expiringSoon.fingerprint}`);
    expect(subjects.filter((s) => s.startsWith('self/'))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^self\/certificate:signing:/),
        expect.stringMatching(/^self\/certificate:tls-server:/),
        expect.stringMatching(/^self\/certificate:tls-client:/),
      ]),
    );
    expect(subjects.some((s) => s.includes(longLived.fingerprint))).toBe(false);
    const partnerAlert = res.body.items.find((a: { subject: string }) =>
      a.subject.includes(expiringSoon.fingerprint),
    );
    expect(partnerAlert).toMatchObject({
      kind: 'certificate-expiry',
      severity: 'warning',
      details: { owner: 'CH', role: 'tls-ca', daysLeft: 29, expired: false },
    });
    expect(partnerAlert.message).toMatch(/tls-ca certificate of CH .* expires on/);
  });

  test('when the gateway started, then each of our expiring certificates was logged as a warning and counted in the gauge', async () => {
    for (let i = 0; i < 50 && !logLines.some((l) => l.message === 'certificate expiring'); i++)
      await sleep(100);
    const warnings = logLines.filter((l) => l.message === 'certificate expiring');
    expect(warnings.map((l) => [l.level, l.owner, l.role]).sort()).toEqual([
      ['warn', 'self', 'signing'],
      ['warn', 'self', 'tls-client'],
      ['warn', 'self', 'tls-server'],
    ]);
    const metrics = await request(gateway.apiUrl).get('/metrics');
    expect(metrics.text).toContain('epix_certificates_expiring{owner="self",role="signing",country="KE"} 1');
  });

  test('when the expiring partner certificate is revoked, then its alert goes away', async () => {
    await request(gateway.apiUrl)
      .delete(`/api/v1/partners/CH/certificates/${expiringSoon.fingerprint}`)
      .set('Authorization', `Bearer ${tokens.admin}`)
      .expect(200);
    const res = await alerts();
    expect(JSON.stringify(res.body)).not.toContain(expiringSoon.fingerprint);
  });
});

describe('alerts raised by flows', () => {
  test('when a flow raises an alert twice with one key, then it is listed once with its kind, severity, subject and message', async () => {
    const raise = () =>
      gateway.alerts.raise({
        kind: 'delivery-failed',
        severity: 'critical',
        subject: 'message:m-1',
        message: 'delivery of m-1 to CH failed after 12 attempts',
        details: { messageId: 'm-1', partner: 'CH' },
        key: 'delivery-failed:m-1',
      });
    await raise();
    await raise();
    const res = await alerts('?kind=delivery-failed', 'admin');
    expect(res.body.items).toEqual([
      {
        id: 'delivery-failed:m-1',
        kind: 'delivery-failed',
        severity: 'critical',
        subject: 'message:m-1',
        message: 'delivery of m-1 to CH failed after 12 attempts',
        details: { messageId: 'm-1', partner: 'CH' },
        at: expect.any(String),
        acknowledgement: null,
      },
    ]);
    const all = await alerts();
    const kinds = new Set((all.body.items as Array<{ kind: string }>).map((a) => a.kind));
    expect([...kinds].sort()).toEqual(['certificate-expiry', 'delivery-failed']);
    expect((await alerts('?limit=1')).body.items).toHaveLength(1);
  });

  test('when the query is malformed, then 400 VALIDATION_FAILED', async () => {
    for (const bad of ['?kind=Not%20Kebab', '?limit=0', '?limit=99999', '?other=1']) {
      const res = await alerts(bad);
      expect([bad, res.status, res.body.error.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }
  });

  test.each(['issuer', 'customs'])('when a %s token asks for alerts, then 403 FORBIDDEN', async (role) => {
    const res = await alerts('', role);
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});

alertStoreContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('alert-contract');
  const store = new MongoAlertStore(connection, systemClock);
  await store.init();
  return { store, cleanup: drop };
});
