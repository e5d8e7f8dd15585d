/**
 * Grows one regression tree on gradients (depth-first, depth-limited). Every node records its own output
 * -G / (H + λ) × learning rate, which is what a leaf there would answer and what the per-feature
 * explanation walks along (Saabas).
 */
import {
  bestSplit,
  buildHistogram,
  subtractHistogram,
  type Histogram,
  type HistogramLayout,
  type Split,
  type SplitRule,
} from './histogram';

/** A tree node while training: splits are on bins; the model converts them to thresholds. */
export interface BinTreeNode {
  value: number;
  split: Split | null;
  left: number;
  right: number;
}

export interface TreeGrowth {
  layout: HistogramLayout;
  bins: readonly Uint8Array[];
  grad: Float64Array;
  hess: Float64Array;
  columns: readonly number[];
  rule: SplitRule;
  maxDepth: number;
  learningRate: number;
}

function sumsOf(rows: Uint32Array, grad: Float64Array, hess: Float64Array) {
  let g = 0;
  let h = 0;
  for (let i = 0; i < rows.length; i++) {
    g += grad[rows[i]!]!;
    h += hess[rows[i]!]!;
  }
  return { g, h, n: rows.length };
}

/** Whether a row's bin goes to the left child of the split. */
export function goesLeft(split: Pick<Split, 'bin' | 'missingLeft'>, bin: number): boolean {
  return bin === 0 ? split.missingLeft : bin <= split.bin;
}

function partition(rows: Uint32Array, split: Split, bins: readonly Uint8Array[]): [Uint32Array, Uint32Array] {
  const columnBins = bins[split.column]!;
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    (goesLeft(split, columnBins[row]!) ? left : right).push(row);
  }
  return [Uint32Array.from(left), Uint32Array.from(right)];
}

/** The children's histograms: build the smaller one, subtract for the other. */
function childHistograms(
  growth: TreeGrowth,
  parent: Histogram,
  left: Uint32Array,
  right: Uint32Array,
): [Histogram, Histogram] {
  const { layout, bins, columns, grad, hess } = growth;
  const smallIsLeft = left.length <= right.length;
  const small = buildHistogram(layout, bins, columns, smallIsLeft ? left : right, grad, hess);
  const large = subtractHistogram(parent, small);
  return smallIsLeft ? [small, large] : [large, small];
}

function grow(
  growth: TreeGrowth,
  nodes: BinTreeNode[],
  rows: Uint32Array,
  histogram: Histogram,
  depth: number,
): number {
  const sums = sumsOf(rows, growth.grad, growth.hess);
  const index = nodes.length;
  const value = (-sums.g / (sums.h + growth.rule.lambda)) * growth.learningRate;
  nodes.push({ value, split: null, left: -1, right: -1 });
  if (depth >= growth.maxDepth || rows.length < 2 * growth.rule.minLeafSize) return index;
  const split = bestSplit(growth.layout, histogram, growth.columns, sums, growth.rule);
  if (!split) return index;
  const [leftRows, rightRows] = partition(rows, split, growth.bins);
  const [leftHistogram, rightHistogram] = childHistograms(growth, histogram, leftRows, rightRows);
  const node = nodes[index]!;
  node.split = split;
  node.left = grow(growth, nodes, leftRows, leftHistogram, depth + 1);
  node.right = grow(growth, nodes, rightRows, rightHistogram, depth + 1);
  return index;
}

/** Grows a tree on the given rows; nodes come root first. */
export function growTree(growth: TreeGrowth, rows: Uint32Array): BinTreeNode[] {
  const nodes: BinTreeNode[] = [];
  const histogram = buildHistogram(
    growth.layout,
    growth.bins,
    growth.columns,
    rows,
    growth.grad,
    growth.hess,
  );
  grow(growth, nodes, rows, histogram, 0);
  return nodes;
}

/** A tree's output for a training row (read from the bins). */
export function predictBinned(
  nodes: readonly BinTreeNode[],
  bins: readonly Uint8Array[],
  row: number,
): number {
  let node = nodes[0]!;
  while (node.split) {
    const split = node.split;
    node = nodes[goesLeft(split, bins[split.column]![row]!) ? node.left : node.right]!;
  }
  return node.value;
}
