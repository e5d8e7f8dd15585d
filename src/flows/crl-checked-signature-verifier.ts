/**
 * Customs' re-verification of a received permit, plus the CRL of the issuing partner's signing CA: a
 * permit whose signer certificate is revoked fails, even when the revocation came after the signing. The
 * catalogue's rule (reason SIGNATURE_INVALID: "... or its signer certificate was revoked") makes no
 * exception for the signing time, because nobody can tell when a compromised key was first misused.
 */
import { X509Certificate } from 'node:crypto';
import type { DirectorySnapshot } from '../domain/partners/directory-snapshot';
import type { ReceivedSignatureVerifier } from '../domain/verification/ports';
import { partnerCas, type RevocationCheck } from './find-signer-revocation';

/** The certificate in the signed document's KeyInfo whose SHA-256 is `thumbprint` (already verified). */
function signerCertificateOf(signedXml: string, thumbprint: string): X509Certificate | undefined {
  for (const match of signedXml.matchAll(/<(?:[\w-]+:)?X509Certificate>([^<]+)</g)) {
    try {
      const cert = new X509Certificate(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
      if (cert.fingerprint256.replace(/:/g, '').toLowerCase() === thumbprint) return cert;
    } catch {
      // not a certificate: the verified one is further on, if anywhere
    }
  }
  return undefined;
}

export function withCrlRevocation(
  inner: ReceivedSignatureVerifier,
  revocation: RevocationCheck,
  directory: { current(): DirectorySnapshot },
): ReceivedSignatureVerifier {
  return {
    async verify(received) {
      const result = await inner.verify(received);
      if (result.facts.state !== 'valid') return result;
      const partner = directory.current().findPartner(received.issuingCountry);
      const thumbprint = result.facts.signer?.thumbprint ?? received.signer.thumbprint;
      const signer = signerCertificateOf(received.signedXml, thumbprint);
      if (!partner || !signer) return result;
      const denial = await revocation.denialFor(
        signer,
        partnerCas(partner, 'signing-ca'),
        'the signer certificate of the permit',
        partner.crls,
      );
      if (!denial) return result;
      return { facts: { state: 'invalid', code: denial.code, message: denial.message } };
    },
  };
}
