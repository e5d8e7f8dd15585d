/**
 * Whether the certificate that signed an inbound message (or the permit inside it) was revoked by its
 * CA's CRL (fetched from its distribution point, or uploaded by an administrator for the partner). The
 * CRL must be signed by one of the partner's signing-ca anchors.
 */
import type { X509Certificate } from 'node:crypto';
import type { InboundDenial } from '../domain/exchange/inbound-authority';
import type { DirectoryPartner } from '../domain/partners/directory-snapshot';
import type { CertificateRole } from '../domain/partners/partner';
import type { UploadedCrl } from '../domain/partners/partner-crl';

export interface RevocationCheck {
  /** `uploaded`: the CRLs an administrator uploaded for the partner (DirectoryPartner.crls). */
  denialFor(
    leaf: X509Certificate,
    issuers: readonly X509Certificate[],
    what: string,
    uploaded?: readonly UploadedCrl[],
  ): Promise<InboundDenial | null>;
}

/** The partner's CA certificates in force for `role` (the issuers its CRLs must be signed by). */
export function partnerCas(partner: DirectoryPartner, role: CertificateRole): X509Certificate[] {
  return partner.certificates.filter((c) => c.role === role && !c.revoked).map((c) => c.x509);
}

export async function findSignerRevocation(
  revocation: RevocationCheck | undefined,
  partner: DirectoryPartner,
  signer: { certificate: X509Certificate },
  what: string,
): Promise<InboundDenial | null> {
  if (!revocation) return null;
  return revocation.denialFor(
    signer.certificate,
    partnerCas(partner, 'signing-ca'),
    `the signer certificate of ${what}`,
    partner.crls,
  );
}
