/**
 * The mutual-TLS exchange endpoint and the outbound partner client over real TLS on localhost, with
 * development PKIs for CH (our gateway), KE (a partner) and others. Partners are onboarded straight
 * through the repository, then announced with `directory.changed(code)` as the admin flows do.
 */
import { X509Certificate } from 'node:crypto';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { Agent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createToken } from '../../src/flows/create-token';
import { systemClock } from '../../src/domain/ports';
import { createCountryPki, createRootCa, issueLeaf, type CountryPki } from '../../src/domain/pki/dev-pki';
import { parseCertificatePem } from '../../src/domain/pki/certificate-info';
import { x509 } from '../../src/domain/pki/x509';
import type { DirectoryPartner } from '../../src/domain/partners/directory-snapshot';
import type { CertificateRole, Partner } from '../../src/domain/partners/partner';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { MongoTokenRepository } from '../../src/storage/mongo-token-repository';
import { testGatewayConfig } from '../support/gateway';
import { testPki } from '../support/pki';
import { dropDatabaseOf } from '../support/services';
import { freePort } from '../../scripts/lib/free-port';

const ADMIN = 'test admin';

function partnerRecord(code: string, endpointUrl: string, status: Partner['status'] = 'active'): Partner {
  const now = new Date();
  return {
    code,
    name: `Partner ${code}`,
    endpointUrl,
    status,
    timeoutMs: 2_000,
    allowedDocumentTypes: ['export', 're-export', 'import', 'other'],
    createdAt: now,
    createdBy: ADMIN,
    updatedAt: now,
    updatedBy: ADMIN,
  };
}

async function onboard(
  gateway: Gateway,
  code: string,
  endpointUrl: string,
  certificates: Array<{ role: CertificateRole; pem: string }>,
): Promise<void> {
  await gateway.partners.insertPartner(partnerRecord(code, endpointUrl));
  for (const { role, pem } of certificates) await addCertificate(gateway, code, role, pem);
  await gateway.directory.changed(code);
}

async function addCertificate(
  gateway: Gateway,
  code: string,
  role: CertificateRole,
  pem: string,
): Promise<string> {
  const info = parseCertificatePem(pem);
  await gateway.partners.insertCertificate({
    ...info,
    partnerCode: code,
    role,
    addedAt: new Date(),
    addedBy: ADMIN,
    revoked: false,
  });
  return info.fingerprint;
}

async function setStatus(gateway: Gateway, code: string, status: Partner['status']): Promise<void> {
  await gateway.partners.updatePartner(code, { status }, { updatedAt: new Date(), updatedBy: ADMIN });
  await gateway.directory.changed(code);
}

async function revoke(
  gateway: Gateway,
  code: string,
  role: CertificateRole,
  fingerprint: string,
): Promise<void> {
  await gateway.partners.revokeCertificate(code, role, fingerprint, {
    revokedAt: new Date(),
    revokedBy: ADMIN,
  });
  await gateway.directory.changed(code);
}

/** A keep-alive client agent presenting `client` (or nothing) and trusting `serverCaPem`. */
function clientAgent(serverCaPem: string, client?: { certPem: string; keyPem: string }): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: 1,
    ca: serverCaPem,
    ...(client ? { cert: client.certPem, key: client.keyPem } : {}),
  });
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
  socket: TLSSocket;
}

