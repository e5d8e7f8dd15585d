/**
 * Stored models: every trained model is kept with its evaluation, numbered without gaps; the one in force
 * is the newest promoted one. Also the learner port the training flow uses (pure functions of risk-model).
 */
import type { Facts } from './facts';

export interface ModelEvaluation {
  /** Control results the candidate was compared on (the newest `recentShare` of them). */
  recentResults: number;
  budgetPercent: number;
  /** Average precision on the recent results (what decides): the candidate's, the current model's if any. */
  candidateAveragePrecision: number;
  currentAveragePrecision: number | null;
  /** Precision at the budget on the recent results: the candidate's, and the current model's if any. */
  candidatePrecision: number;
  currentPrecision: number | null;
  currentVersion: number | null;
}

export interface StoredRiskModel {
  version: number;
  /** The model as plain JSON (what the learner returned). */
  model: unknown;
  promoted: boolean;
  /** Why it replaced the current model or not, for a person. */
  decision: string;
  trainedAt: Date;
  /** Control results it was trained on, and how many had a finding. */
  trainedOn: number;
  positives: number;
  evaluation: ModelEvaluation;
  /** The score from which a declaration is inside the inspection budget. */
  threshold: number;
  trigger: string;
}

/** Storage of models and of the claims that make each training run happen once. */
export interface RiskModelStore {
  /** Stores a model under the next free version (a unique insert decides); returns the stored model. */
  insert(model: Omit<StoredRiskModel, 'version'>): Promise<StoredRiskModel>;
  /** The newest promoted model, or null when none was ever promoted. */
  current(): Promise<StoredRiskModel | null>;
  /** One version (a read by key), or null when there is none (yet). */
  find(version: number): Promise<StoredRiskModel | null>;
  /** Models newest first, without their bodies (`model` is null), at most `limit`. */
  list(limit: number): Promise<Array<Omit<StoredRiskModel, 'model'>>>;
  /** Claims a training run by name (once across every instance); false when it was claimed before. */
  claimRun(runId: string, at: Date): Promise<boolean>;
}

/** Where a training run is: reading its data, or computing (the CPU-heavy part). */
export type TrainingStage = 'reading' | 'training';

/** A trained model with its evaluation and the decision to promote it, not stored yet. */
export type RiskModelComputation = Omit<StoredRiskModel, 'version' | 'trainedAt' | 'trigger'>;

/**
 * Computes a model from the stored control results (compute-risk-model.ts). The service runs it on a
 * training thread; `onStage` reports progress as it goes. Refusals are the same GatewayErrors wherever it runs.
 */
export interface RiskModelComputer {
  compute(onStage?: (stage: TrainingStage) => void): Promise<RiskModelComputation>;
}

/** What the service needs of a learner (risk-model's pure functions). */
export interface RiskLearner<M = unknown> {
  train(
    facts: readonly Facts[],
    labels: readonly (0 | 1)[],
    options: { seed: number; ignore?: string[]; minLeafSize?: number },
  ): M;
  score(
    model: M,
    facts: Facts,
  ): { probability: number; contributions: Array<{ feature: string; effect: number }> };
  /** The probability alone (no explanation): cheaper, for ranking the lines of a declaration. */
  probability(model: M, facts: Facts): number;
  /** The score from which the top `budgetPercent` of `scores` are selected. */
  thresholdForBudget(scores: readonly number[], budgetPercent: number): number;
}
