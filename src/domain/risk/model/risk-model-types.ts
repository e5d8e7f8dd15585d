/** The learned model as plain JSON (versioned), and the training options. */

/**
 * How one fact becomes numbers. A category becomes a smoothed target rate and a frequency (unknown values:
 * missing and 0), plus a code per value when it has few values.
 */
export type FeatureEncoding =
  | { kind: 'number'; fact: string }
  | { kind: 'date'; fact: string }
  | {
      kind: 'category';
      fact: string;
      /** Smoothed finding rate per category value (unknown values get the prior). */
      targetRate: Record<string, number>;
      /** Share of training rows with the value (unknown values get 0). */
      frequency: Record<string, number>;
      prior: number;
      /** For few-valued categories (source, appendix ...): a code per value, so trees can split on identity. */
      codes?: Record<string, number>;
    };

/** A node of a tree: a split on an encoded column, or a leaf. `value` is the node's own (shrunk) output. */
export type TreeNode =
  | { value: number; leaf: true }
  | {
      value: number;
      leaf: false;
      /** Index into the model's encoded columns. */
      column: number;
      /** Values ≤ threshold go left; missing values go left when missingLeft. */
      threshold: number;
      missingLeft: boolean;
      left: number;
      right: number;
    };

export interface RiskModel {
  format: 'epix-risk-model';
  version: 1;
  features: FeatureEncoding[];
  /** Encoded column names, e.g. "importerName", "importerName#frequency". */
  columns: Array<{ name: string; fact: string }>;
  /** Log-odds before any tree (the training base rate). */
  baseScore: number;
  /** Each tree is a node array, root first. */
  trees: TreeNode[][];
  training: { rows: number; positives: number; seed: number; options: GradientBoostingOptions };
}

export interface GradientBoostingOptions {
  trees: number;
  maxDepth: number;
  learningRate: number;
  /** Fewest training rows a leaf may hold. */
  minLeafSize: number;
  /** L2 regularisation of leaf values. */
  lambda: number;
  maxBins: number;
  /** Share of rows each tree sees (seeded). */
  rowSample: number;
  /** Share of columns each tree may split on (seeded). */
  columnSample: number;
  /** Pseudo-count of the target encoding's smoothing towards the base rate. */
  smoothing: number;
}

export interface TrainOptions extends Partial<GradientBoostingOptions> {
  seed: number;
  /** Facts never used as features (identifiers, the label itself ...). */
  ignore?: readonly string[];
}

export const DEFAULT_OPTIONS: GradientBoostingOptions = {
  trees: 120,
  maxDepth: 5,
  learningRate: 0.1,
  minLeafSize: 20,
  lambda: 1,
  maxBins: 32,
  rowSample: 0.8,
  columnSample: 0.8,
  smoothing: 20,
};