/** GET over `agent`; rejects with the transport error when no HTTP answer arrives. */
function get(agent: Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { agent, method: 'GET' }, (res) => {
      // Taken now: once the answer is read, a keep-alive socket is detached from it.
      const socket = res.socket as TLSSocket;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
          headers: res.headers,
          socket,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function expectHandshakeRefused(agent: Agent, url: string): Promise<void> {
  const error = (await get(agent, url).then(
    (answer) => new Error(`expected the handshake to be refused, got HTTP ${answer.status}`),
    (e: unknown) => e,
  )) as NodeJS.ErrnoException;
  expect(error.code).toMatch(/^(ERR_SSL_|ECONNRESET$)/);
}

function closed(socket: TLSSocket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}

async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let ch: Gateway;
let ke: Gateway;
let chPki: CountryPki;
let kePki: CountryPki;
let healthUrl: string;
let adminToken: string;
const agents: Agent[] = [];

function agentFor(client?: { certPem: string; keyPem: string }): Agent {
  const agent = clientAgent(chPki.ca.certPem, client);
  agents.push(agent);
  return agent;
}

beforeAll(async () => {
  [chPki, kePki] = [(await testPki('CH')).pki, (await testPki('KE')).pki];
  ch = new Gateway(await testGatewayConfig('CH'), { logger: createSilentLogger() });
  ke = new Gateway(await testGatewayConfig('KE'), { logger: createSilentLogger() });
  await ch.start();
  await ke.start();
  healthUrl = `${ch.exchangeUrl}/exchange/v1/health`;
  adminToken = (
    await createToken(
      { tokens: new MongoTokenRepository(ch.mongo), clock: systemClock },
      { role: 'admin', name: ADMIN, createdBy: 'test' },
    )
  ).token;
});

afterAll(async () => {
  for (const agent of agents) agent.destroy();
  await ch?.close();
  await ke?.close();
  await dropDatabaseOf(ch.config.mongodbUri);
  await dropDatabaseOf(ke.config.mongodbUri);
});

describe('exchange endpoint (mutual TLS, trust follows the directory)', () => {
  // TZ is a partner that only calls us: a client identity from its development PKI.
  let tzPki: CountryPki;
  let tzAnchor: string;

  beforeAll(async () => {
    tzPki = (await testPki('TZ')).pki;
  });

  test('when no partner is onboarded, then every client is refused in the TLS handshake', async () => {
    await expectHandshakeRefused(agentFor(tzPki.tlsClient), healthUrl);
  });

  test('when TZ is onboarded and active, then its client certificate gets 200 on health', async () => {
    await onboard(ch, 'TZ', 'https://tz.invalid/', [{ role: 'tls-ca', pem: tzPki.ca.certPem }]);
    tzAnchor = parseCertificatePem(tzPki.ca.certPem).fingerprint;
    const answer = await get(agentFor(tzPki.tlsClient), healthUrl);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'ok', country: 'CH', partner: 'TZ' });
  });

  test('when a client presents a certificate of an unknown CA, then the handshake is refused', async () => {
    const stranger = await testPki('FR');
    await expectHandshakeRefused(agentFor(stranger.pki.tlsClient), healthUrl);
  });

  test('when a client presents no certificate, then the handshake is refused', async () => {
    await expectHandshakeRefused(agentFor(), healthUrl);
  });

  test('when TZ is suspended, then its open keep-alive connection is closed and its next request is refused', async () => {
    const agent = agentFor(tzPki.tlsClient);
    const first = await get(agent, healthUrl);
    expect(first.status).toBe(200);
    expect(first.socket.destroyed).toBe(false);
    const socketClosed = closed(first.socket);

    await setStatus(ch, 'TZ', 'suspended');
    await within(1_000, socketClosed, 'closing the suspended partner connection');
    await expectHandshakeRefused(agent, healthUrl);
  });

  test('when TZ is activated again, then it is accepted without a restart', async () => {
    await setStatus(ch, 'TZ', 'active');
    expect((await get(agentFor(tzPki.tlsClient), healthUrl)).status).toBe(200);
  });

  test('when the tls-client leaf pinned for TZ is another one, then TZ gets 403 EXCHANGE_CLIENT_UNTRUSTED and the connection is closed', async () => {
    const other = await createCountryPki({
      country: 'TZ',
      notBefore: new Date(Date.now() - 3_600_000),
      validDays: 30,
    });
    const agent = agentFor(tzPki.tlsClient);
    const open = await get(agent, healthUrl);
    const socketClosed = closed(open.socket);
    const pin = await addCertificate(ch, 'TZ', 'tls-client', other.tlsClient.certPem);
    await ch.directory.changed('TZ');
    // The open connection is closed as soon as the pin applies ...
    await within(1_000, socketClosed, 'closing the connection of an unpinned leaf');
    // ... and on a new one (the CA is still trusted, so the handshake passes) each request is refused.
    const refused = await get(agent, healthUrl);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: { code: 'EXCHANGE_CLIENT_UNTRUSTED', message: expect.stringContaining('pinned') as unknown },
    });
    expect(refused.headers.connection).toBe('close');
    await revoke(ch, 'TZ', 'tls-client', pin);
    expect((await get(agentFor(tzPki.tlsClient), healthUrl)).status).toBe(200);
  });

  test('when the tls-ca of TZ is revoked, then its open connection is closed and its next request is refused', async () => {
    const agent = agentFor(tzPki.tlsClient);
    const first = await get(agent, healthUrl);
    expect(first.status).toBe(200);
    const socketClosed = closed(first.socket);
    await revoke(ch, 'TZ', 'tls-ca', tzAnchor);
    await within(1_000, socketClosed, 'closing the connection of a revoked anchor');
    await expectHandshakeRefused(agent, healthUrl);
  });

  test('when TZ rotates to a new CA and it is onboarded, then the new client certificate is accepted without a restart', async () => {
    const rotated = await createCountryPki({
      country: 'TZ',
      notBefore: new Date(Date.now() - 3_600_000),
      validDays: 30,
    });
    await expectHandshakeRefused(agentFor(rotated.tlsClient), healthUrl);
    await addCertificate(ch, 'TZ', 'tls-ca', rotated.ca.certPem);
    await ch.directory.changed('TZ');
    const answer = await get(agentFor(rotated.tlsClient), healthUrl);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ partner: 'TZ' });
    // The revoked CA stays revoked.
    await expectHandshakeRefused(agentFor(tzPki.tlsClient), healthUrl);
  });
});

