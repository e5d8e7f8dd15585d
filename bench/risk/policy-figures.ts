/** What a selection policy achieved over the synthetic year: overall, per planted pattern, and week by week. */
import type { RollingWeek } from '../../src/domain/risk/backtest/rolling-selection';
import { MID_YEAR_WEEK, type PlantedPattern } from './planted-fraud';
import type { SyntheticYear } from './synthetic-declarations';

export interface PolicyFigures {
  policy: string;
  inspected: number;
  found: number;
  findings: number;
  precision: number;
  recall: number;
  /** Share of each planted pattern's findings that were inspected. */
  patternRecall: Record<PlantedPattern, number>;
  /** Weeks from the mid-year pattern's start until a week in which half its findings were caught (null: never). */
  weeksToDetectMidYear: number | null;
  weekly: Array<{ week: number; precision: number; recall: number; midYearRecall: number | null }>;
}

const PATTERNS: readonly PlantedPattern[] = [
  'UNDER_DECLARING_IMPORTER',
  'LAUNDERING_ROUTE',
  'LOOK_ALIKE',
  'MID_YEAR_BROKER',
];

function patternRecallOf(
  year: SyntheticYear,
  inspected: ReadonlySet<number>,
): Record<PlantedPattern, number> {
  const recall = {} as Record<PlantedPattern, number>;
  for (const pattern of PATTERNS) {
    const rows = year.patterns.flatMap((p, row) => (p === pattern ? [row] : []));
    recall[pattern] = rows.length ? rows.filter((row) => inspected.has(row)).length / rows.length : 0;
  }
  return recall;
}

function midYearRecall(year: SyntheticYear, week: RollingWeek): number | null {
  const all = new Set(week.selected.map((s) => s.row));
  let findings = 0;
  let caught = 0;
  year.patterns.forEach((pattern, row) => {
    if (pattern !== 'MID_YEAR_BROKER' || year.weeks[row] !== week.week) return;
    findings++;
    if (all.has(row)) caught++;
  });
  return findings ? caught / findings : null;
}

export function policyFigures(
  policy: string,
  year: SyntheticYear,
  weeks: readonly RollingWeek[],
): PolicyFigures {
  const inspected = new Set(weeks.flatMap((w) => w.selected.map((s) => s.row)));
  const found = weeks.reduce((sum, w) => sum + w.found, 0);
  const findings = year.labels.reduce<number>((sum, y) => sum + y, 0);
  const weekly = weeks.map((w) => ({
    week: w.week,
    precision: w.precision,
    recall: w.recall,
    midYearRecall: midYearRecall(year, w),
  }));
  const detected = weekly.find((w) => w.week >= MID_YEAR_WEEK && (w.midYearRecall ?? 0) >= 0.5);
  return {
    policy,
    inspected: inspected.size,
    found,
    findings,
    precision: inspected.size ? found / inspected.size : 0,
    recall: findings ? found / findings : 0,
    patternRecall: patternRecallOf(year, inspected),
    weeksToDetectMidYear: detected ? detected.week - MID_YEAR_WEEK + 1 : null,
    weekly,
  };
}
