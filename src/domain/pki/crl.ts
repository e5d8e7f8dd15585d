/**
 * Certificate revocation lists (RFC 5280): reading one, checking that its issuer signed it, and asking it
 * about a certificate. Time is an argument; fetching and caching live in the revocation flow.
 */
import type { X509Certificate as NodeCertificate } from 'node:crypto';
import { x509 } from './x509';

/** The http(s) URLs of a certificate's CRL distribution points, in order. */
export function crlDistributionUrls(certificate: NodeCertificate): string[] {
  const cert = new x509.X509Certificate(certificate.raw);
  const extension = cert.getExtension(x509.CRLDistributionPointsExtension);
  if (!extension) return [];
  const urls: string[] = [];
  for (const point of extension.distributionPoints) {
    for (const name of point.distributionPoint?.fullName ?? []) {
      const url = name.uniformResourceIdentifier;
      if (url && /^https?:\/\//.test(url)) urls.push(url);
    }
  }
  return urls;
}

/** PEM armour of a CRL: OpenSSL writes `X509 CRL`, some libraries (@peculiar/x509) plain `CRL`. */
export const CRL_PEM_HEADER = /-----BEGIN (?:X509 )?CRL-----/;

/** Reads a CRL given as PEM or DER; throws for anything else. */
export function readCrl(bytes: Buffer | string): x509.X509Crl {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  if (CRL_PEM_HEADER.test(text)) return new x509.X509Crl(text);
  const der = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  return new x509.X509Crl(new Uint8Array(der).buffer);
}

/** The issuer among `candidates` that signed `crl` (same subject, signature verifies), or undefined. */
export async function findCrlIssuer(
  crl: x509.X509Crl,
  candidates: readonly NodeCertificate[],
): Promise<NodeCertificate | undefined> {
  for (const candidate of candidates) {
    const ca = new x509.X509Certificate(candidate.raw);
    if (ca.subject !== crl.issuer) continue;
    if (await crl.verify({ publicKey: ca }).catch(() => false)) return candidate;
  }
  return undefined;
}

/** Whether `crl` is current at `at` (a CRL without nextUpdate is current until replaced). */
export function isCrlCurrent(crl: x509.X509Crl, at: Date): boolean {
  return crl.thisUpdate <= at && (crl.nextUpdate === undefined || at < crl.nextUpdate);
}

/** The entry revoking `certificate` in `crl`, or null. */
export function findRevocation(
  crl: x509.X509Crl,
  certificate: NodeCertificate,
): { revokedAt: Date; serialNumber: string } | null {
  const entry = crl.findRevoked(new x509.X509Certificate(certificate.raw));
  return entry ? { revokedAt: entry.revocationDate, serialNumber: entry.serialNumber } : null;
}
