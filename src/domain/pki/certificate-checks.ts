/**
 * The rules a partner certificate must pass before we store it under a role. Each rejection has its own
 * error code, so an administrator (and a test) can tell exactly what is wrong with an upload.
 */
import { isCaRole, type CertificateRole } from '../partners/partner';
import { GatewayError } from '../errors';
import { parseCertificateDer, parseCertificatePem, type CertificateInfo } from './certificate-info';
import { readPkcs12 } from './pkcs12';

/** A certificate as an administrator uploads it: PEM text, base64 DER, or base64 PKCS#12 with password. */
export type CertificateUpload =
  | { role: CertificateRole; pem: string }
  | { role: CertificateRole; der: string }
  | { role: CertificateRole; pkcs12: string; password: string };

const MIN_RSA_BITS = 2048;
const ALLOWED_CURVES = new Set(['P-256', 'P-384']);

/** Reads the uploaded certificate (one per upload); throws CERT_UNPARSEABLE / CERT_PKCS12_*. */
export function readCertificateUpload(upload: CertificateUpload): CertificateInfo {
  if ('pem' in upload) return parseCertificatePem(upload.pem);
  if ('der' in upload) return parseCertificateDer(decodeBase64(upload.der, 'der'));
  const contents = readPkcs12(decodeBase64(upload.pkcs12, 'pkcs12'), upload.password);
  return pickFromPkcs12(
    contents.certificates.map((der) => parseCertificateDer(der)),
    contents.keyCertificate ? parseCertificateDer(contents.keyCertificate) : undefined,
    upload.role,
  );
}

function decodeBase64(value: string, field: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length === 0) {
    throw new GatewayError('CERT_UNPARSEABLE', `${field} must be base64`);
  }
  return Buffer.from(compact, 'base64');
}

/** A bundle usually holds a leaf, its key and its chain: pick the one certificate the role is about. */
function pickFromPkcs12(
  certs: CertificateInfo[],
  keyCert: CertificateInfo | undefined,
  role: CertificateRole,
): CertificateInfo {
  if (certs.length === 1) return certs[0]!;
  if (isCaRole(role)) {
    const cas = certs.filter((c) => c.isCa);
    if (cas.length === 1) return cas[0]!;
    const roots = cas.filter((c) => c.subject === c.issuer);
    if (roots.length === 1) return roots[0]!;
    if (cas.length === 0) return keyCert ?? certs[0]!; // rejected below with CERT_NOT_CA
  } else {
    if (keyCert) return keyCert;
    const leaves = certs.filter((c) => !c.isCa);
    if (leaves.length === 1) return leaves[0]!;
  }
  throw new GatewayError(
    'CERT_PKCS12_INVALID',
    `the PKCS#12 file holds ${certs.length} certificates and it is not clear which one is meant for ${role}; upload that one as PEM or DER`,
  );
}

export interface CertificateCheckContext {
  role: CertificateRole;
  /** The partner's country code; a tls-client leaf must carry it as subject C=. */
  partnerCode: string;
  at: Date;
}

/**
 * Throws the precise reason a certificate cannot be stored under `role`:
 * CERT_EXPIRED, CERT_WEAK_KEY, CERT_KEY_UNSUPPORTED, CERT_NOT_CA, CERT_NOT_LEAF, CERT_KEY_USAGE or
 * CERT_COUNTRY_MISMATCH. A certificate that is not valid yet is accepted: it is trusted from its notBefore,
 * which lets administrators upload the next certificate ahead of a rotation.
 */
export function assertCertificateAcceptable(info: CertificateInfo, context: CertificateCheckContext): void {
  const { role, partnerCode, at } = context;
  if (info.notAfter < at) {
    throw new GatewayError('CERT_EXPIRED', `the certificate expired on ${info.notAfter.toISOString()}`, {
      details: { notAfter: info.notAfter.toISOString() },
    });
  }
  assertKeyAcceptable(info);
  if (isCaRole(role)) {
    if (!info.isCa || !info.keyUsage.includes('keyCertSign')) {
      throw new GatewayError(
        'CERT_NOT_CA',
        `${role} needs a CA certificate with basicConstraints CA and keyCertSign; this one has CA=${info.isCa} and key usage [${info.keyUsage.join(', ')}]`,
      );
    }
    return;
  }
  if (info.isCa) {
    throw new GatewayError('CERT_NOT_LEAF', `${role} pins an end-entity certificate; this one is a CA`);
  }
  if (role === 'signing') {
    if (!info.keyUsage.includes('digitalSignature')) {
      throw new GatewayError(
        'CERT_KEY_USAGE',
        `a signing certificate needs the digitalSignature key usage; it has [${info.keyUsage.join(', ')}]`,
      );
    }
    return;
  }
  // tls-client
  if (info.keyUsage.length > 0 && !info.keyUsage.includes('digitalSignature')) {
    throw new GatewayError(
      'CERT_KEY_USAGE',
      `a TLS client certificate needs the digitalSignature key usage; it has [${info.keyUsage.join(', ')}]`,
    );
  }
  if (
    info.extendedKeyUsage.length > 0 &&
    !info.extendedKeyUsage.some((eku) => eku === 'clientAuth' || eku === 'anyExtendedKeyUsage')
  ) {
    throw new GatewayError(
      'CERT_KEY_USAGE',
      `a TLS client certificate needs the clientAuth extended key usage; it has [${info.extendedKeyUsage.join(', ')}]`,
    );
  }
  if (info.subjectCountries.length !== 1 || info.subjectCountries[0] !== partnerCode) {
    throw new GatewayError(
      'CERT_COUNTRY_MISMATCH',
      `a TLS client certificate of ${partnerCode} must have subject C=${partnerCode}; it has ${
        info.subjectCountries.length ? info.subjectCountries.map((c) => `C=${c}`).join(', ') : 'no C='
      }`,
    );
  }
}

function assertKeyAcceptable(info: CertificateInfo): void {
  if (info.keyType === 'rsa' || info.keyType === 'rsa-pss') {
    if (info.keySize < MIN_RSA_BITS) {
      throw new GatewayError(
        'CERT_WEAK_KEY',
        `RSA keys need at least ${MIN_RSA_BITS} bits; this one has ${info.keySize}`,
      );
    }
    return;
  }
  if (info.keyType === 'ec') {
    if (info.curve && ALLOWED_CURVES.has(info.curve)) return;
    if (info.keySize > 0 && info.keySize < 256) {
      throw new GatewayError(
        'CERT_WEAK_KEY',
        `EC curve ${info.curve ?? '?'} is too weak; use P-256 or P-384`,
      );
    }
    throw new GatewayError(
      'CERT_KEY_UNSUPPORTED',
      `EC curve ${info.curve ?? '?'} is not supported; use P-256 or P-384`,
    );
  }
  throw new GatewayError(
    'CERT_KEY_UNSUPPORTED',
    `${info.keyType} keys are not supported; use RSA (2048 bits or more) or EC P-256/P-384`,
  );
}
