import { GatewayError, type ErrorCode } from '../../../src/domain/errors';
import type { CertificateRole } from '../../../src/domain/partners/partner';
import { x509 } from '../../../src/domain/pki/x509';
import { summarizeCertificate } from '../../../src/domain/pki/certificate-info';
import {
  assertCertificateAcceptable,
  readCertificateUpload,
  type CertificateUpload,
} from '../../../src/domain/pki/certificate-checks';
import {
  CA_USAGES,
  CLIENT_AUTH,
  DAY,
  SERVER_AUTH,
  SIGNING_USAGES,
  TLS_CLIENT_USAGES,
  ecPkcs12,
  makeCa,
  makeCert,
  makeSigningLeaf,
  makeTlsClient,
  rsaPkcs12,
  type TestCert,
} from './support/test-certificates';

const now = new Date('2026-06-01T00:00:00Z');
const from = new Date(now.getTime() - 10 * DAY);

let ca: TestCert;
let ecCa: TestCert;
let tlsClient: TestCert;
let signing: TestCert;

beforeAll(async () => {
  ca = await makeCa('KE', from);
  ecCa = await makeCa('KE', from, 365, { key: 'ec' });
  tlsClient = await makeTlsClient(ca, 'KE', from);
  signing = await makeSigningLeaf(ca, 'KE', from);
});

function codeOf(fn: () => unknown): ErrorCode | 'none' {
  try {
    fn();
    return 'none';
  } catch (error) {
    if (error instanceof GatewayError) return error.code;
    throw error;
  }
}

function check(upload: CertificateUpload, partnerCode = 'KE', at = now): ErrorCode | 'none' {
  return codeOf(() =>
    assertCertificateAcceptable(readCertificateUpload(upload), { role: upload.role, partnerCode, at }),
  );
}