describe('partner client and ping', () => {
  let chAnchorAtKe: string;

  beforeAll(async () => {
    // Each side onboards the other: KE trusts CH's CA, CH knows KE's endpoint and trusts KE's CA.
    await onboard(ke, 'CH', ch.exchangeUrl, [{ role: 'tls-ca', pem: chPki.ca.certPem }]);
    chAnchorAtKe = parseCertificatePem(chPki.ca.certPem).fingerprint;
    await onboard(ch, 'KE', ke.exchangeUrl, [{ role: 'tls-ca', pem: kePki.ca.certPem }]);
    await onboard(ch, 'ZM', ke.exchangeUrl, []);
  });

  async function ping(code: string): Promise<request.Response> {
    return request(ch.apiUrl)
      .post(`/api/v1/partners/${code}/ping`)
      .set('Authorization', `Bearer ${adminToken}`);
  }

  test('when CH pings KE, then it reports reachability, the TLS details of KE and the round-trip time', async () => {
    const res = await ping('KE');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      partner: 'KE',
      reachable: true,
      status: 200,
      remote: { country: 'KE', partner: 'CH' },
      tls: {
        protocol: 'TLSv1.3',
        cipher: expect.any(String) as unknown,
        peerSubject: expect.stringContaining('C=KE') as unknown,
        peerFingerprint: new X509Certificate(kePki.tlsServer.certPem).fingerprint256
          .replace(/:/g, '')
          .toLowerCase(),
      },
    });
    expect(res.body.rttMs).toBeGreaterThan(0);
    expect(res.body.rttMs).toBeLessThan(2_000);
  });

  test('when the ping has no admin token, then 401', async () => {
    expect((await request(ch.apiUrl).post('/api/v1/partners/KE/ping')).status).toBe(401);
  });

  test('when the partner is unknown, then 404 PARTNER_NOT_FOUND; when the code is not a country, then 400', async () => {
    const unknown = await ping('NZ');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('PARTNER_NOT_FOUND');
    expect((await ping('k1')).body.error.code).toBe('VALIDATION_FAILED');
  });

  test('when the partner has no tls-ca anchor, then 409 PARTNER_NO_TLS_ANCHOR', async () => {
    const res = await ping('ZM');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('PARTNER_NO_TLS_ANCHOR');
  });

  test('when KE has suspended CH, then the ping fails with 502 PARTNER_TLS_FAILED', async () => {
    await setStatus(ke, 'CH', 'suspended');
    try {
      const res = await ping('KE');
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('PARTNER_TLS_FAILED');
    } finally {
      await setStatus(ke, 'CH', 'active');
    }
    expect((await ping('KE')).body.status).toBe(200);
  });

  test('when KE answers the ping with 403, then the ping is reachable and shows the partner error code', async () => {
    const other = await createCountryPki({
      country: 'CH',
      notBefore: new Date(Date.now() - 3_600_000),
      validDays: 30,
    });
    const pin = await addCertificate(ke, 'CH', 'tls-client', other.tlsClient.certPem);
    await ke.directory.changed('CH');
    try {
      const res = await ping('KE');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        reachable: true,
        status: 403,
        remoteError: { code: 'EXCHANGE_CLIENT_UNTRUSTED' },
      });
    } finally {
      await revoke(ke, 'CH', 'tls-client', pin);
    }
  });

  test('when nothing listens at the endpoint, then 502 PARTNER_UNREACHABLE', async () => {
    const port = await freePort();
    await onboard(ch, 'UG', `https://127.0.0.1:${port}/`, [{ role: 'tls-ca', pem: kePki.ca.certPem }]);
    const res = await ping('UG');
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('PARTNER_UNREACHABLE');
  });

  test('when the endpoint answers with a certificate of another CA, then 502 PARTNER_TLS_FAILED', async () => {
    // KE's endpoint, but trusting the FR CA for it.
    await onboard(ch, 'RW', ke.exchangeUrl, [{ role: 'tls-ca', pem: (await testPki('FR')).pki.ca.certPem }]);
    const res = await ping('RW');
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('PARTNER_TLS_FAILED');
    expect(res.body.error.message).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/i);
  });

  test('when the server certificate does not name the endpoint host, then 502 PARTNER_TLS_FAILED', async () => {
    const server = await tlsServerWithWrongName();
    try {
      await onboard(ch, 'BW', `https://127.0.0.1:${server.port}`, [{ role: 'tls-ca', pem: server.caPem }]);
      const res = await ping('BW');
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('PARTNER_TLS_FAILED');
      expect(res.body.error.message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
    } finally {
      server.close();
    }
  });

  test('when the partner accepts the connection but never answers, then 504 PARTNER_TIMEOUT after its timeout', async () => {
    const silent = await silentTlsServer();
    try {
      await onboard(ch, 'MZ', `https://127.0.0.1:${silent.port}/`, [{ role: 'tls-ca', pem: silent.caPem }]);
      const started = Date.now();
      const res = await ping('MZ');
      expect(res.status).toBe(504);
      expect(res.body.error.code).toBe('PARTNER_TIMEOUT');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      silent.close();
    }
  });

  test('when hundreds of requests go to one partner, then they share a bounded pool of keep-alive connections', async () => {
    const partner = ch.directory.current().findPartner('KE')!;
    const total = 1_000;
    const concurrency = 32;
    let next = 0;
    const handshakesBefore = ke.exchangeServer.acceptedConnections;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < total) {
        next += 1;
        const res = await ch.partnerClient.request(partner, { method: 'GET', path: '/exchange/v1/health' });
        expect(res.status).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const perSecond = Math.round(total / seconds);
    console.log(`partner client: ${total} mTLS requests, ${concurrency} in parallel: ${perSecond} req/s`);
    expect(ch.partnerClient.openConnections('KE')).toBeLessThanOrEqual(16);
    expect(ke.exchangeServer.openConnections).toBeLessThanOrEqual(16);
    // Keep-alive: at most one TLS handshake per pooled connection, not one per request.
    expect(ke.exchangeServer.acceptedConnections - handshakesBefore).toBeLessThanOrEqual(16);
  });

  test('when the anchors CH holds for KE change, then its pooled connections to KE are dropped at once and new ones work', async () => {
    const partner = (): DirectoryPartner => ch.directory.current().findPartner('KE')!;
    expect(
      (await ch.partnerClient.request(partner(), { method: 'GET', path: 'exchange/v1/health' })).status,
    ).toBe(200);
    expect(ch.partnerClient.openConnections('KE')).toBeGreaterThan(0);
    await addCertificate(ch, 'KE', 'tls-ca', (await testPki('FR')).pki.ca.certPem);
    await ch.directory.changed('KE');
    expect(ch.partnerClient.openConnections('KE')).toBe(0);
    expect(
      (await ch.partnerClient.request(partner(), { method: 'GET', path: 'exchange/v1/health' })).status,
    ).toBe(200);
  });

  test('when KE revokes the CH anchor, then the client connections CH holds are closed and the next request fails in TLS', async () => {
    const partner = ch.directory.current().findPartner('KE')!;
    expect(
      (await ch.partnerClient.request(partner, { method: 'GET', path: 'exchange/v1/health' })).status,
    ).toBe(200);
    await revoke(ke, 'CH', 'tls-ca', chAnchorAtKe);
    await expect(
      ch.partnerClient.request(partner, { method: 'GET', path: 'exchange/v1/health' }),
    ).rejects.toMatchObject({ code: 'PARTNER_TLS_FAILED' });
  });
});

