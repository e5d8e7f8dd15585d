/**
 * Hit statistics of a rule profile, counted from the stored events (assessments and control results), never
 * from counters: matches, selections, inspections, findings and the hit rate (findings per inspection).
 */
import type { ControlResultStore } from '../../domain/risk/control-result';
import type { RiskAssessmentStore } from '../../domain/risk/risk-assessment';

export interface RiskProfileStatistics {
  matches: number;
  selected: number;
  inspections: number;
  findings: number;
  /** findings / inspections, or null before the first inspection. */
  hitRate: number | null;
}

export async function riskProfileStatistics(
  deps: {
    assessments: Pick<RiskAssessmentStore, 'profileCounts'>;
    controlResults: Pick<ControlResultStore, 'profileCounts'>;
  },
  profileId: string,
): Promise<RiskProfileStatistics> {
  const [{ matches, selected }, { inspections, findings }] = await Promise.all([
    deps.assessments.profileCounts(profileId),
    deps.controlResults.profileCounts(profileId),
  ]);
  return {
    matches,
    selected,
    inspections,
    findings,
    hitRate: inspections === 0 ? null : findings / inspections,
  };
}
