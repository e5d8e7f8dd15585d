/**
 * Development CRLs: the CA of a development PKI revokes some of its certificates. For tests, demos and
 * `epix pki revoke` only; never for real keys.
 */
import { keyAlgorithm } from './dev-pki';
import { subtle, x509 } from './x509';

export interface DevRevocation {
  /** Serial number, hex. */
  serialNumber: string;
  revokedAt: Date;
}

/** A CRL (PEM) signed by the CA whose certificate and PKCS#8 key are given. */
export async function createDevCrl(options: {
  caCertPem: string;
  caKeyPem: string;
  revoked: readonly DevRevocation[];
  thisUpdate: Date;
  nextUpdate: Date;
}): Promise<string> {
  const ca = new x509.X509Certificate(options.caCertPem);
  const keyType = ca.publicKey.algorithm.name === 'ECDSA' ? 'ec' : 'rsa';
  const algorithm = keyAlgorithm(keyType);
  const der = x509.PemConverter.decode(options.caKeyPem)[0]!;
  const signingKey = await subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.subject,
    thisUpdate: options.thisUpdate,
    nextUpdate: options.nextUpdate,
    signingAlgorithm: algorithm,
    signingKey,
    entries: options.revoked.map((r) => ({ serialNumber: r.serialNumber, revocationDate: r.revokedAt })),
  });
  return crl.toString('pem');
}
