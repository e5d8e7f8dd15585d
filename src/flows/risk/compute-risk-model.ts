/**
 * The heavy half of a training run, as a function of ports only so it can run on a training thread (see
 * src/risk-training-worker.ts) with stores of its own: read the control results, train a candidate on the
 * older ones and compare it with the model in force on the newest evaluation samples, train the model on
 * every result and set its budget threshold on recent assessments. Nothing is stored here.
 *
 * The story:
 *  1. read every control result, oldest first; refuse without enough results, findings and clean ones;
 *  2. hold out the newest `recentShare` of the evaluation samples (self-initiated inspections are none:
 *     see isEvaluationSample); train a candidate on the rest and compare it with the current model on the
 *     held-out results (average precision decides; precision at the budget is reported too);
 *  3. train the model on every result; set its budget threshold on the scores of recent assessments.
 */
import { GatewayError } from '../../domain/errors';
import {
  hasFinding,
  isEvaluationSample,
  type ControlResult,
  type ControlResultStore,
} from '../../domain/risk/control-result';
import type { Facts } from '../../domain/risk/facts';
import { averagePrecision, isNotWorse } from '../../domain/risk/model-comparison';
import { precisionRecallAtBudgets } from '../../domain/risk/model/budget-metrics';
import type { RiskAssessmentStore } from '../../domain/risk/risk-assessment';
import type {
  RiskLearner,
  RiskModelComputation,
  RiskModelComputer,
  RiskModelStore,
  TrainingStage,
} from '../../domain/risk/risk-model-store';

export interface ComputeRiskModelDeps {
  controlResults: Pick<ControlResultStore, 'all'>;
  assessments: Pick<RiskAssessmentStore, 'recent'>;
  models: Pick<RiskModelStore, 'current'>;
  learner: RiskLearner;
  settings: { minResults: number; recentShare: number; budgetPercent: number; thresholdSample: number };
}

/** Facts that identify a declaration rather than describe a risk: never features. */
const NOT_FEATURES = ['declarationNumber', 'arrivalDate'];
/** Stored instead of Infinity ("inspect nothing"): no probability reaches it, and JSON can carry it. */
const NOTHING = 2;

export async function computeRiskModel(
  deps: ComputeRiskModelDeps,
  onStage: (stage: TrainingStage) => void = () => undefined,
): Promise<RiskModelComputation> {
  onStage('reading');
  const results = await deps.controlResults.all();
  assertEnough(results, deps.settings.minResults);
  const { older, recent } = holdOut(results, deps.settings.recentShare);
  const current = await deps.models.current();
  const thresholdSample = await deps.assessments.recent(deps.settings.thresholdSample);
  onStage('training');
  const options = { seed: results.length, ignore: NOT_FEATURES, minLeafSize: leafSizeFor(results.length) };
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
  const { budgetPercent } = deps.settings;
  return {
    model,
    promoted,
    decision: decisionText(promoted, candidateAp, currentAp, current?.version ?? null),
    trainedOn: results.length,
    positives: results.filter(hasFinding).length,
    evaluation: {
      recentResults: recent.length,
      budgetPercent,
      candidateAveragePrecision: candidateAp,
      currentAveragePrecision: currentAp,
      candidatePrecision: precisionAt(candidateScores, labels, budgetPercent),
      currentPrecision: currentScores ? precisionAt(currentScores, labels, budgetPercent) : null,
      currentVersion: current?.version ?? null,
    },
    threshold: budgetThreshold(
      deps.learner,
      model,
      thresholdSample.map((a) => a.facts),
      budgetPercent,
    ),
  };
}

/** Computes on the caller's own thread: for tests and tools, not for the API's process. */
export function inProcessRiskModelComputer(deps: ComputeRiskModelDeps): RiskModelComputer {
  return { compute: (onStage) => computeRiskModel(deps, onStage) };
}

/**
 * The newest `recentShare` of the evaluation samples are held out; the candidate learns from every other
 * result (self-initiated ones included: they are labelled, only not a sample to judge a model on).
 */
function holdOut(
  results: readonly ControlResult[],
  recentShare: number,
): { older: ControlResult[]; recent: ControlResult[] } {
  const samples = results.filter(isEvaluationSample);
  const held = new Set(samples.slice(samples.length - Math.max(1, Math.ceil(samples.length * recentShare))));
  return { older: results.filter((r) => !held.has(r)), recent: results.filter((r) => held.has(r)) };
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
function budgetThreshold(
  learner: RiskLearner,
  model: unknown,
  sample: readonly (readonly Facts[])[],
  budgetPercent: number,
): number {
  const threshold = learner.thresholdForBudget(
    sample.map((facts) => declarationScore(learner, model, facts)),
    budgetPercent,
  );
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
