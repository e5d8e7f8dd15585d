/**
 * The training rows as encoded numeric columns, and the feature encodings the model keeps for scoring.
 * Category columns of the training rows are encoded out-of-fold (each fold with rates learnt on the others),
 * so the trees see the rates they will see on new declarations, not rates that contain the row's own label.
 */
import type { FactValue, Facts } from '../facts';
import type { Random } from '../seeded-random';
import { encodeValue, fitCategory, type FeatureKind } from './feature-encoding';
import type { FeatureEncoding } from './risk-model-types';

const FOLDS = 5;

export interface TrainingMatrix {
  features: FeatureEncoding[];
  /** Encoded columns, each one value per row (NaN = missing). */
  columns: Float64Array[];
}

function foldsOf(rows: number, random: Random): Uint8Array {
  const folds = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) folds[i] = Math.floor(random() * FOLDS);
  return folds;
}

interface FoldSums {
  n: Float64Array;
  y: Float64Array;
}

/** Per value: row count and findings in each fold (one pass over the rows). */
function foldSumsOf(values: readonly FactValue[], labels: readonly number[], folds: Uint8Array) {
  const sums = new Map<string, FoldSums>();
  const foldRows = new Float64Array(FOLDS);
  const foldFindings = new Float64Array(FOLDS);
  values.forEach((value, i) => {
    const fold = folds[i]!;
    const label = labels[i] ?? 0;
    foldRows[fold]!++;
    foldFindings[fold]! += label;
    if (value === null || value === '') return;
    const key = String(value);
    let entry = sums.get(key);
    if (!entry) sums.set(key, (entry = { n: new Float64Array(FOLDS), y: new Float64Array(FOLDS) }));
    entry.n[fold]!++;
    entry.y[fold]! += label;
  });
  return { sums, foldRows, foldFindings };
}

const total = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

/** Each row's smoothed rate and frequency, learnt on the other folds (unseen there: missing rate, frequency 0). */
function encodeCategoryOutOfFold(
  fact: string,
  rows: readonly Facts[],
  labels: readonly number[],
  folds: Uint8Array,
  smoothing: number,
): Float64Array[] {
  const values = rows.map((row) => row[fact] ?? null);
  const { sums, foldRows, foldFindings } = foldSumsOf(values, labels, folds);
  const [allRows, allFindings] = [total(foldRows), total(foldFindings)];
  const rate = new Float64Array(rows.length).fill(NaN);
  const frequency = new Float64Array(rows.length);
  values.forEach((value, i) => {
    const fold = folds[i]!;
    const otherRows = allRows - foldRows[fold]!;
    const entry = value === null || value === '' ? undefined : sums.get(String(value));
    if (!entry || otherRows === 0) return;
    const n = total(entry.n) - entry.n[fold]!;
    if (n === 0) return;
    const prior = (allFindings - foldFindings[fold]!) / otherRows;
    rate[i] = (total(entry.y) - entry.y[fold]! + smoothing * prior) / (n + smoothing);
    frequency[i] = n / otherRows;
  });
  return [rate, frequency];
}

function encodeCodeColumn(feature: FeatureEncoding, values: readonly FactValue[]): Float64Array {
  return Float64Array.from(values, (value) => encodeValue(feature, value)[2] ?? NaN);
}

function encodePlainColumn(feature: FeatureEncoding, rows: readonly Facts[]): Float64Array {
  const column = new Float64Array(rows.length);
  rows.forEach((row, i) => (column[i] = encodeValue(feature, row[feature.fact])[0] ?? NaN));
  return column;
}

/** Encodes the training rows; the returned encodings (fitted on every row) are what scoring uses. */
export function buildTrainingMatrix(
  rows: readonly Facts[],
  labels: readonly number[],
  kinds: ReadonlyMap<string, FeatureKind>,
  options: { smoothing: number; maxBins: number; random: Random },
): TrainingMatrix {
  const folds = foldsOf(rows.length, options.random);
  const features: FeatureEncoding[] = [];
  const columns: Float64Array[] = [];
  for (const [fact, kind] of kinds) {
    if (kind === 'category') {
      const values = rows.map((row) => row[fact] ?? null);
      const feature = fitCategory(fact, values, labels, options.smoothing, options.maxBins - 1);
      features.push(feature);
      columns.push(...encodeCategoryOutOfFold(fact, rows, labels, folds, options.smoothing));
      if (feature.codes) columns.push(encodeCodeColumn(feature, values));
    } else {
      const feature: FeatureEncoding = { kind, fact };
      features.push(feature);
      columns.push(encodePlainColumn(feature, rows));
    }
  }
  return { features, columns };
}
