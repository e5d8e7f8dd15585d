/**
 * What the reports read: streams over the permits the gateway holds (their trade ledger: see
 * trade-ledger.ts), the customs verifications and the control results, so a report over any number of
 * permits is built in flat memory.
 */
import type { IssuedPermitStatus, ReceivedPermitStatus, UsageConfirmation } from '../exchange/permit-records';
import type { ControlResult } from './control-result';
import type { TradePermit } from './trade-permit';

/** An export permit we issued, with the quantities the importing country confirmed it cleared. */
export interface ExportRecord {
  permitKey: string;
  permit: TradePermit;
  status: IssuedPermitStatus;
  destination: string;
  usage?: UsageConfirmation;
}

/** A permit a partner sent us, with its clearance at our border (if it was presented and accepted). */
export interface ImportRecord {
  permitKey: string;
  permit: TradePermit;
  status: ReceivedPermitStatus;
  clearance?: { declarationNumber: string; usage: UsageConfirmation };
}

/** One customs verification's outcome, for the statistics. */
export interface CustomsDecision {
  verdict: 'ACCEPTED' | 'REJECTED';
  reasonCodes: string[];
  verifiedAt: Date;
}

/** Read port of the reports. Every stream is ordered, so two runs over the same data give the same file. */
export interface ReportSource {
  /** Issued permits whose issue date (as written) falls in `year`, in permit-key order (UTF-8 bytes). */
  exportsOf(year: number): AsyncIterable<ExportRecord>;
  /**
   * Received permits issued in `year - 1` or `year` (one cleared early in `year` may date from the year
   * before), in permit-key order (UTF-8 bytes), each with its clearance when there is one.
   */
  importsOf(year: number): AsyncIterable<ImportRecord>;
  /** Control results that found an offence (finding SEIZURE) on arrival in `year`, by date, then id. */
  seizuresOf(year: number): AsyncIterable<ControlResult>;
  /** Every customs verification made in `year` (UTC), in no particular order. */
  customsDecisionsOf(year: number): AsyncIterable<CustomsDecision>;
}
