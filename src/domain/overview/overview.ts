/**
 * The administrators' and auditors' overview (console issue 16): what the exchange did over a recent
 * window, counted by the database (never by loading every message).
 */

/** The windows the overview offers, in milliseconds. */
export const OVERVIEW_WINDOWS = { '24h': 24 * 3_600_000, '7d': 7 * 24 * 3_600_000 } as const;
export type OverviewWindow = keyof typeof OVERVIEW_WINDOWS;

/** Messages created (sent or received) in the window with one partner, direction and state. */
export interface MessageCount {
  partner: string;
  direction: 'outbound' | 'inbound';
  state: string;
  count: number;
}

/** Customs verifications in the window: verdicts, and how often each reason code was given. */
export interface VerdictCounts {
  verdicts: { ACCEPTED: number; REJECTED: number };
  reasons: Array<{ reason: string; count: number }>;
}

/** Counts computed by the store (aggregations), for the overview. */
export interface OverviewCounts {
  /** Messages created at or after `since`, grouped by partner, direction and state. */
  messagesByPartnerAndState(since: Date): Promise<MessageCount[]>;
  /** Verifications made at or after `since`, by verdict and by reason code (most frequent first). */
  verdictsByReason(since: Date): Promise<VerdictCounts>;
}
