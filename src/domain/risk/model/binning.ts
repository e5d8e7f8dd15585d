/**
 * Histogram binning: each encoded column is cut at up to `maxBins - 1` quantile edges, so a split search
 * looks at bins instead of sorted values (linear in rows, not n log n per node). Bin 0 holds missing values;
 * bin b ≥ 1 holds values ≤ edges[b - 1] and above the previous edge.
 */

export interface BinnedColumn {
  /** Upper edges of bins 1 .. edges.length (the last bin, above every edge, has none). */
  edges: number[];
  bins: Uint8Array;
  /** Number of bins including the missing bin 0. */
  binCount: number;
}

/** Quantile edges of the present values, at most maxBins - 1 of them, strictly increasing. */
export function binEdges(column: Float64Array, maxBins: number): number[] {
  const present = Array.from(column.filter((v) => !Number.isNaN(v))).sort((a, b) => a - b);
  if (present.length === 0) return [];
  const distinct = present.filter((v, i) => i === 0 || v !== present[i - 1]);
  if (distinct.length <= maxBins - 1) return distinct.slice(0, -1);
  const edges: number[] = [];
  for (let q = 1; q < maxBins - 1; q++) {
    const edge = present[Math.floor((q * present.length) / (maxBins - 1)) - 1]!;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges.at(-1) === distinct.at(-1) ? edges.slice(0, -1) : edges;
}

/** The bin of a value: 0 when missing, else 1 + the number of edges below it. */
export function binOf(edges: readonly number[], value: number): number {
  if (Number.isNaN(value)) return 0;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

export function binColumn(column: Float64Array, maxBins: number): BinnedColumn {
  const edges = binEdges(column, Math.min(maxBins, 255));
  const bins = new Uint8Array(column.length);
  for (let i = 0; i < column.length; i++) bins[i] = binOf(edges, column[i]!);
  return { edges, bins, binCount: edges.length + 2 };
}
