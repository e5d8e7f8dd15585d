/**
 * Whether a sending partner may act on the permits its message names. A partner speaks only for its own
 * permits: it may cancel or replace a permit it issued, and confirm the usage of a permit we issued to it.
 * Nothing a partner sends may change the status of a permit another country issued.
 *
 * Pure: the caller reads the facts (our issued permit's destination, the signed permit's own reference to
 * the permit it replaces) and this decides. A denial becomes a REJECTED receipt with its code.
 */
import type { CountryCode } from '../countries';
import type { ErrorCode } from '../errors';
import { formatPermitKey, parsePermitKey } from '../permit/permit-key';
import type { DocumentType } from './message';

export interface InboundAuthorityFacts {
  /** Our own country. */
  ourCountry: string;
  /** The partner the TLS connection and the envelope signature identified. */
  sender: string;
  documentType: DocumentType;
  /** The envelope's PermitKey. */
  permitKey: string;
  /** The envelope's Replaces (a replacement permit only). */
  replaces?: string;
  /**
   * What the signed replacement permit itself says it replaces (its ReferenceReferencedDocument), when it
   * says so: the number and issue date, of a permit of the same issuing country.
   */
  signedReplaces?: { issuingCountry: CountryCode; permitNumber: string; issueDate: string };
  /** For a usage confirmation: the destination of our issued permit of that key (null when not issued). */
  issuedTo?: string | null;
}

export interface InboundDenial {
  code: ErrorCode;
  message: string;
}

/** Null when the sender may act on every permit the message names; else the reason it may not. */
export function decideInboundAuthority(facts: InboundAuthorityFacts): InboundDenial | null {
  switch (facts.documentType) {
    case 'cancellation':
      return ownedBySender(facts, facts.permitKey, 'cancel');
    case 'usage-confirmation':
      return usageConcernsSender(facts);
    default:
      return facts.replaces === undefined ? null : replacementDenial(facts, facts.replaces);
  }
}

function countryOfKey(key: string): string | undefined {
  try {
    return parsePermitKey(key).issuingCountry;
  } catch {
    return undefined;
  }
}

function ownedBySender(facts: InboundAuthorityFacts, key: string, verb: string): InboundDenial | null {
  const issuer = countryOfKey(key);
  if (issuer === facts.sender) return null;
  return {
    code: 'EXCHANGE_PERMIT_NOT_OWNED',
    message: `${facts.sender} may not ${verb} ${key}: it is ${issuer ? `a permit of ${issuer}` : 'not a permit key'}`,
  };
}

function replacementDenial(facts: InboundAuthorityFacts, replaces: string): InboundDenial | null {
  const notOwned = ownedBySender(facts, replaces, 'replace');
  if (notOwned) return notOwned;
  if (replaces === facts.permitKey) {
    return { code: 'EXCHANGE_REPLACES_MISMATCH', message: `${replaces} cannot replace itself` };
  }
  const signed = facts.signedReplaces;
  if (signed === undefined) return null;
  const signedKey = formatPermitKey({
    issuingCountry: signed.issuingCountry,
    permitNumber: signed.permitNumber,
    issueYear: Number(signed.issueDate.slice(0, 4)),
  });
  if (signedKey === replaces) return null;
  return {
    code: 'EXCHANGE_REPLACES_MISMATCH',
    message: `the envelope says the permit replaces ${replaces}, the signed permit says ${signedKey}`,
  };
}

function usageConcernsSender(facts: InboundAuthorityFacts): InboundDenial | null {
  const issuer = countryOfKey(facts.permitKey);
  if (issuer !== facts.ourCountry) {
    return {
      code: 'EXCHANGE_USAGE_NOT_OURS',
      message: `${facts.sender} may only confirm the usage of permits ${facts.ourCountry} issued, not ${facts.permitKey}`,
    };
  }
  if (facts.issuedTo === undefined || facts.issuedTo === null || facts.issuedTo === facts.sender) return null;
  return {
    code: 'EXCHANGE_USAGE_NOT_OURS',
    message: `${facts.permitKey} was issued for ${facts.issuedTo}, not ${facts.sender}`,
  };
}
