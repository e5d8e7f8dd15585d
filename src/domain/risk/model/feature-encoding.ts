/**
 * From facts to numbers. Numbers stay numbers, ISO dates become day numbers, and categories (importer,
 * declarant, country ...) become a smoothed target rate and a frequency, both learnt from the training rows
 * only. While training, each row's target rate is computed without its own fold (out-of-fold), otherwise an
 * importer seen once would "predict" its own label perfectly.
 */
import type { FactValue, Facts } from '../facts';
import type { FeatureEncoding } from './risk-model-types';

const DATE = /^\d{4}-\d{2}-\d{2}/;
const DAY_MS = 86_400_000;
/** Categorical facts with more distinct values than this share of rows are identifiers, not features. */
const IDENTIFIER_SHARE = 0.5;

export type FeatureKind = FeatureEncoding['kind'];

function kindOf(values: readonly FactValue[]): FeatureKind | null {
  const present = values.filter((v): v is string | number => v !== null && v !== '');
  if (present.length === 0) return null;
  if (present.every((v) => typeof v === 'number')) return 'number';
  if (
    present.every((v) => typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(v.slice(0, 10))))
  )
    return 'date';
  const distinct = new Set(present.map(String)).size;
  return distinct > 1 && distinct <= Math.max(20, values.length * IDENTIFIER_SHARE) ? 'category' : null;
}

/** The fact names seen in the rows (in first-seen order), minus the ignored ones. */
export function factNamesOf(rows: readonly Facts[], ignore: readonly string[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) names.add(name);
  const skip = new Set(ignore);
  return [...names].filter((name) => !skip.has(name));
}

/** Decides each fact's kind from the training rows; drops constant, empty and identifier-like facts. */
export function inferFeatureKinds(
  rows: readonly Facts[],
  names: readonly string[],
): Map<string, FeatureKind> {
  const kinds = new Map<string, FeatureKind>();
  for (const name of names) {
    const kind = kindOf(rows.map((row) => row[name] ?? null));
    if (kind) kinds.set(name, kind);
  }
  return kinds;
}

/** Target rate and frequency per category value, smoothed towards the prior with `smoothing` pseudo-rows. */
export function fitCategory(
  fact: string,
  values: readonly FactValue[],
  labels: readonly number[],
  smoothing: number,
  maxCodes = 0,
): Extract<FeatureEncoding, { kind: 'category' }> {
  const sums = new Map<string, { n: number; y: number }>();
  let positives = 0;
  values.forEach((value, i) => {
    const label = labels[i] ?? 0;
    positives += label;
    if (value === null || value === '') return;
    const entry = sums.get(String(value)) ?? { n: 0, y: 0 };
    entry.n++;
    entry.y += label;
    sums.set(String(value), entry);
  });
  const prior = values.length ? positives / values.length : 0;
  const targetRate: Record<string, number> = {};
  const frequency: Record<string, number> = {};
  for (const [key, { n, y }] of sums) {
    targetRate[key] = (y + smoothing * prior) / (n + smoothing);
    frequency[key] = n / values.length;
  }
  const codes = sums.size <= maxCodes ? codesOf(sums) : undefined;
  return { kind: 'category', fact, targetRate, frequency, prior, ...(codes && { codes }) };
}

/** Codes 1, 2 ... by decreasing frequency (then by value), so the same data always gets the same codes. */
function codesOf(sums: ReadonlyMap<string, { n: number }>): Record<string, number> {
  const ordered = [...sums].sort(([a, x], [b, y]) => y.n - x.n || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(ordered.map(([value], i) => [value, i + 1]));
}

/** The encoded column names of a feature (one, or two or three for a category). */
export function columnsOf(feature: FeatureEncoding): Array<{ name: string; fact: string }> {
  const { fact } = feature;
  if (feature.kind !== 'category') return [{ name: fact, fact }];
  const columns = [
    { name: fact, fact },
    { name: `${fact}#frequency`, fact },
  ];
  return feature.codes ? [...columns, { name: `${fact}#code`, fact }] : columns;
}

/** One fact value as numbers (NaN when missing or unreadable), per the feature's encoding. */
export function encodeValue(feature: FeatureEncoding, value: FactValue | undefined): number[] {
  const missing = value === null || value === undefined || value === '';
  switch (feature.kind) {
    case 'number':
      return [missing ? NaN : Number(value)];
    case 'date':
      return [missing ? NaN : Math.floor(Date.parse(String(value).slice(0, 10)) / DAY_MS)];
    case 'category': {
      const key = missing ? '' : String(value);
      const encoded = [feature.targetRate[key] ?? NaN, feature.frequency[key] ?? 0];
      return feature.codes ? [...encoded, feature.codes[key] ?? NaN] : encoded;
    }
  }
}

/** The encoded row of one declaration line (written in place: scoring runs once per line, often). */
export function encodeFacts(features: readonly FeatureEncoding[], facts: Facts): number[] {
  const row: number[] = [];
  for (const feature of features) {
    const value = facts[feature.fact];
    const missing = value === null || value === undefined || value === '';
    if (feature.kind === 'number') row.push(missing ? NaN : Number(value));
    else if (feature.kind === 'date')
      row.push(missing ? NaN : Math.floor(Date.parse(String(value).slice(0, 10)) / DAY_MS));
    else {
      const key = missing ? '' : String(value);
      row.push(ownNumber(feature.targetRate, key) ?? NaN, ownNumber(feature.frequency, key) ?? 0);
      if (feature.codes) row.push(ownNumber(feature.codes, key) ?? NaN);
    }
  }
  return row;
}

/** A learnt number by category value; a value such as `constructor` is no key of a plain object's own. */
function ownNumber(table: Readonly<Record<string, number>>, key: string): number | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
