/**
 * Trust changes reach every instance without a restart: three CH gateway instances share one database and
 * one broker prefix. Instances 1 and 2 reconcile only once a minute, so what they pick up within a second
 * came over the broadcast; instance 3 reconciles every 300 ms and shows the database-only path.
 */
import { Agent, request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { ChannelModel } from 'amqplib';
import { parseCertificatePem } from '../../src/domain/pki/certificate-info';
import type { CountryPki } from '../../src/domain/pki/dev-pki';
import type { Partner } from '../../src/domain/partners/partner';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { testGatewayConfig } from '../support/gateway';
import { testPki } from '../support/pki';
import { dropDatabaseOf } from '../support/services';

const SLOW_RECONCILE_MS = 60_000;
const FAST_RECONCILE_MS = 300;

let instance1: Gateway;
let instance2: Gateway;
let instance3: Gateway;
let chPki: CountryPki;
let tzPki: CountryPki;
const agents: Agent[] = [];

function tzAgent(): Agent {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 1,
    ca: chPki.ca.certPem,
    cert: tzPki.tlsClient.certPem,
    key: tzPki.tlsClient.keyPem,
  });
  agents.push(agent);
  return agent;
}

/** GET health on `gateway` as TZ: the HTTP status and socket, or the transport error code. */
function health(
  gateway: Gateway,
  agent: Agent,
): Promise<{ status: number; socket?: TLSSocket } | { error: string }> {
  return new Promise((resolve) => {
    const req = httpsRequest(`${gateway.exchangeUrl}/exchange/v1/health`, { agent }, (res) => {
      const socket = res.socket as TLSSocket;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, socket }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  ms: number,
  what: string,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await predicate()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function statusOf(gateway: Gateway, code: string): Partner['status'] | undefined {
  return gateway.directory.current().findPartner(code)?.status;
}

async function writeStatus(gateway: Gateway, code: string, status: Partner['status']): Promise<void> {
  await gateway.partners.updatePartner(code, { status }, { updatedAt: new Date(), updatedBy: 'test' });
}

beforeAll(async () => {
  chPki = (await testPki('CH')).pki;
  tzPki = (await testPki('TZ')).pki;
  const first = await testGatewayConfig('CH', { directory: { reconcileIntervalMs: SLOW_RECONCILE_MS } });
  const shared = { mongodbUri: first.mongodbUri, amqpPrefix: first.amqpPrefix };
  const second = await testGatewayConfig('CH', {
    ...shared,
    directory: { reconcileIntervalMs: SLOW_RECONCILE_MS },
  });
  const third = await testGatewayConfig('CH', {
    ...shared,
    directory: { reconcileIntervalMs: FAST_RECONCILE_MS },
  });
  instance1 = new Gateway(first, { logger: createSilentLogger() });
  instance2 = new Gateway(second, { logger: createSilentLogger() });
  instance3 = new Gateway(third, { logger: createSilentLogger() });
  await Promise.all([instance1.start(), instance2.start(), instance3.start()]);

  const now = new Date();
  await instance1.partners.insertPartner({
    code: 'TZ',
    name: 'Tanzania',
    endpointUrl: 'https://tz.invalid/',
    status: 'active',
    timeoutMs: 5_000,
    allowedDocumentTypes: ['export'],
    createdAt: now,
    createdBy: 'test',
    updatedAt: now,
    updatedBy: 'test',
  });
  await instance1.partners.insertCertificate({
    ...parseCertificatePem(tzPki.ca.certPem),
    partnerCode: 'TZ',
    role: 'tls-ca',
    addedAt: now,
    addedBy: 'test',
    revoked: false,
  });
  await instance1.directory.changed('TZ');
  await waitFor(() => statusOf(instance2, 'TZ') === 'active', 2_000, 'instance 2 learning about TZ');
});

afterAll(async () => {
  for (const agent of agents) agent.destroy();
  await Promise.all([instance1?.close(), instance2?.close(), instance3?.close()]);
  await dropDatabaseOf(instance1.config.mongodbUri);
});

describe('hot reload across instances', () => {
  test('when TZ is suspended through instance 1, then instance 2 closes its open connection and refuses it within a second', async () => {
    const agent = tzAgent();
    const before = await health(instance2, agent);
    expect(before).toMatchObject({ status: 200 });
    const socket = (before as { socket: TLSSocket }).socket;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

    const started = Date.now();
    await writeStatus(instance1, 'TZ', 'suspended');
    await instance1.directory.changed('TZ');
    await Promise.race([
      closed,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('connection not closed within 1 s')), 1_000),
      ),
    ]);
    const propagationMs = Date.now() - started;
    console.log(
      `hot reload: suspension on instance 1 closed the connection on instance 2 after ${propagationMs} ms`,
    );
    expect(await health(instance2, agent)).toEqual({
      error: expect.stringMatching(/^(ERR_SSL_|ECONNRESET$)/) as unknown,
    });
  });

  test('when TZ is activated again through instance 1, then instance 2 accepts it within a second', async () => {
    await writeStatus(instance1, 'TZ', 'active');
    await instance1.directory.changed('TZ');
    const ms = await waitFor(
      async () => ((await health(instance2, tzAgent())) as { status?: number }).status === 200,
      1_000,
      'instance 2 accepting TZ again',
    );
    expect(ms).toBeLessThan(1_000);
  });

  test('when the tls-ca of TZ is revoked through instance 1, then instance 2 refuses TZ within a second', async () => {
    const agent = tzAgent();
    expect(await health(instance2, agent)).toMatchObject({ status: 200 });
    const fingerprint = parseCertificatePem(tzPki.ca.certPem).fingerprint;
    await instance1.partners.revokeCertificate('TZ', 'tls-ca', fingerprint, {
      revokedAt: new Date(),
      revokedBy: 'test',
    });
    await instance1.directory.changed('TZ');
    await waitFor(
      async () => 'error' in (await health(instance2, tzAgent())),
      1_000,
      'instance 2 refusing the revoked anchor',
    );
    expect(instance2.directory.current().tlsServerCaPems()).toEqual([]);
  });

  test('when a change is written to the database without an announcement, then only the reconcile picks it up', async () => {
    await instance1.partners.insertPartner({
      code: 'UG',
      name: 'Uganda',
      endpointUrl: 'https://ug.invalid/',
      status: 'pending',
      timeoutMs: 5_000,
      allowedDocumentTypes: ['export'],
      createdAt: new Date(),
      createdBy: 'test',
      updatedAt: new Date(),
      updatedBy: 'test',
    });
    const ms = await waitFor(
      () => statusOf(instance3, 'UG') === 'pending',
      3 * FAST_RECONCILE_MS,
      'reconcile',
    );
    expect(ms).toBeLessThanOrEqual(2 * FAST_RECONCILE_MS);
    // Nothing was broadcast, and instances 1 and 2 reconcile once a minute.
    expect(statusOf(instance1, 'UG')).toBeUndefined();
    expect(statusOf(instance2, 'UG')).toBeUndefined();
  });

  test('when instance 2 lost its broker connection while a change was announced, then it catches up after reconnecting', async () => {
    const connection = (instance2.amqp as unknown as { current?: ChannelModel }).current;
    expect(connection).toBeDefined();
    await connection!.close(); // the recovering connection treats this as a drop and reconnects
    await writeStatus(instance1, 'UG', 'active');
    await instance1.directory.changed('UG');
    const ms = await waitFor(() => statusOf(instance2, 'UG') === 'active', 5_000, 'instance 2 catching up');
    expect(ms).toBeLessThan(5_000);
    // The connection counts as up once every setup step (the exchange's consumers too) has run again.
    await waitFor(() => instance2.amqp.isConnected(), 5_000, 'instance 2 reconnecting');
  });
});
