/**
 * Gradient histograms and the best split they allow. A node's histogram holds, per column and bin, the sum of
 * gradients, of hessians and the row count; a split "bin ≤ t" is scored by the usual second-order gain,
 * with the missing bin tried on either side.
 */

export interface HistogramLayout {
  /** Start of each column's bins in the flat arrays. */
  offsets: number[];
  binCounts: number[];
  size: number;
}

export interface Histogram {
  grad: Float64Array;
  hess: Float64Array;
  count: Float64Array;
}

export interface SplitRule {
  lambda: number;
  minLeafSize: number;
}

export interface Split {
  column: number;
  /** Rows with bin ≤ bin (bins ≥ 1) go left. */
  bin: number;
  missingLeft: boolean;
  gain: number;
}

export function histogramLayout(binCounts: readonly number[]): HistogramLayout {
  const offsets: number[] = [];
  let size = 0;
  for (const count of binCounts) {
    offsets.push(size);
    size += count;
  }
  return { offsets, binCounts: [...binCounts], size };
}

/** Accumulates the rows' gradients into a histogram over the allowed columns. */
export function buildHistogram(
  layout: HistogramLayout,
  bins: readonly Uint8Array[],
  columns: readonly number[],
  rows: Uint32Array,
  grad: Float64Array,
  hess: Float64Array,
): Histogram {
  const histogram = {
    grad: new Float64Array(layout.size),
    hess: new Float64Array(layout.size),
    count: new Float64Array(layout.size),
  };
  for (const column of columns) {
    const offset = layout.offsets[column]!;
    const columnBins = bins[column]!;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const at = offset + columnBins[row]!;
      histogram.grad[at]! += grad[row]!;
      histogram.hess[at]! += hess[row]!;
      histogram.count[at]!++;
    }
  }
  return histogram;
}

/** The sibling's histogram: parent minus child (half the work of building it). */
export function subtractHistogram(parent: Histogram, child: Histogram): Histogram {
  const minus = (a: Float64Array, b: Float64Array) => a.map((v, i) => v - b[i]!);
  return {
    grad: minus(parent.grad, child.grad),
    hess: minus(parent.hess, child.hess),
    count: minus(parent.count, child.count),
  };
}

/** Output-free score of a node with these sums: G² / (H + λ). */
export function nodeScore(grad: number, hess: number, lambda: number): number {
  return (grad * grad) / (hess + lambda);
}

interface Sums {
  g: number;
  h: number;
  n: number;
}

function splitGain(left: Sums, total: Sums, rule: SplitRule): number {
  const right = { g: total.g - left.g, h: total.h - left.h, n: total.n - left.n };
  if (left.n < rule.minLeafSize || right.n < rule.minLeafSize) return -Infinity;
  return (
    nodeScore(left.g, left.h, rule.lambda) +
    nodeScore(right.g, right.h, rule.lambda) -
    nodeScore(total.g, total.h, rule.lambda)
  );
}

/** The best split of one column, or null when no split leaves both sides at least minLeafSize rows. */
export function bestColumnSplit(
  layout: HistogramLayout,
  histogram: Histogram,
  column: number,
  total: Sums,
  rule: SplitRule,
): Split | null {
  const offset = layout.offsets[column]!;
  const binCount = layout.binCounts[column]!;
  const missing = { g: histogram.grad[offset]!, h: histogram.hess[offset]!, n: histogram.count[offset]! };
  const left = { g: 0, h: 0, n: 0 };
  let best: Split | null = null;
  for (let bin = 1; bin < binCount - 1; bin++) {
    left.g += histogram.grad[offset + bin]!;
    left.h += histogram.hess[offset + bin]!;
    left.n += histogram.count[offset + bin]!;
    const withMissing = { g: left.g + missing.g, h: left.h + missing.h, n: left.n + missing.n };
    const gainRight = splitGain(left, total, rule);
    const gainLeft = missing.n > 0 ? splitGain(withMissing, total, rule) : -Infinity;
    const gain = Math.max(gainRight, gainLeft);
    if (gain > 1e-12 && (best === null || gain > best.gain)) {
      // With no missing value to learn from, a missing value later follows the larger side.
      const missingLeft = missing.n > 0 ? gainLeft > gainRight : 2 * left.n >= total.n;
      best = { column, bin, missingLeft, gain };
    }
  }
  return best;
}

/** The best split over the allowed columns (ties go to the lower column, so results are deterministic). */
export function bestSplit(
  layout: HistogramLayout,
  histogram: Histogram,
  columns: readonly number[],
  total: Sums,
  rule: SplitRule,
): Split | null {
  let best: Split | null = null;
  for (const column of columns) {
    const split = bestColumnSplit(layout, histogram, column, total, rule);
    if (split && (best === null || split.gain > best.gain)) best = split;
  }
  return best;
}
