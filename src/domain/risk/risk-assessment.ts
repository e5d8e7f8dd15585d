/**
 * A risk assessment: the lane a declaration got and every reason for it, with the facts it was decided
 * on (the model later learns from the facts of inspected declarations). Stored once per declaration and
 * attempt; also the storage port.
 */
import { createHash } from 'node:crypto';
import type { Facts } from './facts';
import type { Lane, LaneSource } from './lane';

/** One reason as stored and shown: the lane decision's reason with what a person needs to read it. */
export interface AssessmentReason {
  source: LaneSource;
  lane: Lane;
  /** Whether this source selected the declaration (a profile hit outside its selection rate did not). */
  selected: boolean;
  profileId?: string;
  profileName?: string;
  profileVersion?: number;
  /** MODEL: the declaration's probability of a finding, the budget threshold and the model version. */
  score?: number;
  threshold?: number;
  modelVersion?: number;
  /** MODEL: the features that pushed the score most (largest effects first). */
  contributions?: Array<{ feature: string; effect: number }>;
  /** RANDOM and EXPLORATION: the rate (percent) the draw was made at. */
  ratePercent?: number;
}

/** A profile that matched, as it was in force at the time. */
export interface ProfileHitRecord {
  profileId: string;
  version: number;
  name: string;
  lane: 'YELLOW' | 'RED';
  selected: boolean;
  sensitive: boolean;
}

export interface RiskAssessment {
  id: string;
  declarationNumber: string;
  /** The customs verification this assessment was made with, or null for a declaration assessed alone. */
  verificationId: string | null;
  permitKey: string | null;
  lane: Lane;
  decidedBy: LaneSource | null;
  reasons: AssessmentReason[];
  profileHits: ProfileHitRecord[];
  /** The model's view (max over lines), or null when no model is in force yet. */
  model: { version: number; probability: number; threshold: number } | null;
  /** The facts of each declaration line, as rules and model read them. */
  facts: Facts[];
  importerKey: string;
  office: string | null;
  arrivalDate: string;
  importCountry: string;
  exportCountry: string | null;
  originCountry: string | null;
  /** SHA-256 of the declaration (and presented permit) assessed: a repeated request must be the same. */
  requestDigest: string;
  assessedAt: Date;
  assessedBy: string;
}

/** Storage of assessments. */
export interface RiskAssessmentStore {
  /** Stores the assessment once per id; 'duplicate' when one with this id exists (nothing changed). */
  insert(assessment: RiskAssessment): Promise<'inserted' | 'duplicate'>;
  find(id: string): Promise<RiskAssessment | null>;
  /** Matches and selections of one profile, counted from the stored assessments. */
  profileCounts(profileId: string): Promise<{ matches: number; selected: number }>;
  /** The newest assessments (by assessedAt), at most `limit`: the sample a budget threshold is set on. */
  recent(limit: number): Promise<RiskAssessment[]>;
}

/**
 * The id of an assessment: derived from what it assesses (a verification, or a declaration number
 * alone), so a repeated request finds the stored one instead of drawing its random selection again.
 */
export function assessmentIdOf(subject: { verificationId: string } | { declarationNumber: string }): string {
  const key =
    'verificationId' in subject
      ? `verification\n${subject.verificationId}`
      : `declaration\n${subject.declarationNumber}`;
  return `ra_${createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 22)}`;
}
