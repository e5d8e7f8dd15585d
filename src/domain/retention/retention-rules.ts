/**
 * What retention may delete and what it must keep. Records older than their collection's retention are
 * candidates; a rule still protecting one keeps it, whatever its age:
 * - a message with work left (outbound not DELIVERED or FAILED; inbound lifecycle action not applied);
 * - a message about a received permit customs may still be shown (VALID, until `customsHoldDays` after
 *   its validity ends), and an ACCEPTED verification of such a permit (the clearance of its one use);
 * - a raw archived request while a message record still points at it (the evidence of that record);
 * - an alert with a delivery still pending.
 * The audit log is never a candidate: entries are kept at least five years and never purged before their
 * checkpoint is exported (issue 14), which this job does not know about, so it leaves the audit log alone.
 */

export const RETENTION_COLLECTIONS = ['messages', 'archive', 'verifications', 'alerts'] as const;
export type RetentionCollection = (typeof RETENTION_COLLECTIONS)[number];

export interface MessageCandidate {
  id: string;
  direction: 'outbound' | 'inbound';
  state: string;
  /** Inbound: a lifecycle action is waiting to be applied (no processedAt yet). */
  actionPending: boolean;
  permitKey?: string;
  at: Date;
}

export interface VerificationCandidate {
  id: string;
  verdict: string;
  permitKey: string;
  at: Date;
}

export interface PlainCandidate {
  id: string;
  at: Date;
}

/** What customs still needs of a received permit. */
export interface PermitHold {
  permitKey: string;
  status: string;
  /** yyyy-mm-dd, the permit's last day of validity. */
  validUntil?: string;
}

const DAY_MS = 86_400_000;
const FINAL_OUTBOUND = new Set(['DELIVERED', 'FAILED']);

/** Whether customs may still be shown this permit at `now` (VALID and not long past its validity). */
export function isPermitStillNeeded(
  hold: PermitHold | undefined,
  now: Date,
  customsHoldDays: number,
): boolean {
  if (!hold || hold.status !== 'VALID') return false;
  if (!hold.validUntil) return true;
  const end = Date.parse(`${hold.validUntil.slice(0, 10)}T23:59:59Z`);
  return Number.isNaN(end) || now.getTime() <= end + customsHoldDays * DAY_MS;
}

/** Why a message is kept, or null when it may go. */
export function messageProtection(
  message: MessageCandidate,
  hold: PermitHold | undefined,
  now: Date,
  customsHoldDays: number,
): string | null {
  if (message.direction === 'outbound' && !FINAL_OUTBOUND.has(message.state)) return 'open';
  if (message.direction === 'inbound' && message.actionPending) return 'open';
  if (message.direction === 'inbound' && isPermitStillNeeded(hold, now, customsHoldDays))
    return 'permit-needed';
  return null;
}

/** Why a verification is kept, or null when it may go. */
export function verificationProtection(
  verification: VerificationCandidate,
  hold: PermitHold | undefined,
  now: Date,
  customsHoldDays: number,
): string | null {
  if (verification.verdict === 'ACCEPTED' && isPermitStillNeeded(hold, now, customsHoldDays))
    return 'permit-needed';
  return null;
}