describe('reading an uploaded certificate', () => {
  test('when a PEM CA is read, then its facts are described and the fingerprint is the SHA-256 of the DER', () => {
    const info = readCertificateUpload({ role: 'tls-ca', pem: ca.pem });
    expect(info).toMatchObject({
      fingerprint: ca.fingerprint,
      keyType: 'rsa',
      keySize: 2048,
      isCa: true,
      keyUsage: ['keyCertSign', 'cRLSign'],
      subjectCountries: ['KE'],
    });
    expect(info.notAfter.getTime()).toBe(from.getTime() + 365 * DAY);
    expect(summarizeCertificate(info)).not.toHaveProperty('pem');
  });

  test('when an EC certificate is read, then its curve and size are named', () => {
    expect(readCertificateUpload({ role: 'tls-ca', pem: ecCa.pem })).toMatchObject({
      keyType: 'ec',
      curve: 'P-256',
      keySize: 256,
    });
  });

  test('when base64 DER is uploaded, then it reads the same certificate as the PEM', () => {
    const info = readCertificateUpload({ role: 'tls-client', der: tlsClient.der.toString('base64') });
    expect(info.fingerprint).toBe(tlsClient.fingerprint);
    expect(info.extendedKeyUsage).toEqual(['clientAuth']);
  });

  test.each<[string, () => CertificateUpload]>([
    ['text without a PEM block', () => ({ role: 'tls-ca', pem: 'hello' })],
    [
      'a PEM block with garbage inside',
      () => ({ role: 'tls-ca', pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }),
    ],
    ['two certificates in one PEM', () => ({ role: 'tls-ca', pem: ca.pem + tlsClient.pem })],
    ['DER that is not base64', () => ({ role: 'tls-ca', der: '-----BEGIN CERTIFICATE-----' })],
    [
      'DER bytes that are not a certificate',
      () => ({ role: 'tls-ca', der: Buffer.from('not a cert').toString('base64') }),
    ],
    ['empty DER', () => ({ role: 'tls-ca', der: '' })],
  ])('when %s is uploaded, then CERT_UNPARSEABLE', (_name, upload) => {
    expect(codeOf(() => readCertificateUpload(upload()))).toBe('CERT_UNPARSEABLE');
  });

  test('when an RSA PKCS#12 bundle with key, leaf and CA is uploaded for tls-client, then the keyed leaf is picked', async () => {
    const p12 = await rsaPkcs12(tlsClient, [ca], 's3cret');
    expect(readCertificateUpload({ role: 'tls-client', pkcs12: p12, password: 's3cret' }).fingerprint).toBe(
      tlsClient.fingerprint,
    );
    expect(readCertificateUpload({ role: 'tls-ca', pkcs12: p12, password: 's3cret' }).fingerprint).toBe(
      ca.fingerprint,
    );
  });

  test('when the PKCS#12 password is wrong, then CERT_PKCS12_INVALID', async () => {
    const p12 = await rsaPkcs12(tlsClient, [ca], 's3cret');
    expect(codeOf(() => readCertificateUpload({ role: 'tls-client', pkcs12: p12, password: 'wrong' }))).toBe(
      'CERT_PKCS12_INVALID',
    );
  });

  test('when the PKCS#12 bytes are not a PKCS#12 file, then CERT_PKCS12_INVALID', () => {
    const junk = Buffer.from('this is no pfx at all').toString('base64');
    expect(codeOf(() => readCertificateUpload({ role: 'tls-ca', pkcs12: junk, password: 'x' }))).toBe(
      'CERT_PKCS12_INVALID',
    );
  });

  test('when a PKCS#12 bundle holds EC certificates, then CERT_PKCS12_EC_UNSUPPORTED with a clear message', () => {
    const p12 = ecPkcs12([ecCa], 'pw');
    let error: GatewayError | undefined;
    try {
      readCertificateUpload({ role: 'tls-ca', pkcs12: p12, password: 'pw' });
    } catch (e) {
      error = e as GatewayError;
    }
    expect(error?.code).toBe('CERT_PKCS12_EC_UNSUPPORTED');
    expect(error?.message).toMatch(/EC .*PEM or DER/);
  });

  test('when a PKCS#12 bundle holds two root CAs, then a CA role is CERT_PKCS12_INVALID (ambiguous) and the keyed leaf is still found', async () => {
    const otherCa = await makeCa('KE', from);
    const otherLeaf = await makeTlsClient(otherCa, 'KE', from);
    const bundle = await rsaPkcs12(tlsClient, [ca, otherCa, otherLeaf], 'pw');
    // the keyed leaf is still unambiguous for a leaf role, but two CAs without a single root are not
    expect(readCertificateUpload({ role: 'tls-client', pkcs12: bundle, password: 'pw' }).fingerprint).toBe(
      tlsClient.fingerprint,
    );
    expect(codeOf(() => readCertificateUpload({ role: 'tls-ca', pkcs12: bundle, password: 'pw' }))).toBe(
      'CERT_PKCS12_INVALID',
    );
  });
});