async function ownCa(): Promise<{ caPem: string; ca: Awaited<ReturnType<typeof createRootCa>> }> {
  const now = new Date(Date.now() - 3_600_000);
  const ca = await createRootCa('CN=Test CA,C=XX', 'ec', now, new Date(now.getTime() + 86_400_000));
  return { caPem: ca.cert.toString('pem'), ca };
}

interface TestTlsServer {
  port: number;
  caPem: string;
  close(): void;
}

async function tlsServerOn(
  sanHosts: string[],
  onSocket: (socket: TLSSocket) => void,
): Promise<TestTlsServer> {
  const { caPem, ca } = await ownCa();
  const now = new Date(Date.now() - 3_600_000);
  const leaf = await issueLeaf(
    ca,
    {
      subject: 'CN=partner,C=XX',
      keyUsages: x509.KeyUsageFlags.digitalSignature,
      extendedKeyUsages: [x509.ExtendedKeyUsage.serverAuth],
      sanHosts,
    },
    'ec',
    now,
    new Date(now.getTime() + 86_400_000),
  );
  const sockets = new Set<TLSSocket>();
  const server: TlsServer = createTlsServer({ key: leaf.keyPem, cert: leaf.certPem }, (socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    caPem,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** Completes TLS handshakes and then never says anything. */
function silentTlsServer(): Promise<TestTlsServer> {
  return tlsServerOn(['127.0.0.1'], () => undefined);
}

/** A TLS server whose certificate names only other.example. */
function tlsServerWithWrongName(): Promise<TestTlsServer> {
  return tlsServerOn(['other.example'], () => undefined);
}
