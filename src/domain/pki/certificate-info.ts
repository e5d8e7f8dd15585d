/**
 * Reads an X.509 certificate (PEM or DER) into the facts the gateway keeps and shows: fingerprint,
 * names, validity, key, CA flag and usages. Parsing only; whether the certificate is acceptable is
 * decided in certificate-checks.ts.
 */
import { X509Certificate } from 'node:crypto';
import { GatewayError } from '../errors';
import { x509 } from './x509';

export interface CertificateInfo {
  /** SHA-256 of the DER encoding, lower-case hex without separators. */
  fingerprint: string;
  subject: string;
  issuer: string;
  /** Lower-case hex. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** `rsa`, `ec`, or the key type OpenSSL reports (e.g. `ed25519`, `dsa`, `rsa-pss`). */
  keyType: string;
  /** RSA modulus bits; for EC the curve size in bits. */
  keySize: number;
  /** EC curve (P-256, P-384, or the OpenSSL name of another curve). */
  curve?: string;
  /** basicConstraints cA = true. */
  isCa: boolean;
  /** keyUsage bits by name; empty when the extension is absent. */
  keyUsage: string[];
  /** extendedKeyUsage by name (or OID when unnamed); empty when the extension is absent. */
  extendedKeyUsage: string[];
  /** The subject's C= values. */
  subjectCountries: string[];
  pem: string;
}

const KEY_USAGE_NAMES: Array<[number, string]> = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

const CURVE_NAMES: Record<string, string> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Lower-case hex SHA-256 fingerprint without colons, from any common spelling. */
export function normalizeFingerprint(value: string): string {
  return value.replace(/[:\s]/g, '').toLowerCase();
}

export function isFingerprint(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(normalizeFingerprint(value));
}

/** Parses one PEM certificate; throws CERT_UNPARSEABLE unless the text holds exactly one. */
export function parseCertificatePem(text: string): CertificateInfo {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length !== 1) {
    throw new GatewayError(
      'CERT_UNPARSEABLE',
      blocks.length === 0
        ? 'no PEM certificate (-----BEGIN CERTIFICATE-----) found'
        : `the PEM holds ${blocks.length} certificates; upload one certificate at a time`,
    );
  }
  return describeCertificate(parseWith(() => new X509Certificate(blocks[0])));
}

/** Parses one DER certificate; throws CERT_UNPARSEABLE when it is not one. */
export function parseCertificateDer(der: Buffer): CertificateInfo {
  if (der.length === 0) throw new GatewayError('CERT_UNPARSEABLE', 'the DER certificate is empty');
  return describeCertificate(parseWith(() => new X509Certificate(der)));
}

function parseWith(parse: () => X509Certificate): X509Certificate {
  try {
    return parse();
  } catch (error) {
    throw new GatewayError('CERT_UNPARSEABLE', `not an X.509 certificate: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The facts of an already parsed certificate. */
export function describeCertificate(cert: X509Certificate): CertificateInfo {
  const parsed = new x509.X509Certificate(cert.raw);
  const key = cert.publicKey;
  const keyType = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  let keySize = details.modulusLength ?? 0;
  let curve: string | undefined;
  if (keyType === 'ec' && details.namedCurve) {
    curve = CURVE_NAMES[details.namedCurve] ?? details.namedCurve;
    keySize = curveBits(details.namedCurve);
  } else if (keyType === 'ed25519' || keyType === 'x25519') {
    keySize = 256;
  } else if (keyType === 'ed448' || keyType === 'x448') {
    keySize = 448;
  }
  const usages = parsed.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  const ekus = parsed.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
  return {
    fingerprint: normalizeFingerprint(cert.fingerprint256),
    subject: parsed.subject,
    issuer: parsed.issuer,
    serialNumber: cert.serialNumber.toLowerCase(),
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    keyType,
    keySize,
    ...(curve ? { curve } : {}),
    isCa: cert.ca,
    keyUsage: KEY_USAGE_NAMES.filter(([flag]) => (usages & flag) !== 0).map(([, name]) => name),
    extendedKeyUsage: ekus.map((oid) => EKU_NAMES[String(oid)] ?? String(oid)),
    subjectCountries: parsed.subjectName.getField('C'),
    pem: cert.toString(),
  };
}

function curveBits(name: string): number {
  const digits = /(\d{3})/.exec(name);
  return digits ? Number(digits[1]) : 0;
}

/** Certificate facts without the PEM, for lists and logs. */
export function summarizeCertificate<T extends CertificateInfo>(info: T): Omit<T, 'pem'> {
  const { pem: _pem, ...rest } = info;
  return rest;
}