describe('accepting a certificate under a role', () => {
  test.each<[CertificateRole, () => TestCert]>([
    ['tls-ca', () => ca],
    ['signing-ca', () => ecCa],
    ['tls-client', () => tlsClient],
    ['signing', () => signing],
  ])('when a proper %s certificate is uploaded, then it is accepted', (role, cert) => {
    expect(check({ role, pem: cert().pem })).toBe('none');
  });

  test('when the certificate has expired, then CERT_EXPIRED', async () => {
    const expired = await makeCa('KE', new Date(now.getTime() - 400 * DAY), 365);
    expect(check({ role: 'tls-ca', pem: expired.pem })).toBe('CERT_EXPIRED');
  });

  test('when the certificate is not valid yet, then it is accepted (uploaded ahead of a rotation)', async () => {
    const future = await makeCa('KE', new Date(now.getTime() + 30 * DAY));
    expect(check({ role: 'signing-ca', pem: future.pem })).toBe('none');
  });

  test('when a CA has an RSA-1024 key, then CERT_WEAK_KEY', async () => {
    const weak = await makeCa('KE', from, 365, { key: 'rsa1024' });
    expect(readCertificateUpload({ role: 'tls-ca', pem: weak.pem }).keySize).toBe(1024);
    expect(check({ role: 'tls-ca', pem: weak.pem })).toBe('CERT_WEAK_KEY');
  });

  test('when a CA uses P-384, then it is accepted; P-521 is CERT_KEY_UNSUPPORTED', async () => {
    const p384 = await makeCa('KE', from, 365, { key: 'p384' });
    const p521 = await makeCa('KE', from, 365, { key: 'p521' });
    expect(check({ role: 'tls-ca', pem: p384.pem })).toBe('none');
    expect(check({ role: 'tls-ca', pem: p521.pem })).toBe('CERT_KEY_UNSUPPORTED');
  });

  test('when a leaf is uploaded for a CA role, then CERT_NOT_CA', () => {
    expect(check({ role: 'tls-ca', pem: tlsClient.pem })).toBe('CERT_NOT_CA');
    expect(check({ role: 'signing-ca', pem: signing.pem })).toBe('CERT_NOT_CA');
  });

  test('when a CA certificate lacks keyCertSign, then CERT_NOT_CA', async () => {
    const noSign = await makeCa('KE', from, 365, { keyUsages: SIGNING_USAGES });
    expect(check({ role: 'tls-ca', pem: noSign.pem })).toBe('CERT_NOT_CA');
  });

  test('when a CA certificate has no basicConstraints, then CERT_NOT_CA', async () => {
    const v1 = await makeCert({
      subject: 'CN=no constraints,C=KE',
      keyUsages: CA_USAGES,
      notBefore: from,
      notAfter: new Date(now.getTime() + DAY),
    });
    expect(check({ role: 'signing-ca', pem: v1.pem })).toBe('CERT_NOT_CA');
  });

  test('when a CA is uploaded for a pinned leaf role, then CERT_NOT_LEAF', () => {
    expect(check({ role: 'signing', pem: ca.pem })).toBe('CERT_NOT_LEAF');
    expect(check({ role: 'tls-client', pem: ca.pem })).toBe('CERT_NOT_LEAF');
  });

  test('when a signing leaf lacks digitalSignature, then CERT_KEY_USAGE', async () => {
    const encipherOnly = await makeSigningLeaf(ca, 'KE', from, 365, {
      keyUsages: x509.KeyUsageFlags.keyEncipherment,
    });
    expect(check({ role: 'signing', pem: encipherOnly.pem })).toBe('CERT_KEY_USAGE');
  });

  test('when a TLS client leaf carries only the serverAuth EKU, then CERT_KEY_USAGE', async () => {
    const serverOnly = await makeTlsClient(ca, 'KE', from, 365, { extendedKeyUsages: [SERVER_AUTH] });
    expect(check({ role: 'tls-client', pem: serverOnly.pem })).toBe('CERT_KEY_USAGE');
  });

  test('when a TLS client leaf has subject C= of another country, then CERT_COUNTRY_MISMATCH', async () => {
    expect(check({ role: 'tls-client', pem: tlsClient.pem }, 'CH')).toBe('CERT_COUNTRY_MISMATCH');
    const noCountry = await makeCert({
      subject: 'CN=gateway without country',
      issuer: ca,
      ca: false,
      keyUsages: TLS_CLIENT_USAGES,
      extendedKeyUsages: [CLIENT_AUTH],
      notBefore: from,
      notAfter: new Date(now.getTime() + DAY),
    });
    expect(check({ role: 'tls-client', pem: noCountry.pem })).toBe('CERT_COUNTRY_MISMATCH');
  });

  test('when a signing leaf has another C=, then it is accepted (only TLS client leaves are bound to the code)', () => {
    expect(check({ role: 'signing', pem: signing.pem }, 'CH')).toBe('none');
  });
});
