/**
 * A signature counts for a partner only when its signer certificate names that partner's country. A
 * certificate without a country in its subject cannot be matched to anyone, so it is refused like one of
 * another country: trust in a partner's CA alone must not let a country-less certificate speak for it.
 */
import type { InboundDenial } from './inbound-authority';

/** Null when the signer certificate's subject C= is `partner`; else the denial. */
export function signerCountryDenial(
  signer: { country: string | undefined; subject: string },
  partner: string,
  what: string,
): InboundDenial | null {
  if (signer.country === partner) return null;
  if (signer.country === undefined) {
    return {
      code: 'EXCHANGE_SIGNER_COUNTRY_MISSING',
      message: `${what} is signed by a certificate without a country in its subject (${signer.subject}); the sender is ${partner}`,
    };
  }
  return {
    code: 'EXCHANGE_SIGNER_MISMATCH',
    message: `${what} is signed by a certificate of ${signer.country}, the sender is ${partner}`,
  };
}
