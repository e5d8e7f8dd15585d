/**
 * Certificates made to measure for upload tests: any key (including weak RSA-1024), CA or leaf, any key
 * usage, any validity window, PEM/DER/PKCS#12. Generated in the test run; nothing is committed.
 */
import { createHash, generateKeyPairSync, webcrypto } from 'node:crypto';
import forge from 'node-forge';
import type { CertificateRole, Partner, PartnerCertificate } from '../../../../src/domain/partners/partner';
import { parseCertificatePem } from '../../../../src/domain/pki/certificate-info';
import { x509 } from '../../../../src/domain/pki/x509';

export type TestKeyType = 'rsa' | 'rsa1024' | 'ec' | 'p384' | 'p521';

export interface TestCert {
  pem: string;
  der: Buffer;
  fingerprint: string;
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  keyType: TestKeyType;
}

export interface TestCertOptions {
  subject: string;
  /** Signs the certificate; self-signed when absent. */
  issuer?: TestCert;
  ca?: boolean;
  /** KeyUsage flags; no extension when undefined. */
  keyUsages?: number;
  extendedKeyUsages?: string[];
  key?: TestKeyType;
  notBefore: Date;
  notAfter: Date;
}

const F = x509.KeyUsageFlags;
export const CA_USAGES = F.keyCertSign | F.cRLSign;
export const SIGNING_USAGES = F.digitalSignature | F.nonRepudiation;
export const TLS_CLIENT_USAGES = F.digitalSignature | F.keyEncipherment;
export const CLIENT_AUTH = x509.ExtendedKeyUsage.clientAuth;
export const SERVER_AUTH = x509.ExtendedKeyUsage.serverAuth;

function algorithmOf(key: TestKeyType): RsaHashedImportParams | EcKeyImportParams {
  switch (key) {
    case 'rsa':
    case 'rsa1024':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    case 'ec':
      return { name: 'ECDSA', namedCurve: 'P-256' };
    case 'p384':
      return { name: 'ECDSA', namedCurve: 'P-384' };
    case 'p521':
      return { name: 'ECDSA', namedCurve: 'P-521' };
  }
}

const keyCache = new Map<TestKeyType, CryptoKeyPair[]>();

