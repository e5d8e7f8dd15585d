/** Stored rule profiles: every version kept, the current one read for assessments. The storage port. */
import type { RiskProfileDefinition } from './profile';

export interface StoredRiskProfile {
  id: string;
  /** 1 when created; each change adds 1. */
  version: number;
  definition: RiskProfileDefinition;
  /** When and by whom this version was written. */
  changedAt: Date;
  changedBy: string;
}

/** Storage of rule profiles and their versions. */
export interface RiskProfileStore {
  /**
   * Stores a version: claims (id, version) with a unique insert, then makes it the current one. A version
   * that exists already (a concurrent change based on the same version) is 'conflict' and changes nothing.
   */
  saveVersion(profile: StoredRiskProfile): Promise<'saved' | 'conflict'>;
  /** The current version of a profile, or null. */
  find(id: string): Promise<StoredRiskProfile | null>;
  /** Current versions of every profile (active or not), by id. */
  list(): Promise<StoredRiskProfile[]>;
  /** Every version of one profile, oldest first. */
  versions(id: string): Promise<StoredRiskProfile[]>;
}
