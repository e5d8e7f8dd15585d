/** Storage side of the retention purge (see retention-rules.ts for what is kept and why). */
import type {
  MessageCandidate,
  PermitHold,
  PlainCandidate,
  RetentionCollection,
  VerificationCandidate,
} from './retention-rules';

export interface CandidatePage {
  /** Older than this. */
  before: Date;
  /** Ids greater than this (paging in id order past the records that were kept). */
  afterId?: string;
  limit: number;
}

export interface RetentionStore {
  /** Takes the purge run `runId`: of all instances asking, exactly one gets true (a unique-index insert). */
  claimRun(runId: string, owner: string, at: Date): Promise<boolean>;
  oldMessages(page: CandidatePage): Promise<MessageCandidate[]>;
  oldArchiveEntries(page: CandidatePage): Promise<PlainCandidate[]>;
  oldVerifications(page: CandidatePage): Promise<VerificationCandidate[]>;
  oldAlerts(page: CandidatePage): Promise<PlainCandidate[]>;
  /** What customs needs of these received permits (absent: not a received permit). */
  permitHolds(permitKeys: readonly string[]): Promise<Map<string, PermitHold>>;
  /** The archive ids among `ids` that a message record still points at. */
  referencedArchiveIds(ids: readonly string[]): Promise<Set<string>>;
  /** Deletes these records (and what belongs only to them); returns how many records went. */
  delete(collection: RetentionCollection, ids: readonly string[]): Promise<number>;
}
