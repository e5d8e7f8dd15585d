import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCountryPki } from '../../../src/cli/pki-command';
import { createCountryPki, type CountryPki } from '../../../src/domain/pki/dev-pki';
import { x509 } from '../../../src/domain/pki/x509';

const notBefore = new Date(Date.now() - 3_600_000);
let rsa: CountryPki;
let ec: CountryPki;

beforeAll(async () => {
  [rsa, ec] = await Promise.all([
    createCountryPki({ country: 'KE', notBefore, hosts: ['gw.ke.example', '10.0.0.5'] }),
    createCountryPki({ country: 'CH', keyType: 'ec', notBefore }),
  ]);
});

function opensslVerify(caPem: string, leafPem: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'epix-ossl-'));
  writeFileSync(path.join(dir, 'ca.pem'), caPem);
  writeFileSync(path.join(dir, 'leaf.pem'), leafPem);
  return execFileSync(
    'openssl',
    ['verify', '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'leaf.pem')],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

const usages = (pem: string): number =>
  new x509.X509Certificate(pem).getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
const ekus = (pem: string): string[] =>
  (new x509.X509Certificate(pem).getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? []).map(String);

describe('development PKI', () => {
  test.each(['tlsServer', 'tlsClient', 'signing'] as const)(
    'when openssl verifies the %s certificate against the CA, then it succeeds',
    (leaf) => {
      for (const pki of [rsa, ec]) expect(opensslVerify(pki.ca.certPem, pki[leaf].certPem)).toContain(': OK');
    },
  );

  test("when a leaf is checked against another country's CA, then openssl rejects it", () => {
    expect(() => opensslVerify(ec.ca.certPem, rsa.signing.certPem)).toThrow();
  });

  test('when the CA is read, then it is a CA allowed to sign certificates', () => {
    const ca = new X509Certificate(rsa.ca.certPem);
    expect(ca.ca).toBe(true);
    expect(usages(rsa.ca.certPem) & x509.KeyUsageFlags.keyCertSign).toBeTruthy();
  });

  test('when the leaves are read, then each carries only the usages of its role', () => {
    const F = x509.KeyUsageFlags;
    expect(usages(rsa.signing.certPem)).toBe(F.digitalSignature | F.nonRepudiation);
    expect(ekus(rsa.tlsServer.certPem)).toEqual([x509.ExtendedKeyUsage.serverAuth]);
    expect(ekus(rsa.tlsClient.certPem)).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(new X509Certificate(rsa.tlsClient.certPem).subject).toContain('C=KE');
    expect(new X509Certificate(rsa.signing.certPem).ca).toBe(false);
  });

  test('when extra hosts are asked for, then the server certificate names them besides localhost', () => {
    const server = new X509Certificate(rsa.tlsServer.certPem);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkHost('gw.ke.example')).toBe('gw.ke.example');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('10.0.0.5')).toBe('10.0.0.5');
  });

  test('when key types are chosen, then RSA is 2048-bit and EC is P-256', () => {
    const rsaKey = new X509Certificate(rsa.signing.certPem).publicKey;
    const ecKey = new X509Certificate(ec.signing.certPem).publicKey;
    expect(rsaKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(ecKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  test('when the PKI is written, then private keys are readable by the owner only', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'epix-pki-')), 'KE');
    const files = await writeCountryPki(rsa, dir);
    for (const [name, file] of Object.entries(files)) {
      const mode = statSync(file).mode & 0o777;
      expect([name, mode]).toEqual([name, name.endsWith('Key') ? 0o600 : 0o644]);
    }
  });
});
