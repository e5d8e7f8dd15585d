/**
 * Trains a risk model on the control results (inspected declarations only) and puts it in force only when
 * it is not worse than the current one on recent data.
 *
 * The story:
 *  1. read every control result, oldest first; refuse without enough results, findings and clean ones;
 *  2. hold out the newest `recentShare`: train a candidate on the rest and compare it with the current
 *     model on the held-out results (average precision; precision at the budget is reported too);
 *  3. train the model on every result; set its budget threshold on the scores of recent assessments;
 *  4. store it under the next version, promoted or not (with why), audit it, and put a promoted one in
 *     force at once.
 */
import type { AuditLog } from '../../domain/audit/audit-entry';
import { GatewayError } from '../../domain/errors';
import type { Clock } from '../../domain/ports';
import { hasFinding, type ControlResult, type ControlResultStore } from '../../domain/risk/control-result';
import type { Facts } from '../../domain/risk/facts';
import { averagePrecision, isNotWorse } from '../../domain/risk/model-comparison';
import { precisionRecallAtBudgets } from '../../domain/risk/model/budget-metrics';
import type { RiskAssessmentStore } from '../../domain/risk/risk-assessment';
import type { RiskLearner, RiskModelStore, StoredRiskModel } from '../../domain/risk/risk-model-store';

export interface TrainRiskModelDeps {
  controlResults: Pick<ControlResultStore, 'all'>;
  assessments: Pick<RiskAssessmentStore, 'recent'>;
  models: Pick<RiskModelStore, 'insert' | 'current'>;
  learner: RiskLearner;
  audit: Pick<AuditLog, 'append'>;
  settings: { minResults: number; recentShare: number; budgetPercent: number; thresholdSample: number };
  clock: Clock;
  /** Called with a model that was just promoted (puts it in force on this instance). */
  onPromoted?: (model: StoredRiskModel) => void;
}

/** Facts that identify a declaration rather than describe a risk: never features. */
const NOT_FEATURES = ['declarationNumber', 'arrivalDate'];
/** Stored instead of Infinity ("inspect nothing"): no probability reaches it, and JSON can carry it. */
const NOTHING = 2;

export async function trainRiskModel(
  deps: TrainRiskModelDeps,
  input: { trigger: string; actor: string },
): Promise<StoredRiskModel> {
  const results = await deps.controlResults.all();
  assertEnough(results, deps.settings.minResults);
  const cut = results.length - Math.max(1, Math.ceil(results.length * deps.settings.recentShare));
  const older = results.slice(0, cut);
  const recent = results.slice(cut);
  const current = await deps.models.current();
  const seed = results.length;

  const options = { seed, ignore: NOT_FEATURES, minLeafSize: leafSizeFor(results.length) };
  const candidate = deps.learner.train(...trainingSet(older), options);
  const candidateScores = recent.map((r) => declarationScore(deps.learner, candidate, r.facts));
  const currentScores = current
    ? recent.map((r) => declarationScore(deps.learner, current.model, r.facts))
    : null;
  const labels = recent.map((r) => (hasFinding(r) ? 1 : 0));
  const candidateAp = averagePrecision(candidateScores, labels);
  const currentAp = currentScores ? averagePrecision(currentScores, labels) : null;
  const promoted = isNotWorse(candidateAp, currentAp);

  const model = deps.learner.train(...trainingSet(results), options);
  const stored = await deps.models.insert({
    model,
    promoted,
    decision: decisionText(promoted, candidateAp, currentAp, current?.version ?? null),
    trainedAt: deps.clock.now(),
    trainedOn: results.length,
    positives: results.filter(hasFinding).length,
    evaluation: {
      recentResults: recent.length,
      budgetPercent: deps.settings.budgetPercent,
      candidateAveragePrecision: candidateAp,
      currentAveragePrecision: currentAp,
      candidatePrecision: precisionAt(candidateScores, labels, deps.settings.budgetPercent),
      currentPrecision: currentScores
        ? precisionAt(currentScores, labels, deps.settings.budgetPercent)
        : null,
      currentVersion: current?.version ?? null,
    },
    threshold: await budgetThreshold(deps, model),
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
  if (promoted) deps.onPromoted?.(stored);
  return stored;
}

/**
 * The fewest results a leaf may hold: the learner's default (20) suits thousands of results; a customs
 * office starting out has a few hundred, where leaves of 20 would leave a 40-result pattern unlearnable.
 */
function leafSizeFor(results: number): number {
  return Math.max(3, Math.min(20, Math.floor(results / 10)));
}

function assertEnough(results: readonly ControlResult[], minResults: number): void {
  const findings = results.filter(hasFinding).length;
  if (results.length >= minResults && findings > 0 && findings < results.length) return;
  throw new GatewayError(
    'RISK_TRAINING_NOT_ENOUGH_RESULTS',
    `${results.length} control results (${findings} with a finding); a model needs at least ${minResults}, with findings and clean inspections`,
    { details: { results: results.length, findings, minResults } },
  );
}

/** One row per declaration line, labelled with its declaration's finding. */
function trainingSet(results: readonly ControlResult[]): [Facts[], (0 | 1)[]] {
  const facts: Facts[] = [];
  const labels: (0 | 1)[] = [];
  for (const result of results) {
    for (const line of result.facts) {
      facts.push(line);
      labels.push(hasFinding(result) ? 1 : 0);
    }
  }
  return [facts, labels];
}

/** A declaration's score: its riskiest line's. */
function declarationScore(learner: RiskLearner, model: unknown, facts: readonly Facts[]): number {
  return facts.reduce((best, line) => Math.max(best, learner.score(model, line).probability), 0);
}

function precisionAt(scores: readonly number[], labels: readonly (0 | 1)[], budgetPercent: number): number {
  return precisionRecallAtBudgets(scores, labels, [budgetPercent])[0]?.precision ?? 0;
}

/** The score from which a declaration is inside the budget, set on the newest assessments' scores. */
async function budgetThreshold(deps: TrainRiskModelDeps, model: unknown): Promise<number> {
  const sample = await deps.assessments.recent(deps.settings.thresholdSample);
  const scores = sample.map((a) => declarationScore(deps.learner, model, a.facts));
  const threshold = deps.learner.thresholdForBudget(scores, deps.settings.budgetPercent);
  return Number.isFinite(threshold) ? threshold : NOTHING;
}

function decisionText(
  promoted: boolean,
  candidate: number,
  current: number | null,
  version: number | null,
): string {
  const figures = `average precision on recent results ${candidate.toFixed(3)}`;
  if (current === null) return `promoted: the first model (${figures})`;
  return promoted
    ? `promoted: ${figures}, not worse than version ${version}'s ${current.toFixed(3)}`
    : `kept version ${version}: ${figures}, worse than its ${current.toFixed(3)}`;
}
