/** Small certificate factory for chain-validation tests (EC P-256 keys: fast to generate). */
import { X509Certificate } from 'node:crypto';
import { generateKeyPair, keyAlgorithm } from '../../../../src/domain/pki/dev-pki';
import { x509 } from '../../../../src/domain/pki/x509';

export interface TestCert {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  node: X509Certificate;
  pem: string;
}

export interface CertSpec {
  subject: string;
  /** Omitted: self-signed. */
  issuer?: TestCert;
  ca?: boolean;
  pathLength?: number;
  /** keyUsage bits; null leaves the extension out. Default: CA keyCertSign|cRLSign, leaf digitalSignature. */
  usages?: number | null;
  notBefore?: Date;
  notAfter?: Date;
}

let serial = 0x1000;
export const F = x509.KeyUsageFlags;

/** Issues (or self-signs) a certificate as the spec says. */
export async function makeCert(spec: CertSpec): Promise<TestCert> {
  const keys = await generateKeyPair('ec');
  const ca = spec.ca ?? false;
  const usages =
    spec.usages === undefined ? (ca ? F.keyCertSign | F.cRLSign : F.digitalSignature) : spec.usages;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(ca, ca ? spec.pathLength : undefined, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (usages !== null) extensions.push(new x509.KeyUsagesExtension(usages, true));
  const notBefore = spec.notBefore ?? new Date('2026-01-01T00:00:00Z');
  const notAfter = spec.notAfter ?? new Date('2036-01-01T00:00:00Z');
  const cert = spec.issuer
    ? await x509.X509CertificateGenerator.create({
        serialNumber: (serial++).toString(16),
        subject: spec.subject,
        issuer: spec.issuer.cert.subject,
        publicKey: keys.publicKey,
        signingKey: spec.issuer.keys.privateKey,
        signingAlgorithm: keyAlgorithm('ec'),
        notBefore,
        notAfter,
        extensions: [
          ...extensions,
          await x509.AuthorityKeyIdentifierExtension.create(spec.issuer.cert, false),
        ],
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: (serial++).toString(16),
        name: spec.subject,
        keys,
        signingAlgorithm: keyAlgorithm('ec'),
        notBefore,
        notAfter,
        extensions,
      });
  const pem = cert.toString('pem');
  return { cert, keys, node: new X509Certificate(pem), pem };
}
