/**
 * Development PKI: per country a root CA, a TLS server certificate, a TLS client certificate and a
 * document-signing certificate. For tests, demos and docker-compose only; never for real keys.
 */
import { randomBytes } from 'node:crypto';
import { subtle, x509 } from './x509';

export type KeyType = 'rsa' | 'ec';

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface CountryPki {
  country: string;
  ca: IssuedCertificate;
  tlsServer: IssuedCertificate;
  tlsClient: IssuedCertificate;
  signing: IssuedCertificate;
}

export interface DevPkiOptions {
  country: string;
  keyType?: KeyType;
  /** Extra DNS names or IP addresses for the TLS server certificate (localhost and 127.0.0.1 are always in). */
  hosts?: readonly string[];
  notBefore: Date;
  /** Validity of every certificate, in days. */
  validDays?: number;
  /** Where the CA publishes its CRL: written as the CRL distribution point of every leaf. */
  crlUrl?: string;
}

const RSA: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};
const EC: EcKeyGenParams & { hash: string } = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export function keyAlgorithm(keyType: KeyType): RsaHashedKeyGenParams | (EcKeyGenParams & { hash: string }) {
  return keyType === 'ec' ? EC : RSA;
}

export async function generateKeyPair(keyType: KeyType): Promise<CryptoKeyPair> {
  return await subtle.generateKey(keyAlgorithm(keyType), true, ['sign', 'verify']);
}

export async function privateKeyToPem(key: CryptoKey): Promise<string> {
  const der = await subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function serial(): string {
  // Positive 16-byte serial (top bit clear), as RFC 5280 asks.
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function isIp(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

export interface LeafProfile {
  subject: string;
  keyUsages: x509.KeyUsageFlags;
  extendedKeyUsages?: string[];
  sanHosts?: readonly string[];
  /** CRL distribution point (http URL). */
  crlUrl?: string;
}

export interface CertificateAuthority {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

export async function createRootCa(
  subject: string,
  keyType: KeyType,
  notBefore: Date,
  notAfter: Date,
): Promise<CertificateAuthority> {
  const keys = await generateKeyPair(keyType);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: subject,
    keys,
    signingAlgorithm: keyAlgorithm(keyType),
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

export async function issueLeaf(
  ca: CertificateAuthority,
  profile: LeafProfile,
  keyType: KeyType,
  notBefore: Date,
  notAfter: Date,
): Promise<IssuedCertificate> {
  const keys = await generateKeyPair(keyType);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(profile.keyUsages, true),
    await x509.AuthorityKeyIdentifierExtension.create(ca.cert, false),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (profile.extendedKeyUsages?.length) {
    extensions.push(new x509.ExtendedKeyUsageExtension(profile.extendedKeyUsages, false));
  }
  if (profile.crlUrl) extensions.push(new x509.CRLDistributionPointsExtension([profile.crlUrl]));
  if (profile.sanHosts?.length) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        profile.sanHosts.map((host): x509.JsonGeneralName => ({
          type: isIp(host) ? 'ip' : 'dns',
          value: host,
        })),
      ),
    );
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: profile.subject,
    issuer: ca.cert.subject,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: keyAlgorithm(ca.keys.privateKey.algorithm.name === 'ECDSA' ? 'ec' : 'rsa'),
    notBefore,
    notAfter,
    extensions,
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyToPem(keys.privateKey) };
}

/** Creates the development PKI of one country. */
export async function createCountryPki(options: DevPkiOptions): Promise<CountryPki> {
  const keyType = options.keyType ?? 'rsa';
  const notBefore = options.notBefore;
  const notAfter = new Date(notBefore.getTime() + (options.validDays ?? 825) * 86_400_000);
  const c = options.country;
  const ca = await createRootCa(
    `CN=EPIX Dev Root CA ${c},O=CITES Management Authority ${c} (development),C=${c}`,
    keyType,
    notBefore,
    notAfter,
  );
  const org = `O=CITES Management Authority ${c} (development),C=${c}`;
  const hosts = ['localhost', '127.0.0.1', ...(options.hosts ?? [])];
  const F = x509.KeyUsageFlags;
  const [tlsServer, tlsClient, signing] = await Promise.all([
    issueLeaf(
      ca,
      {
        subject: `CN=${hosts[2] ?? 'localhost'},${org}`,
        keyUsages: F.digitalSignature | F.keyEncipherment,
        extendedKeyUsages: [x509.ExtendedKeyUsage.serverAuth],
        sanHosts: [...new Set(hosts)],
        ...(options.crlUrl && { crlUrl: options.crlUrl }),
      },
      keyType,
      notBefore,
      notAfter,
    ),
    issueLeaf(
      ca,
      {
        subject: `CN=EPIX gateway ${c} client,${org}`,
        keyUsages: F.digitalSignature | F.keyEncipherment,
        extendedKeyUsages: [x509.ExtendedKeyUsage.clientAuth],
        ...(options.crlUrl && { crlUrl: options.crlUrl }),
      },
      keyType,
      notBefore,
      notAfter,
    ),
    issueLeaf(
      ca,
      {
        subject: `CN=EPIX document signing ${c},${org}`,
        keyUsages: F.digitalSignature | F.nonRepudiation,
        ...(options.crlUrl && { crlUrl: options.crlUrl }),
      },
      keyType,
      notBefore,
      notAfter,
    ),
  ]);
  return {
    country: c,
    ca: { certPem: ca.cert.toString('pem'), keyPem: await privateKeyToPem(ca.keys.privateKey) },
    tlsServer,
    tlsClient,
    signing,
  };
}

/** File names of a country's development PKI inside its folder. */
export const PKI_FILES = {
  caCert: 'ca.pem',
  caKey: 'ca.key.pem',
  tlsServerCert: 'tls-server.pem',
  tlsServerKey: 'tls-server.key.pem',
  tlsClientCert: 'tls-client.pem',
  tlsClientKey: 'tls-client.key.pem',
  signingCert: 'signing.pem',
  signingKey: 'signing.key.pem',
} as const;
