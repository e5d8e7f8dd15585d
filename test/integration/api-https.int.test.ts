/**
 * The internal API over HTTPS with a configured certificate (api.tls.certFile / keyFile): a client that
 * trusts the CA gets answers, a plain-HTTP client gets none, and the CLI works against the https URL.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import { loadConfig } from '../../src/config/loader';
import { systemClock } from '../../src/domain/ports';
import { auditTokenCreation } from '../../src/flows/audit-token-creation';
import { createToken } from '../../src/flows/create-token';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { MongoTokenRepository } from '../../src/storage/mongo-token-repository';
import { testGatewayConfig } from '../support/gateway';
import { testPki } from '../support/pki';
import { dropDatabaseOf } from '../support/services';

let gateway: Gateway;
let admin: string;
let files: Record<string, string>;

beforeAll(async () => {
  ({ files } = await testPki('KE'));
  gateway = new Gateway(
    await testGatewayConfig('KE', {
      api: {
        host: '127.0.0.1',
        port: 0,
        tls: { certFile: files.tlsServerCert, keyFile: files.tlsServerKey },
      },
    }),
    { logger: createSilentLogger() },
  );
  await gateway.start();
  const tokens = new MongoTokenRepository(gateway.mongo);
  admin = // audited: the log's first entry, for the checkpoint the CLI asks for
    (
      await createToken(
        { tokens, clock: systemClock, onCreated: auditTokenCreation(gateway.audit) },
        { role: 'admin', name: 'tls admin', createdBy: 't' },
      )
    ).token;
});

afterAll(async () => {
  await gateway?.close();
  if (gateway) await dropDatabaseOf(gateway.config.mongodbUri);
});

function get(
  url: string,
  options: { ca?: string; token?: string } = {},
): Promise<{ status: number; body: string; protocol?: string }> {
  const call = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = call(
      url,
      {
        ...(options.ca && { ca: options.ca }),
        headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      },
      (res) => {
        const protocol = (res.socket as { getProtocol?: () => string | null }).getProtocol?.() ?? undefined;
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            ...(protocol && { protocol }),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('internal API over HTTPS', () => {
  test('when api.tls is configured, then the API answers over TLS to a client trusting the CA, with bearer tokens as before', async () => {
    expect(gateway.apiUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(files.caCert!, 'utf8');
    const health = await get(`${gateway.apiUrl}/health/live`, { ca });
    expect(health.status).toBe(200);
    expect(health.protocol).toMatch(/^TLSv1\.[23]$/);
    const tokens = await get(`${gateway.apiUrl}/api/v1/tokens`, { ca, token: admin });
    expect(tokens.status).toBe(200);
    expect((await get(`${gateway.apiUrl}/api/v1/tokens`, { ca })).status).toBe(401);
  });

  test('when a client does not trust the certificate, or speaks plain HTTP, then it gets no answer from the API', async () => {
    await expect(get(`${gateway.apiUrl}/health/live`)).rejects.toThrow(
      /self[- ]signed|unable to verify|certificate/i,
    );
    const plain = gateway.apiUrl.replace('https:', 'http:');
    const answer = await get(`${plain}/health/live`).catch((error: Error) => error);
    // node's https server answers a plain request with 400 or drops it; either way no API answer
    // (errors from node's realm are not instanceof jest's Error)
    if ('status' in answer) expect(answer.status).toBe(400);
    else expect(answer.message).toMatch(/socket hang up|ECONNRESET|parse/i);
  });

  test('when the CLI is pointed at the https URL (NODE_EXTRA_CA_CERTS naming the CA), then it works', async () => {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.resolve('bin/epix.js'), 'audit', 'checkpoint', '--api', gateway.apiUrl, '--token', admin],
        { env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: files.caCert } },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('<AuditCheckpoint xmlns="urn:epix:audit-checkpoint:1">');
  }, 60_000);

  test('when the certificate is given as environment variables, then the configuration carries it', () => {
    const config = loadConfig({
      files: [],
      env: {
        EPIX_COUNTRY: 'KE',
        EPIX_SIGNING_KEY_FILE: 'k',
        EPIX_SIGNING_CERT_FILE: 'c',
        EPIX_TLS_KEY_FILE: 'k',
        EPIX_TLS_CERT_FILE: 'c',
        EPIX_TLS_CLIENT_CERT_FILE: 'c',
        MONGODB_URI: 'mongodb://127.0.0.1/x',
        EPIX_API_TLS_CERT_FILE: '/etc/epix/api.pem',
        EPIX_API_TLS_KEY_FILE: '/etc/epix/api.key',
      },
    });
    expect(config.api.tls).toEqual({ certFile: '/etc/epix/api.pem', keyFile: '/etc/epix/api.key' });
  });
});
