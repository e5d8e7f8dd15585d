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

function encodeCategoryOutOfFold(
  fact: string,
  rows: readonly Facts[],
  labels: readonly number[],
  folds: Uint8Array,
  smoothing: number,
): Float64Array[] {
  const values = rows.map((row) => row[fact] ?? null);
  const rate = new Float64Array(rows.length);
  const frequency = new Float64Array(rows.length);
  for (let fold = 0; fold < FOLDS; fold++) {
    const others = values.map((_, i) => i).filter((i) => folds[i] !== fold);
    const fitted = fitCategory(
      fact,
      others.map((i) => values[i] ?? null),
      others.map((i) => labels[i] ?? 0),
      smoothing,
    );
    values.forEach((value, i) => {
      if (folds[i] !== fold) return;
      [rate[i], frequency[i]] = encodeValue(fitted, value) as [number, number];
    });
  }
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
