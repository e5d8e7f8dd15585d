/**
 * The partner admin API and the `epix partner` CLI against a started gateway (real MongoDB-compatible
 * server and RabbitMQ): every upload rejection code over HTTP, idempotent uploads, rotation, revocation,
 * the directory following each change, least privilege, and our identity document.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createToken } from '../../src/flows/create-token';
import { systemClock } from '../../src/domain/ports';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { MongoPartnerRepository } from '../../src/storage/mongo-partner-repository';
import { MongoTokenRepository } from '../../src/storage/mongo-token-repository';
import { partnerRepositoryContract } from '../contract/partner-repository.contract';
import { testGatewayConfig } from '../support/gateway';
import { testPki } from '../support/pki';
import { dropDatabaseOf, freshDatabase } from '../support/services';
import {
  DAY,
  SERVER_AUTH,
  ecPkcs12,
  makeCa,
  makeCert,
  makeSigningLeaf,
  makeTlsClient,
  rsaPkcs12,
  type TestCert,
} from '../unit/partners/support/test-certificates';

let gateway: Gateway;
const tokens: Record<'admin' | 'auditor' | 'issuer' | 'customs', string> = {
  admin: '',
  auditor: '',
  issuer: '',
  customs: '',
};
const start = new Date(Date.now() - DAY);
let chCa: TestCert;
let chCa2: TestCert;
let chSigningCa: TestCert;
let chClient: TestCert;
let chSigning: TestCert;

beforeAll(async () => {
  gateway = new Gateway(await testGatewayConfig('KE'), { logger: createSilentLogger() });
  await gateway.start();
  const repo = new MongoTokenRepository(gateway.mongo);
  for (const role of ['admin', 'auditor', 'issuer', 'customs'] as const) {
    tokens[role] = (
      await createToken(
        { tokens: repo, clock: systemClock },
        { role, name: `test ${role}`, createdBy: 'test' },
      )
    ).token;
  }
  chCa = await makeCa('CH', start, 365);
  chCa2 = await makeCa('CH', start, 730);
  chSigningCa = await makeCa('CH', start, 365, { key: 'ec' });
  chClient = await makeTlsClient(chCa, 'CH', start);
  chSigning = await makeSigningLeaf(chSigningCa, 'CH', start);
});

afterAll(async () => {
  await gateway?.close();
  if (gateway) await dropDatabaseOf(gateway.config.mongodbUri);
});

const api = (): ReturnType<typeof request> => request(gateway.apiUrl);
const as = (role: keyof typeof tokens): string => `Bearer ${tokens[role]}`;
const CH = { code: 'CH', name: 'Swiss FSVO', endpointUrl: 'https://gw.ch.example:8443/' };

async function ensurePartner(code: string): Promise<void> {
  const res = await api()
    .post('/api/v1/partners')
    .set('Authorization', as('admin'))
    .send({ ...CH, code, name: `Partner ${code}` });
  expect([201, 409]).toContain(res.status);
}

function upload(code: string, body: Record<string, unknown>): request.Test {
  return api().post(`/api/v1/partners/${code}/certificates`).set('Authorization', as('admin')).send(body);
}

describe('partners over the API', () => {
  test('when an admin adds a partner, then it is created pending with defaults and can be read back', async () => {
    const res = await api().post('/api/v1/partners').set('Authorization', as('admin')).send(CH);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/api/v1/partners/CH');
    expect(res.body).toMatchObject({
      code: 'CH',
      status: 'pending',
      timeoutMs: 30000,
      createdBy: 'test admin',
      certificates: [],
    });
    const read = await api().get('/api/v1/partners/CH').set('Authorization', as('auditor'));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ code: 'CH', name: 'Swiss FSVO', endpointUrl: CH.endpointUrl });
    const list = await api().get('/api/v1/partners').set('Authorization', as('admin'));
    expect(list.body.items.map((p: { code: string }) => p.code)).toContain('CH');
  });

  test('when the partner exists, then 409 PARTNER_EXISTS; our own country is 400 PARTNER_IS_OWN_COUNTRY', async () => {
    await ensurePartner('CH');
    const again = await api().post('/api/v1/partners').set('Authorization', as('admin')).send(CH);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: 'PARTNER_EXISTS', message: expect.any(String) } });
    const own = await api()
      .post('/api/v1/partners')
      .set('Authorization', as('admin'))
      .send({ ...CH, code: 'KE' });
    expect([own.status, own.body.error.code]).toEqual([400, 'PARTNER_IS_OWN_COUNTRY']);
  });

  test('when the body is invalid, then 400 VALIDATION_FAILED naming each field', async () => {
    const res = await api()
      .post('/api/v1/partners')
      .set('Authorization', as('admin'))
      .send({ code: 'ch', name: '', endpointUrl: 'http://x', timeoutMs: 5, extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.error.details as Array<{ field: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['code', 'name', 'endpointUrl', 'timeoutMs']));
    const bad = await api()
      .post('/api/v1/partners')
      .set('Authorization', as('admin'))
      .set('Content-Type', 'application/json')
      .send('{"code":');
    expect(bad.body.error.code).toBe('MALFORMED_JSON');
  });

  test('when an unknown partner is asked for, then 404 PARTNER_NOT_FOUND; a malformed code is 400', async () => {
    const res = await api().get('/api/v1/partners/US').set('Authorization', as('admin'));
    expect([res.status, res.body.error.code]).toEqual([404, 'PARTNER_NOT_FOUND']);
    const patch = await api()
      .patch('/api/v1/partners/US')
      .set('Authorization', as('admin'))
      .send({ name: 'x' });
    expect([patch.status, patch.body.error.code]).toEqual([404, 'PARTNER_NOT_FOUND']);
    const cert = await upload('US', { role: 'tls-ca', pem: chCa.pem });
    expect([cert.status, cert.body.error.code]).toEqual([404, 'PARTNER_NOT_FOUND']);
    const lower = await api().get('/api/v1/partners/ch').set('Authorization', as('admin'));
    expect([lower.status, lower.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('certificate uploads over the API', () => {
  beforeAll(async () => {
    await ensurePartner('CH');
  });

  test.each<[string, () => Promise<Record<string, unknown>>, number, string]>([
    [
      'an expired CA',
      async () => ({ role: 'tls-ca', pem: (await makeCa('CH', new Date(Date.now() - 400 * DAY), 365)).pem }),
      422,
      'CERT_EXPIRED',
    ],
    [
      'a leaf for a CA role',
      () => Promise.resolve({ role: 'signing-ca', pem: chSigning.pem }),
      422,
      'CERT_NOT_CA',
    ],
    [
      'a CA for a pinned leaf role',
      () => Promise.resolve({ role: 'signing', pem: chCa.pem }),
      422,
      'CERT_NOT_LEAF',
    ],
    [
      'an RSA-1024 CA',
      async () => ({ role: 'tls-ca', pem: (await makeCa('CH', start, 365, { key: 'rsa1024' })).pem }),
      422,
      'CERT_WEAK_KEY',
    ],
    [
      'a P-521 CA',
      async () => ({ role: 'tls-ca', pem: (await makeCa('CH', start, 365, { key: 'p521' })).pem }),
      422,
      'CERT_KEY_UNSUPPORTED',
    ],
    [
      'a TLS client leaf of another country',
      async () => ({ role: 'tls-client', pem: (await makeTlsClient(chCa, 'FR', start)).pem }),
      422,
      'CERT_COUNTRY_MISMATCH',
    ],
    [
      'a TLS client leaf with only serverAuth',
      async () => ({
        role: 'tls-client',
        pem: (await makeTlsClient(chCa, 'CH', start, 365, { extendedKeyUsages: [SERVER_AUTH] })).pem,
      }),
      422,
      'CERT_KEY_USAGE',
    ],
    [
      'garbage PEM',
      () => Promise.resolve({ role: 'tls-ca', pem: 'not a certificate' }),
      400,
      'CERT_UNPARSEABLE',
    ],
    [
      'garbage DER',
      () => Promise.resolve({ role: 'tls-ca', der: Buffer.from('nope').toString('base64') }),
      400,
      'CERT_UNPARSEABLE',
    ],
    [
      'a PKCS#12 file with a wrong password',
      async () => ({
        role: 'tls-client',
        pkcs12: await rsaPkcs12(chClient, [chCa], 'right'),
        password: 'wrong',
      }),
      400,
      'CERT_PKCS12_INVALID',
    ],
    [
      'an EC PKCS#12 file',
      () => Promise.resolve({ role: 'signing-ca', pkcs12: ecPkcs12([chSigningCa], 'pw'), password: 'pw' }),
      400,
      'CERT_PKCS12_EC_UNSUPPORTED',
    ],
    ['an unknown role', () => Promise.resolve({ role: 'root', pem: chCa.pem }), 400, 'VALIDATION_FAILED'],
    [
      'both pem and der',
      () => Promise.resolve({ role: 'tls-ca', pem: chCa.pem, der: 'AAAA' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a PKCS#12 file without password',
      () => Promise.resolve({ role: 'tls-ca', pkcs12: 'AAAA' }),
      400,
      'VALIDATION_FAILED',
    ],
  ])('when %s is uploaded, then it is refused and nothing is stored', async (_name, body, status, code) => {
    const count = async (): Promise<number> => (await gateway.partners.listCertificates('CH')).length;
    const before = await count();
    const res = await upload('CH', await body());
    expect([res.status, res.body.error.code]).toEqual([status, code]);
    expect(typeof res.body.error.message).toBe('string');
    expect(await count()).toBe(before);
  });

  test('when the same certificate is uploaded twice (PEM, then DER), then 201 then 200 and one record', async () => {
    const first = await upload('CH', { role: 'signing-ca', pem: chSigningCa.pem });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      created: true,
      certificate: {
        role: 'signing-ca',
        fingerprint: chSigningCa.fingerprint,
        keyType: 'ec',
        curve: 'P-256',
        isCa: true,
        state: 'active',
        addedBy: 'test admin',
        revoked: false,
      },
    });
    expect(first.body.certificate).not.toHaveProperty('pem');
    const again = await upload('CH', { role: 'signing-ca', der: chSigningCa.der.toString('base64') });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    const list = await api().get('/api/v1/partners/CH/certificates').set('Authorization', as('auditor'));
    const mine = list.body.items.filter(
      (c: { fingerprint: string }) => c.fingerprint === chSigningCa.fingerprint,
    );
    expect(mine).toHaveLength(1);
    expect(new X509Certificate(mine[0].pem as string).fingerprint256.replace(/:/g, '').toLowerCase()).toBe(
      chSigningCa.fingerprint,
    );
  });

  test('when an RSA PKCS#12 bundle is uploaded for tls-client, then the keyed leaf is pinned (the key is not kept)', async () => {
    const res = await upload('CH', {
      role: 'tls-client',
      pkcs12: await rsaPkcs12(chClient, [chCa], 'pw'),
      password: 'pw',
    });
    expect(res.status).toBe(201);
    expect(res.body.certificate).toMatchObject({
      fingerprint: chClient.fingerprint,
      subjectCountries: ['CH'],
    });
    const stored = await gateway.partners.findCertificate('CH', 'tls-client', chClient.fingerprint);
    expect(JSON.stringify(stored)).not.toMatch(/PRIVATE KEY/);
  });

  test('when a signing leaf is pinned, then it is accepted; one without digitalSignature is 422 CERT_KEY_USAGE', async () => {
    const res = await upload('CH', { role: 'signing', pem: chSigning.pem });
    expect(res.status).toBe(201);
    const leaf = await makeCert({
      subject: 'CN=weird,C=CH',
      issuer: chSigningCa,
      ca: false,
      notBefore: start,
      notAfter: new Date(Date.now() + 10 * DAY),
    });
    const noUsage = await upload('CH', { role: 'signing', pem: leaf.pem });
    expect([noUsage.status, noUsage.body.error.code]).toEqual([422, 'CERT_KEY_USAGE']);
  });
});

describe('rotation, activation, suspension and revocation', () => {
  beforeAll(async () => {
    await ensurePartner('CH');
  });

  test('when a partner without a tls-ca is activated, then 409 PARTNER_NO_TLS_ANCHOR', async () => {
    await ensurePartner('FR');
    const res = await api()
      .patch('/api/v1/partners/FR')
      .set('Authorization', as('admin'))
      .send({ status: 'active' });
    expect([res.status, res.body.error.code]).toEqual([409, 'PARTNER_NO_TLS_ANCHOR']);
  });

  test('when two tls-ca certificates are added and the partner activated, then both are trusted by the directory at once', async () => {
    expect((await upload('CH', { role: 'tls-ca', pem: chCa.pem })).status).toBe(201);
    expect((await upload('CH', { role: 'tls-ca', pem: chCa2.pem })).status).toBe(201);
    const res = await api()
      .patch('/api/v1/partners/CH')
      .set('Authorization', as('admin'))
      .send({ status: 'active' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('active');
    const anchors = gateway.directory.current().activeAnchors('CH', 'tls-ca', new Date());
    expect(anchors.map((c) => c.fingerprint).sort()).toEqual([chCa.fingerprint, chCa2.fingerprint].sort());
  });

  test('when one tls-ca is revoked, then it is kept and marked revoked, and only the other stays trusted', async () => {
    const res = await api()
      .delete(`/api/v1/partners/CH/certificates/${chCa.fingerprint.toUpperCase()}`)
      .set('Authorization', as('admin'));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        role: 'tls-ca',
        fingerprint: chCa.fingerprint,
        revoked: true,
        state: 'revoked',
        revokedBy: 'test admin',
      }),
    ]);
    const show = await api().get('/api/v1/partners/CH').set('Authorization', as('admin'));
    const tlsCas = show.body.certificates.filter((c: { role: string }) => c.role === 'tls-ca');
    expect(tlsCas.map((c: { state: string }) => c.state).sort()).toEqual(['active', 'revoked']);
    expect(
      gateway.directory
        .current()
        .activeAnchors('CH', 'tls-ca', new Date())
        .map((c) => c.fingerprint),
    ).toEqual([chCa2.fingerprint]);
  });

  test('when a revoked certificate is uploaded again, then 409 CERT_REVOKED', async () => {
    const res = await upload('CH', { role: 'tls-ca', pem: chCa.pem });
    expect([res.status, res.body.error.code]).toEqual([409, 'CERT_REVOKED']);
  });

  test('when revoking an unknown or malformed fingerprint, or with an unknown role, then 404 CERT_NOT_FOUND / 400', async () => {
    const unknown = await api()
      .delete(`/api/v1/partners/CH/certificates/${'ab'.repeat(32)}`)
      .set('Authorization', as('admin'));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'CERT_NOT_FOUND']);
    const malformed = await api()
      .delete('/api/v1/partners/CH/certificates/xyz')
      .set('Authorization', as('admin'));
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const role = await api()
      .delete(`/api/v1/partners/CH/certificates/${chCa2.fingerprint}?role=root`)
      .set('Authorization', as('admin'));
    expect([role.status, role.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  test('when the partner is suspended and re-activated, then the directory follows each step', async () => {
    const suspended = await api()
      .patch('/api/v1/partners/CH')
      .set('Authorization', as('admin'))
      .send({ status: 'suspended', timeoutMs: 5000 });
    expect(suspended.body).toMatchObject({ status: 'suspended', timeoutMs: 5000, updatedBy: 'test admin' });
    expect(gateway.directory.current().findPartner('CH')?.status).toBe('suspended');
    expect(gateway.directory.current().tlsServerCaPems()).toEqual([]);
    await api().patch('/api/v1/partners/CH').set('Authorization', as('admin')).send({ status: 'active' });
    expect(gateway.directory.current().findPartner('CH')?.status).toBe('active');
    expect(gateway.directory.current().tlsServerCaPems()).toHaveLength(1);
  });
});

describe('least privilege', () => {
  test.each(['issuer', 'customs'] as const)(
    'when a %s token calls the partner, audit and alert APIs, then 403 FORBIDDEN',
    async (role) => {
      const calls = [
        api().get('/api/v1/partners'),
        api().get('/api/v1/partners/CH'),
        api().post('/api/v1/partners').send(CH),
        api().patch('/api/v1/partners/CH').send({ name: 'x' }),
        api().get('/api/v1/partners/CH/certificates'),
        api().post('/api/v1/partners/CH/certificates').send({ role: 'tls-ca', pem: chCa2.pem }),
        api().delete(`/api/v1/partners/CH/certificates/${chCa2.fingerprint}`),
        api().get('/api/v1/audit'),
        api().get('/api/v1/alerts'),
      ];
      for (const call of calls) {
        const res = await call.set('Authorization', as(role));
        expect([res.status, res.body.error?.code]).toEqual([403, 'FORBIDDEN']);
      }
    },
  );

  test('when an auditor tries to change anything, then 403; reading works', async () => {
    for (const call of [
      api()
        .post('/api/v1/partners')
        .send({ ...CH, code: 'DE' }),
      api().patch('/api/v1/partners/CH').send({ name: 'x' }),
      api().post('/api/v1/partners/CH/certificates').send({ role: 'tls-ca', pem: chCa2.pem }),
      api().delete(`/api/v1/partners/CH/certificates/${chCa2.fingerprint}`),
    ]) {
      expect((await call.set('Authorization', as('auditor'))).status).toBe(403);
    }
    expect((await api().get('/api/v1/partners').set('Authorization', as('auditor'))).status).toBe(200);
  });
});

describe('our identity', () => {
  test('when any valid token asks for /identity, then our signing and TLS certificates are shown, never a key', async () => {
    const { pki } = await testPki('KE');
    for (const role of ['admin', 'auditor', 'issuer', 'customs'] as const) {
      const res = await api().get('/api/v1/identity').set('Authorization', as(role));
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/PRIVATE KEY/);
      expect(res.body).toMatchObject({
        country: 'KE',
        signing: {
          certificate: { keyUsage: expect.arrayContaining(['digitalSignature']), subjectCountries: ['KE'] },
        },
        tls: { server: { extendedKeyUsage: ['serverAuth'] }, client: { extendedKeyUsage: ['clientAuth'] } },
      });
      const fp = (pem: string): string => new X509Certificate(pem).fingerprint256;
      expect(fp(res.body.signing.certificate.pem)).toBe(fp(pki.signing.certPem));
      expect(fp(res.body.tls.client.pem)).toBe(fp(pki.tlsClient.certPem));
      expect(res.body.tls.server.fingerprint).toBe(fp(pki.tlsServer.certPem).replace(/:/g, '').toLowerCase());
    }
    const anonymous = await api().get('/api/v1/identity');
    expect(anonymous.status).toBe(401);
  });
});

// Each CLI run is a fresh node process (about a second of CPU): allow for a loaded machine.
const CLI_TIMEOUT = 180_000;

describe('the epix partner CLI against the running gateway', () => {
  const cli = (
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [path.resolve('bin/epix.js'), ...args],
        { env: { PATH: process.env.PATH, ...env } },
        (error, stdout, stderr) => {
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
        },
      );
    });
  const withApi = (): string[] => ['--api', gateway.apiUrl, '--token', tokens.admin];
  const dir = mkdtempSync(path.join(tmpdir(), 'epix-cli-'));

  test(
    'when an admin onboards a partner with the CLI, then add, cert add, activate, show, list, revoke and suspend work',
    async () => {
      const ca = await makeCa('AT', start, 365);
      const ca2 = await makeCa('AT', start, 500);
      writeFileSync(path.join(dir, 'at-ca.pem'), ca.pem);
      writeFileSync(path.join(dir, 'at-ca2.der'), ca2.der);

      const added = await cli([
        'partner',
        'add',
        '--code',
        'at',
        '--name',
        'Austria',
        '--endpoint',
        'https://gw.at.example',
        '--timeout-ms',
        '4000',
        '--document-types',
        'export,import',
        ...withApi(),
      ]);
      expect(added.code).toBe(0);
      expect(JSON.parse(added.stdout)).toMatchObject({
        code: 'AT',
        status: 'pending',
        timeoutMs: 4000,
        allowedDocumentTypes: ['export', 'import'],
      });

      // the API location and token can also come from the environment
      const env = { EPIX_API_URL: gateway.apiUrl, EPIX_TOKEN: tokens.admin };
      const cert = await cli(
        ['partner', 'cert', 'add', 'AT', '--role', 'tls-ca', '--file', path.join(dir, 'at-ca.pem')],
        env,
      );
      expect(cert.code).toBe(0);
      expect(JSON.parse(cert.stdout)).toMatchObject({
        created: true,
        certificate: { fingerprint: ca.fingerprint },
      });
      const der = await cli(
        ['partner', 'cert', 'add', 'AT', '--role', 'tls-ca', '--file', path.join(dir, 'at-ca2.der')],
        env,
      );
      expect(JSON.parse(der.stdout)).toMatchObject({
        created: true,
        certificate: { fingerprint: ca2.fingerprint },
      });

      const activated = await cli(['partner', 'activate', 'AT', ...withApi()]);
      expect(JSON.parse(activated.stdout)).toMatchObject({ status: 'active' });
      const updated = await cli(['partner', 'update', 'AT', '--name', 'Austria CITES MA', ...withApi()]);
      expect(JSON.parse(updated.stdout)).toMatchObject({ name: 'Austria CITES MA', status: 'active' });

      const show = JSON.parse((await cli(['partner', 'show', 'AT', ...withApi()])).stdout);
      expect(show.certificates).toHaveLength(2);
      const listed = JSON.parse((await cli(['partner', 'list', ...withApi()])).stdout);
      expect(listed.items.map((p: { code: string }) => p.code)).toContain('AT');
      const certs = JSON.parse((await cli(['partner', 'cert', 'list', 'AT', ...withApi()])).stdout);
      expect(certs.items.every((c: { pem: string }) => c.pem.includes('BEGIN CERTIFICATE'))).toBe(true);

      const colonFp = ca.fingerprint.match(/../g)!.join(':').toUpperCase();
      const revoked = await cli([
        'partner',
        'cert',
        'revoke',
        'AT',
        colonFp,
        '--role',
        'tls-ca',
        ...withApi(),
      ]);
      expect(revoked.code).toBe(0);
      expect(JSON.parse(revoked.stdout).items[0]).toMatchObject({
        fingerprint: ca.fingerprint,
        revoked: true,
      });

      const suspended = await cli(['partner', 'suspend', 'AT', ...withApi()]);
      expect(JSON.parse(suspended.stdout)).toMatchObject({ status: 'suspended' });
      expect(gateway.directory.current().findPartner('AT')?.status).toBe('suspended');
    },
    CLI_TIMEOUT,
  );

  test(
    'when the CLI hits an API error, then it prints the code and exits 1',
    async () => {
      const missing = await cli(['partner', 'show', 'US', ...withApi()]);
      expect(missing.code).toBe(1);
      expect(JSON.parse(missing.stderr)).toMatchObject({ code: 'PARTNER_NOT_FOUND' });
      const forbidden = await cli(['partner', 'list', '--api', gateway.apiUrl, '--token', tokens.issuer]);
      expect([forbidden.code, JSON.parse(forbidden.stderr).code]).toEqual([1, 'FORBIDDEN']);
      writeFileSync(path.join(dir, 'leaf.pem'), chClient.pem);
      const wrongRole = await cli([
        'partner',
        'cert',
        'add',
        'AT',
        '--role',
        'tls-ca',
        '--file',
        path.join(dir, 'leaf.pem'),
        ...withApi(),
      ]);
      expect([wrongRole.code, JSON.parse(wrongRole.stderr).code]).toEqual([1, 'CERT_NOT_CA']);
      const noToken = await cli(['partner', 'list', '--api', gateway.apiUrl]);
      expect([noToken.code, JSON.parse(noToken.stderr).code]).toEqual([1, 'VALIDATION_FAILED']);
    },
    CLI_TIMEOUT,
  );
});

partnerRepositoryContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('partner-contract');
  const repository = new MongoPartnerRepository(connection);
  await repository.init();
  return { repository, cleanup: drop };
});
