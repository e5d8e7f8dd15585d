/**
 * What customs found when they inspected a declaration: the request schema, the stored record (the
 * collection `control_results`, whose shape the reports read) and the storage port. Customs mostly inspects
 * what risk targeting selected; an inspection of a released (GREEN) declaration on customs' own initiative is
 * recorded too, as self-initiated (detection SELF_INITIATED).
 */
import { z } from 'zod';
import type { Facts } from './facts';

export const DETECTIONS = [
  'VERIFICATION',
  'PROFILE',
  'MODEL',
  'RANDOM',
  'EXPLORATION',
  'SELF_INITIATED',
] as const;
export type Detection = (typeof DETECTIONS)[number];
export const FINDINGS = ['NONE', 'DOCUMENTARY_DISCREPANCY', 'SEIZURE'] as const;
export type Finding = (typeof FINDINGS)[number];

const quantity = z
  .number({ error: 'must be a number' })
  .nonnegative({ message: 'must not be negative' })
  .max(1e15);

/** `POST /api/v1/risk/assessments/:id/control-result` body. */
export const controlResultInputSchema = z.strictObject({
  inspection: z.enum(['DOCUMENTARY', 'PHYSICAL'], { error: 'must be DOCUMENTARY or PHYSICAL' }),
  finding: z.enum(FINDINGS, { error: 'must be NONE, DOCUMENTARY_DISCREPANCY or SEIZURE' }),
  lines: z
    .array(
      z.strictObject({
        /** The declaration line (1 = first). */
        line: z.number().int().min(1).max(99),
        scientificNameFound: z.string().trim().min(1).max(256),
        quantityFound: quantity.nullable().default(null),
        quantitySeized: quantity.nullable().default(null),
      }),
    )
    .max(99)
    .default([]),
  notes: z.string().trim().max(4000).nullable().default(null),
});
export type ControlResultInput = z.output<typeof controlResultInputSchema>;

export interface ControlResultLine {
  line: number;
  declaredScientificName: string;
  scientificNameFound: string;
  termCode: string;
  quantityFound: number | null;
  unit: string | null;
  quantitySeized: number | null;
}

/** One control result, as stored (`_id` is the assessment id: one result per assessment). */
export interface ControlResult {
  id: string;
  assessmentId: string;
  declarationNumber: string;
  permitKey: string | null;
  office: string | null;
  arrivalDate: string;
  exportCountry: string | null;
  originCountry: string | null;
  importCountry: string;
  /** Why it was inspected: the source that selected it, or SELF_INITIATED for a released declaration. */
  detection: Detection;
  /**
   * True when customs inspected a declaration risk targeting released (GREEN) on its own initiative: such a
   * result counts in the profile statistics and the reports, but is no unbiased sample for judging a model.
   */
  selfInitiated: boolean;
  inspection: 'DOCUMENTARY' | 'PHYSICAL';
  finding: Finding;
  lines: ControlResultLine[];
  notes: string | null;
  recordedAt: Date;
  recordedBy: string;
  /** Extra fields for the risk engine: who, which profiles matched, and the facts to learn from. */
  importerKey: string;
  profileIds: string[];
  facts: Facts[];
}

/** Storage of control results. */
export interface ControlResultStore {
  /** Stores the result once per assessment; 'duplicate' when the assessment has one (nothing changed). */
  insert(result: ControlResult): Promise<'inserted' | 'duplicate'>;
  find(assessmentId: string): Promise<ControlResult | null>;
  count(): Promise<number>;
  /** Inspections and findings among the declarations one profile matched. */
  profileCounts(profileId: string): Promise<{ inspections: number; findings: number }>;
  /** Every result, oldest first (by recordedAt): the training set. */
  all(): Promise<ControlResult[]>;
}

export function hasFinding(result: Pick<ControlResult, 'finding'>): boolean {
  return result.finding !== 'NONE';
}

/**
 * Whether a result may judge a model: any result of a declaration risk targeting selected. Customs' own
 * picks follow a hunch nobody recorded, so a model would be scored on a sample of unknown bias.
 */
export function isEvaluationSample(result: Pick<ControlResult, 'selfInitiated'>): boolean {
  return !result.selfInitiated;
}
