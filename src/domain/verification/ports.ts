/**
 * What customs verification needs from the rest of the gateway, as narrow ports: the received permits
 * (exchange) and the issuing partner's status and signing trust (partner directory). The usage
 * confirmation port is the exchange's `UsageConfirmationSender` (flows/send-usage-confirmation.ts).
 */
import type { ReceivedPermit } from '../exchange/permit-records';
import type { Permit } from '../permit/permit';
import type { PartnerStatus } from '../partners/partner';
import type { SignatureFacts } from './checks';

/** Received permits, as the exchange stores them (MongoReceivedPermitRepository fits). */
export interface ReceivedPermitLookup {
  find(permitKey: string): Promise<ReceivedPermit | null>;
  /** Those of `permitKeys` that were received, in the order given (each looked up by primary key). */
  existing(permitKeys: readonly string[]): Promise<string[]>;
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

/** Counts verdicts and rejection reasons (Prometheus in production). */
export interface VerificationMetrics {
  countVerdict(verdict: 'ACCEPTED' | 'REJECTED'): void;
  countRejectionReason(code: string): void;
}
