/**
 * What customs verification needs from the rest of the gateway, as narrow ports: the received permits
 * (exchange), the issuing partner's status and signing trust (partner directory), reading a presented XML
 * document (permit import) and sending the usage confirmation back to the exporter (exchange).
 */
import type { ReceivedPermit, UsageConfirmation } from '../exchange/permit-records';
import type { Permit } from '../permit/permit';
import type { PartnerStatus } from '../partners/partner';
import type { SignatureFacts } from './checks';

/** Received permits, as the exchange stores them (MongoReceivedPermitRepository fits). */
export interface ReceivedPermitLookup {
  find(permitKey: string): Promise<ReceivedPermit | null>;
  /** Received permits matching the filter (without signedXml), at most `limit`. */
  list(filter: Record<string, string>, limit: number): Promise<ReceivedPermit[]>;
}

/** The issuing partner as the directory knows it now (undefined: not in the directory). */
export interface PartnerStatusLookup {
  statusOf(code: string): PartnerStatus | undefined;
}

/**
 * Re-verifies a received permit's stored signed document with the issuing partner's CURRENT signing
 * trust (a signer certificate revoked since reception fails). Never throws for a bad document: it
 * answers `invalid` with a catalogue code. On success it returns the permit read from the verified
 * document, which the checks then use instead of the stored JSON copy.
 */
export interface ReceivedSignatureVerifier {
  verify(received: ReceivedPermit): Promise<{ facts: SignatureFacts; permit?: Permit }>;
}

/** Reads a presented XML document in any shape `epix permit import` accepts (throws PERMIT_* / XML_*). */
export type PresentedXmlReader = (xml: string) => { permit: Permit; shape: string };

/**
 * Sends the usage confirmation (EPIX ConfirmQuantities) to the country that issued the permit. The
 * exchange implements it; it must be idempotent per permit key (a re-submitted declaration may call it
 * again when the first attempt failed).
 */
export interface UsageConfirmationSender {
  sendUsageConfirmation(permitKey: string, usage: UsageConfirmation): Promise<{ messageId: string }>;
}

/** Counts verdicts and rejection reasons (Prometheus in production). */
export interface VerificationMetrics {
  countVerdict(verdict: 'ACCEPTED' | 'REJECTED'): void;
  countRejectionReason(code: string): void;
}
