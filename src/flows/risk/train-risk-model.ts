/**
 * Trains a risk model on the control results (inspected declarations only) and puts it in force only when
 * it is not worse than the current one on recent data.
 *
 * The story:
 *  1. compute the model (see compute-risk-model.ts): on a training thread in the service, so a training on
 *     tens of thousands of results never holds up the API's event loop;
 *  2. store it under the next version, promoted or not (with why), audit it, and put a promoted one in
 *     force at once.
 */
import type { AuditLog } from '../../domain/audit/audit-entry';
import type { Clock } from '../../domain/ports';
import type { RiskModelComputer, RiskModelStore, StoredRiskModel } from '../../domain/risk/risk-model-store';

export interface TrainRiskModelDeps {
  computer: RiskModelComputer;
  models: Pick<RiskModelStore, 'insert'>;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
  /** Called with a model that was just promoted (puts it in force on this instance). */
  onPromoted?: (model: StoredRiskModel) => void;
}

export async function trainRiskModel(
  deps: TrainRiskModelDeps,
  input: { trigger: string; actor: string; onStage?: Parameters<RiskModelComputer['compute']>[0] },
): Promise<StoredRiskModel> {
  const computed = await deps.computer.compute(input.onStage);
  const stored = await deps.models.insert({
    ...computed,
    trainedAt: deps.clock.now(),
    trigger: input.trigger,
  });
  const { model: _body, ...audited } = stored;
  await deps.audit.append({
    actor: input.actor,
    action: 'risk-model.trained',
    target: `risk-model:${stored.version}`,
    before: null,
    after: audited,
  });
  if (stored.promoted) deps.onPromoted?.(stored);
  return stored;
}
