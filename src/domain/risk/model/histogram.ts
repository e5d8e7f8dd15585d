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

/** Per column and bin, interleaved: [gradient sum, hessian sum, row count] at 3 × (offset + bin). */
export type Histogram = Float64Array;

/**
 * The rows' bins, row-major (row × columnCount + column), so accumulating a row touches one contiguous
 * stretch of memory.
 */
export interface BinMatrix {
  bins: Uint8Array;
  columnCount: number;
}

/** Accumulates the rows' gradients into a histogram over the allowed columns. */
export function buildHistogram(
  layout: HistogramLayout,
  matrix: BinMatrix,
  columns: readonly number[],
  rows: Uint32Array,
  grad: Float64Array,
  hess: Float64Array,
): Histogram {
  const histogram = new Float64Array(layout.size * 3);
  const { bins, columnCount } = matrix;
  const offsets = Int32Array.from(columns, (c) => layout.offsets[c]! * 3);
  const picked = Int32Array.from(columns);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const g = grad[row]!;
    const h = hess[row]!;
    const base = row * columnCount;
    for (let k = 0; k < picked.length; k++) {
      const at = offsets[k]! + bins[base + picked[k]!]! * 3;
      histogram[at]! += g;
      histogram[at + 1]! += h;
      histogram[at + 2]!++;
    }
  }
  return histogram;
}

/** The sibling's histogram: parent minus child (half the work of building it). */
export function subtractHistogram(parent: Histogram, child: Histogram): Histogram {
  const result = new Float64Array(parent.length);
  for (let i = 0; i < parent.length; i++) result[i] = parent[i]! - child[i]!;
  return result;
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

/** Output-free score of a node with these sums: G² / (H + λ). */
export function nodeScore(grad: number, hess: number, lambda: number): number {
  return (grad * grad) / (hess + lambda);
}

interface Sums {
  g: number;
  h: number;
  n: number;
}

function splitGain(g: number, h: number, n: number, total: Sums, rule: SplitRule): number {
  if (n < rule.minLeafSize || total.n - n < rule.minLeafSize) return -Infinity;
  const { lambda } = rule;
  return (
    nodeScore(g, h, lambda) +
    nodeScore(total.g - g, total.h - h, lambda) -
    nodeScore(total.g, total.h, lambda)
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
  const offset = layout.offsets[column]! * 3;
  const binCount = layout.binCounts[column]!;
  const [mg, mh, mn] = [histogram[offset]!, histogram[offset + 1]!, histogram[offset + 2]!];
  let [g, h, n] = [0, 0, 0];
  let best: Split | null = null;
  for (let bin = 1; bin < binCount - 1; bin++) {
    const at = offset + bin * 3;
    g += histogram[at]!;
    h += histogram[at + 1]!;
    n += histogram[at + 2]!;
    const gainRight = splitGain(g, h, n, total, rule);
    const gainLeft = mn > 0 ? splitGain(g + mg, h + mh, n + mn, total, rule) : -Infinity;
    const gain = Math.max(gainRight, gainLeft);
    if (gain > 1e-12 && (best === null || gain > best.gain)) {
      // With no missing value to learn from, a missing value later follows the larger side.
      const missingLeft = mn > 0 ? gainLeft > gainRight : 2 * n >= total.n;
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
