import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadOwnIdentity } from '../../../src/config/identity';
import { parseConfig } from '../../../src/config/loader';
import type { GatewayConfig } from '../../../src/config/schema';
import { GatewayError } from '../../../src/domain/errors';
import { createCountryPki, type CountryPki } from '../../../src/domain/pki/dev-pki';

const issued = new Date('2026-01-01T00:00:00Z');
let pki: CountryPki;
let other: CountryPki;
let dir: string;

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function config(
  overrides: { signingKey?: string; clientCert?: string; country?: string } = {},
): GatewayConfig {
  return parseConfig({
    country: overrides.country ?? 'KE',
    signing: {
      keyFile: overrides.signingKey ?? write('s.key', pki.signing.keyPem),
      certFile: write('s.pem', pki.signing.certPem),
    },
    tls: {
      keyFile: write('t.key', pki.tlsServer.keyPem),
      certFile: write('t.pem', pki.tlsServer.certPem),
      clientKeyFile: write('c.key', pki.tlsClient.keyPem),
      clientCertFile: overrides.clientCert ?? write('c.pem', pki.tlsClient.certPem),
    },
    mongodbUri: 'mongodb://127.0.0.1/x',
  });
}

function identityError(cfg: GatewayConfig, at: Date): GatewayError {
  try {
    loadOwnIdentity(cfg, at);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected IDENTITY_INVALID');
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'epix-id-'));
  [pki, other] = await Promise.all([
    createCountryPki({ country: 'KE', keyType: 'ec', notBefore: issued, validDays: 30 }),
    createCountryPki({ country: 'CH', keyType: 'ec', notBefore: issued, validDays: 30 }),
  ]);
});

describe('own identity at start-up', () => {
  test('when keys and certificates match and are valid, then the identity loads', () => {
    const identity = loadOwnIdentity(config(), new Date('2026-01-10T00:00:00Z'));
    expect(identity.signing.cert.subject).toContain('CN=EPIX document signing KE');
    expect(identity.tlsClient.cert.subject).toContain('C=KE');
  });

  test('when the signing key belongs to another certificate, then start-up fails naming it', () => {
    const error = identityError(
      config({ signingKey: write('other.key', other.signing.keyPem) }),
      new Date('2026-01-10T00:00:00Z'),
    );
    expect(error.code).toBe('IDENTITY_INVALID');
    expect(error.details).toEqual([expect.stringContaining('signing certificate') as unknown]);
    expect(error.message).toContain('does not match the key');
  });

  test('when the certificates have expired, then every expired one is listed', () => {
    const error = identityError(config(), new Date('2026-03-01T00:00:00Z'));
    expect((error.details as string[]).filter((p) => p.includes('expired'))).toHaveLength(3);
  });

  test('when a file is missing or not a certificate, then start-up fails naming the file', () => {
    const error = identityError(
      config({ clientCert: write('junk.pem', 'not a certificate') }),
      new Date('2026-01-10T00:00:00Z'),
    );
    expect(error.message).toContain('junk.pem does not parse');
  });

  test('when the TLS client certificate is for another country, then start-up fails', () => {
    const error = identityError(config({ country: 'CH' }), new Date('2026-01-10T00:00:00Z'));
    expect(error.message).toContain('must carry C=CH');
  });
});
