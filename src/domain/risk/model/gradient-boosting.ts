/**
 * Gradient boosting with the logistic loss on binned columns: each tree fits the gradient of the loss of
 * the sum of the previous trees, its outputs shrunk by the learning rate. Deterministic given the seed
 * (which decides the row and column samples).
 */
import type { Random } from '../seeded-random';
import type { BinnedColumn } from './binning';
import { histogramLayout } from './histogram';
import type { GradientBoostingOptions } from './risk-model-types';
import { growTree, predictBinned, type BinTreeNode, type TreeGrowth } from './tree-builder';

export interface BoostedTrees {
  baseScore: number;
  trees: BinTreeNode[][];
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Log-odds of the base rate, clamped away from 0 and 1. */
export function logOdds(rate: number): number {
  const p = Math.min(1 - 1e-6, Math.max(1e-6, rate));
  return Math.log(p / (1 - p));
}

function sample(count: number, share: number, random: Random): number[] {
  const picked: number[] = [];
  for (let i = 0; i < count; i++) if (share >= 1 || random() < share) picked.push(i);
  return picked.length ? picked : [Math.floor(random() * count)];
}

function gradients(
  raw: Float64Array,
  labels: readonly number[],
  grad: Float64Array,
  hess: Float64Array,
): void {
  for (let i = 0; i < raw.length; i++) {
    const p = sigmoid(raw[i]!);
    grad[i] = p - (labels[i] ?? 0);
    hess[i] = Math.max(p * (1 - p), 1e-12);
  }
}

/** Trains the trees on binned columns and 0/1 labels. */
export function boostTrees(
  columns: readonly BinnedColumn[],
  labels: readonly number[],
  options: GradientBoostingOptions,
  random: Random,
): BoostedTrees {
  const rows = labels.length;
  const positives = labels.reduce((sum, y) => sum + y, 0);
  const baseScore = logOdds(rows ? positives / rows : 0.5);
  const raw = new Float64Array(rows).fill(baseScore);
  const grad = new Float64Array(rows);
  const hess = new Float64Array(rows);
  const bins = columns.map((c) => c.bins);
  const layout = histogramLayout(columns.map((c) => c.binCount));
  const splittable = columns.map((c, i) => (c.binCount > 2 ? i : -1)).filter((i) => i >= 0);
  const trees: BinTreeNode[][] = [];
  for (let t = 0; t < options.trees && splittable.length > 0; t++) {
    gradients(raw, labels, grad, hess);
    const growth: TreeGrowth = {
      layout,
      bins,
      grad,
      hess,
      columns: sample(splittable.length, options.columnSample, random).map((i) => splittable[i]!),
      rule: { lambda: options.lambda, minLeafSize: options.minLeafSize },
      maxDepth: options.maxDepth,
      learningRate: options.learningRate,
    };
    const tree = growTree(growth, Uint32Array.from(sample(rows, options.rowSample, random)));
    for (let i = 0; i < rows; i++) raw[i]! += predictBinned(tree, bins, i);
    trees.push(tree);
  }
  return { baseScore, trees };
}
