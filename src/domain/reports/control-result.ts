/**
 * A border control's result as the reports read it (collection `control_results`): the risk service's own
 * record (src/domain/risk/control-result.ts, which owns the writing) without the risk engine's extra fields.
 */
import type { ControlResult as RecordedControlResult, Detection } from '../risk/control-result';

/** Why the consignment was inspected, as the illegal trade report words it. */
export const DETECTION_METHODS: Readonly<Record<Detection, string>> = {
  VERIFICATION: 'Electronic permit verification at the border',
  PROFILE: 'Risk profile',
  MODEL: 'Risk model score',
  RANDOM: 'Random selection',
  EXPLORATION: 'Random selection (risk model exploration)',
  SELF_INITIATED: "Customs officer's own initiative",
};

export type ControlResult = Omit<RecordedControlResult, 'importerKey' | 'profileIds' | 'facts'>;
