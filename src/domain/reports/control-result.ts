/**
 * A border control's result as the risk service records it (collection `control_results`, one document
 * each). The reports read it for the annual illegal trade report; the risk service owns the writing.
 */

/** Why the consignment was inspected, and how the illegal trade report words it. */
export const DETECTION_METHODS = {
  VERIFICATION: 'Electronic permit verification at the border',
  PROFILE: 'Risk profile',
  MODEL: 'Risk model score',
  RANDOM: 'Random selection',
  EXPLORATION: 'Random selection (risk model exploration)',
} as const;
export type DetectionMethod = keyof typeof DETECTION_METHODS;

export type InspectionKind = 'DOCUMENTARY' | 'PHYSICAL';
export type ControlFinding = 'NONE' | 'DOCUMENTARY_DISCREPANCY' | 'SEIZURE';

export interface ControlResultLine {
  line: number;
  declaredScientificName: string;
  scientificNameFound: string;
  termCode: string;
  quantityFound: number | null;
  unit: string | null;
  quantitySeized: number | null;
}

export interface ControlResult {
  id: string;
  assessmentId: string;
  declarationNumber: string;
  permitKey: string | null;
  /** Customs office (the place of the control). */
  office: string | null;
  /** YYYY-MM-DD. */
  arrivalDate: string;
  exportCountry: string | null;
  originCountry: string | null;
  importCountry: string;
  detection: DetectionMethod;
  inspection: InspectionKind;
  finding: ControlFinding;
  lines: ControlResultLine[];
  notes: string | null;
  recordedAt: Date;
  recordedBy: string;
}