/** Key pairs are expensive (RSA): a small pool per type is reused across certificates of a test file. */
async function keyPair(key: TestKeyType): Promise<CryptoKeyPair> {
  const pool = keyCache.get(key) ?? [];
  keyCache.set(key, pool);
  if (pool.length >= 4) return pool[Math.floor(Math.random() * pool.length)]!;
  let pair: CryptoKeyPair;
  if (key === 'rsa1024') {
    // WebCrypto generates RSA-1024 too, but make it the way an old partner CA would have: with OpenSSL.
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const alg = algorithmOf(key);
    pair = {
      privateKey: await webcrypto.subtle.importKey(
        'pkcs8',
        privateKey.export({ type: 'pkcs8', format: 'der' }),
        alg,
        true,
        ['sign'],
      ),
      publicKey: await webcrypto.subtle.importKey(
        'spki',
        publicKey.export({ type: 'spki', format: 'der' }),
        alg,
        true,
        ['verify'],
      ),
    };
  } else {
    const alg = algorithmOf(key);
    const params =
      alg.name === 'ECDSA' ? alg : { ...alg, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };
    pair = (await webcrypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  }
  pool.push(pair);
  return pair;
}

function signingAlgorithm(key: TestKeyType): Algorithm & { hash: string } {
  return key.startsWith('rsa')
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
    : { name: 'ECDSA', hash: key === 'p384' ? 'SHA-384' : key === 'p521' ? 'SHA-512' : 'SHA-256' };
}

let serialCounter = 1;

/** Makes one certificate. */
export async function makeCert(options: TestCertOptions): Promise<TestCert> {
  const keyType = options.key ?? 'rsa';
  const keys = await keyPair(keyType);
  const extensions: x509.Extension[] = [];
  if (options.ca !== undefined)
    extensions.push(new x509.BasicConstraintsExtension(options.ca, undefined, true));
  if (options.keyUsages !== undefined) extensions.push(new x509.KeyUsagesExtension(options.keyUsages, true));
  if (options.extendedKeyUsages?.length) {
    extensions.push(new x509.ExtendedKeyUsageExtension(options.extendedKeyUsages, false));
  }
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  const serialNumber = (serialCounter++).toString(16).padStart(8, '0') + Date.now().toString(16);
  const cert = options.issuer
    ? await x509.X509CertificateGenerator.create({
        serialNumber,
        subject: options.subject,
        issuer: options.issuer.cert.subject,
        publicKey: keys.publicKey,
        signingKey: options.issuer.keys.privateKey,
        signingAlgorithm: signingAlgorithm(options.issuer.keyType),
        notBefore: options.notBefore,
        notAfter: options.notAfter,
        extensions,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber,
        name: options.subject,
        keys,
        signingAlgorithm: signingAlgorithm(keyType),
        notBefore: options.notBefore,
        notAfter: options.notAfter,
        extensions,
      });
  const der = Buffer.from(cert.rawData);
  return {
    pem: cert.toString('pem'),
    der,
    fingerprint: createHash('sha256').update(der).digest('hex'),
    cert,
    keys,
    keyType,
  };
}

export const DAY = 86_400_000;

/** A CA of `country` valid from `from` for `days`. */
export function makeCa(
  country: string,
  from: Date,
  days = 365,
  extra: Partial<TestCertOptions> = {},
): Promise<TestCert> {
  return makeCert({
    subject: `CN=Test CA ${country} ${serialCounter},O=Management Authority ${country},C=${country}`,
    ca: true,
    keyUsages: CA_USAGES,
    notBefore: from,
    notAfter: new Date(from.getTime() + days * DAY),
    ...extra,
  });
}

/** A TLS client leaf issued by `ca` with subject C=`country`. */
export function makeTlsClient(
  ca: TestCert,
  country: string,
  from: Date,
  days = 365,
  extra: Partial<TestCertOptions> = {},
): Promise<TestCert> {
  return makeCert({
    subject: `CN=gateway client ${serialCounter},O=Management Authority ${country},C=${country}`,
    issuer: ca,
    ca: false,
    keyUsages: TLS_CLIENT_USAGES,
    extendedKeyUsages: [CLIENT_AUTH],
    notBefore: from,
    notAfter: new Date(from.getTime() + days * DAY),
    ...extra,
  });
}

/** A document-signing leaf issued by `ca`. */
export function makeSigningLeaf(
  ca: TestCert,
  country: string,
  from: Date,
  days = 365,
  extra: Partial<TestCertOptions> = {},
): Promise<TestCert> {
  return makeCert({
    subject: `CN=document signing ${serialCounter},O=Management Authority ${country},C=${country}`,
    issuer: ca,
    ca: false,
    keyUsages: SIGNING_USAGES,
    notBefore: from,
    notAfter: new Date(from.getTime() + days * DAY),
    ...extra,
  });
}

/** An RSA PKCS#12 bundle (key + leaf + chain) as an exporter would make it, base64. */
export async function rsaPkcs12(leaf: TestCert, chain: TestCert[], password: string): Promise<string> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', leaf.keys.privateKey));
  const key = forge.pki.privateKeyFromAsn1(
    forge.asn1.fromDer(forge.util.createBuffer(pkcs8.toString('binary'))),
  );
  const certs = [leaf, ...chain].map((c) => forge.pki.certificateFromPem(c.pem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary').toString('base64');
}

/**
 * A PKCS#12 bundle holding EC certificates (no key), base64, with a valid MAC. forge cannot write EC
 * certificates, so its certificate encoder is swapped for the DER we already have while it packs them.
 */
export function ecPkcs12(certs: TestCert[], password: string): string {
  const original = forge.pki.certificateToAsn1;
  const placeholders = certs.map(() => ({}) as forge.pki.Certificate);
  const derOf = new Map(placeholders.map((p, i) => [p, certs[i]!.der]));
  forge.pki.certificateToAsn1 = (cert) =>
    forge.asn1.fromDer(forge.util.createBuffer(derOf.get(cert)!.toString('binary')));
  try {
    const asn1 = forge.pkcs12.toPkcs12Asn1(null, placeholders, password, { generateLocalKeyId: false });
    return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary').toString('base64');
  } finally {
    forge.pki.certificateToAsn1 = original;
  }
}

/** A stored partner certificate record for `cert`, as the repository would return it. */
export function partnerCertificate(
  partnerCode: string,
  role: CertificateRole,
  cert: TestCert,
  extra: Partial<PartnerCertificate> = {},
): PartnerCertificate {
  return {
    ...parseCertificatePem(cert.pem),
    partnerCode,
    role,
    addedAt: new Date('2026-01-01T00:00:00Z'),
    addedBy: 'test admin',
    revoked: false,
    ...extra,
  };
}

/** A partner record with sensible defaults. */
export function partnerRecord(code: string, extra: Partial<Partner> = {}): Partner {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    code,
    name: `Management Authority ${code}`,
    endpointUrl: `https://gateway.${code.toLowerCase()}.example:8443`,
    status: 'active',
    timeoutMs: 10_000,
    allowedDocumentTypes: ['export', 're-export', 'import', 'other'],
    createdAt: at,
    createdBy: 'test admin',
    updatedAt: at,
    updatedBy: 'test admin',
    ...extra,
  };
}
