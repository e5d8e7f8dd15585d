/**
 * The risk model: gradient-boosted trees predicting the probability of a finding from a declaration line's
 * facts. Training is pure and deterministic given the seed; the model is plain JSON; scoring is a pure
 * function of the model and the facts, and explains itself per fact (Saabas: each split's change of the
 * node output is credited to the fact it splits on).
 */
import type { Facts } from '../facts';
import { createSeededRandom } from '../seeded-random';
import { binColumn, type BinnedColumn } from './binning';
import { columnsOf, encodeFacts, factNamesOf, inferFeatureKinds } from './feature-encoding';
import { boostTrees, sigmoid } from './gradient-boosting';
import { DEFAULT_OPTIONS, type RiskModel, type TrainOptions, type TreeNode } from './risk-model-types';
import { buildTrainingMatrix } from './training-matrix';
import type { BinTreeNode } from './tree-builder';

export type { RiskModel, TrainOptions } from './risk-model-types';
export { precisionRecallAtBudgets, thresholdForBudget } from './budget-metrics';

export interface FactContribution {
  feature: string;
  /** Change of the log-odds attributed to this fact (positive pushes towards a finding). */
  effect: number;
}

export interface RiskScore {
  probability: number;
  /** Facts that moved the score, by decreasing |effect|. */
  contributions: FactContribution[];
}

function toModelTree(nodes: readonly BinTreeNode[], binned: readonly BinnedColumn[]): TreeNode[] {
  return nodes.map((node): TreeNode => {
    if (!node.split) return { value: node.value, leaf: true };
    const { column, bin, missingLeft } = node.split;
    const threshold = binned[column]!.edges[bin - 1]!;
    return {
      value: node.value,
      leaf: false,
      column,
      threshold,
      missingLeft,
      left: node.left,
      right: node.right,
    };
  });
}

/**
 * Trains on the facts of declaration lines and their labels (1 = a finding). Kinds are inferred: numbers,
 * ISO dates (as day numbers) and categories (as smoothed target rate and frequency); identifier-like and
 * constant facts are dropped; `ignore` names facts never to use.
 */
export function trainRiskModel(
  facts: readonly Facts[],
  labels: readonly (0 | 1)[],
  options: TrainOptions,
): RiskModel {
  if (facts.length !== labels.length) throw new RangeError('facts and labels differ in length');
  const settings = { ...DEFAULT_OPTIONS, ...pickDefined(options) };
  const random = createSeededRandom(options.seed);
  const kinds = inferFeatureKinds(facts, factNamesOf(facts, options.ignore ?? []));
  const matrix = buildTrainingMatrix(facts, labels, kinds, {
    smoothing: settings.smoothing,
    maxBins: settings.maxBins,
    random,
  });
  const binned = matrix.columns.map((column) => binColumn(column, settings.maxBins));
  const boosted = boostTrees(binned, labels, settings, random);
  return {
    format: 'epix-risk-model',
    version: 1,
    features: matrix.features,
    columns: matrix.features.flatMap(columnsOf),
    baseScore: boosted.baseScore,
    trees: boosted.trees.map((tree) => toModelTree(tree, binned)),
    training: {
      rows: facts.length,
      positives: labels.reduce<number>((sum, y) => sum + y, 0),
      seed: options.seed,
      options: settings,
    },
  };
}

function pickDefined(options: TrainOptions): Partial<typeof DEFAULT_OPTIONS> {
  const picked: Record<string, number> = {};
  for (const key of Object.keys(DEFAULT_OPTIONS) as Array<keyof typeof DEFAULT_OPTIONS>) {
    const value = options[key];
    if (typeof value === 'number') picked[key] = value;
  }
  return picked;
}

function nextNode(node: Extract<TreeNode, { leaf: false }>, value: number): number {
  if (Number.isNaN(value)) return node.missingLeft ? node.left : node.right;
  return value <= node.threshold ? node.left : node.right;
}

/** Scores one declaration line: the probability of a finding, and the facts that pushed it. */
export function scoreFacts(model: RiskModel, facts: Facts): RiskScore {
  const row = encodeFacts(model.features, facts);
  const effects = new Map<string, number>();
  let raw = model.baseScore;
  for (const tree of model.trees) {
    let node = tree[0]!;
    raw += node.value;
    while (!node.leaf) {
      const child = tree[nextNode(node, row[node.column] ?? NaN)]!;
      const fact = model.columns[node.column]!.fact;
      effects.set(fact, (effects.get(fact) ?? 0) + child.value - node.value);
      raw += child.value - node.value;
      node = child;
    }
  }
  const contributions = [...effects]
    .filter(([, effect]) => effect !== 0)
    .map(([feature, effect]) => ({ feature, effect }))
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
  return { probability: sigmoid(raw), contributions };
}
