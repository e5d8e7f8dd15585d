/**
 * The backtest: how the engine's model would have done on a customs administration's own history.
 * Static: train on the rows before the test date, report precision and recall at each budget on the rest.
 * Rolling: from the test date, week by week, select under the budget (with exploration), reveal the labels of
 * the inspected rows only, retrain; report weekly and overall figures.
 */
import { GatewayError } from '../../errors';
import { precisionRecallAtBudgets, scoreProbability, trainRiskModel } from '../model/risk-model';
import type { HistoryTable } from './history-table';
import { runRollingSelection, type RollingWeek } from './rolling-selection';

export interface BacktestOptions {
  mode: 'static' | 'rolling';
  /** Inspection budgets in percent. */
  budgets: readonly number[];
  /** Percent of the budget spent on exploration (rolling mode). */
  explorationPercent: number;
  /** First test day (YYYY-MM-DD); default: the last 20 % of the rows by date are the test set. */
  testFrom?: string;
  seed: number;
}

export interface BacktestBudget {
  budget: number;
  precision: number;
  recall: number;
  inspected: number;
  found: number;
  /** Rolling mode: share of the inspections spent on exploration, and their precision. */
  explorationShare?: number;
  explorationPrecision?: number;
}

export interface BacktestWeek {
  budget: number;
  week: number;
  weekStart: string;
  declarations: number;
  inspected: number;
  found: number;
  findings: number;
  precision: number;
  recall: number;
  explorationInspected: number;
  explorationFound: number;
  modelInForce: boolean;
}

export interface BacktestResult {
  mode: BacktestOptions['mode'];
  testFrom: string;
  historyRows: number;
  testRows: number;
  testFindings: number;
  /** Findings per row in the test set: the precision of random selection. */
  baseRate: number;
  budgets: BacktestBudget[];
  weeks: BacktestWeek[];
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(iso) / DAY_MS);
const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The default first test day: the date at the 80th percentile of the rows' dates. */
export function defaultTestFrom(dates: readonly string[]): string {
  const sorted = [...dates].sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.8))]!;
}

function splitRows(table: HistoryTable, testFrom: string): { history: number[]; test: number[] } {
  const history: number[] = [];
  const test: number[] = [];
  table.dates.forEach((date, row) => (date < testFrom ? history : test).push(row));
  const historyFindings = history.reduce((sum, row) => sum + table.labels[row]!, 0);
  if (history.length === 0 || test.length === 0) {
    throw new GatewayError(
      'RISK_INPUT_INVALID',
      `the test date ${testFrom} leaves no history or no test rows`,
    );
  }
  if (historyFindings === 0)
    throw new GatewayError('RISK_INPUT_INVALID', `no findings before ${testFrom}: nothing to learn from`);
  return { history, test };
}

function staticBudgets(
  table: HistoryTable,
  rows: { history: number[]; test: number[] },
  options: BacktestOptions,
): BacktestBudget[] {
  const pick = <T>(list: readonly T[], at: readonly number[]) => at.map((row) => list[row]!);
  const model = trainRiskModel(pick(table.facts, rows.history), pick(table.labels, rows.history), {
    seed: options.seed,
  });
  const scores = rows.test.map((row) => scoreProbability(model, table.facts[row]!));
  return precisionRecallAtBudgets(scores, pick(table.labels, rows.test), options.budgets);
}

function rollingWeeks(
  table: HistoryTable,
  testFrom: string,
  budget: number,
  options: BacktestOptions,
): RollingWeek[] {
  const start = dayNumber(testFrom);
  return runRollingSelection({
    facts: table.facts,
    labels: table.labels,
    weeks: table.dates.map((date) => Math.floor((dayNumber(date) - start) / 7)),
    firstTestWeek: 0,
    budgetPercent: budget,
    explorationPercent: options.explorationPercent,
    seed: options.seed,
  });
}

function rollingSummary(budget: number, weeks: readonly RollingWeek[]): BacktestBudget {
  const sum = (pick: (w: RollingWeek) => number) => weeks.reduce((total, w) => total + pick(w), 0);
  const [inspected, found, findings] = [sum((w) => w.inspected), sum((w) => w.found), sum((w) => w.findings)];
  const explored = sum((w) => w.explorationInspected);
  return {
    budget,
    precision: inspected ? found / inspected : 0,
    recall: findings ? found / findings : 0,
    inspected,
    found,
    explorationShare: inspected ? explored / inspected : 0,
    explorationPrecision: explored ? sum((w) => w.explorationFound) / explored : 0,
  };
}

function toBacktestWeek(budget: number, testFrom: string, week: RollingWeek): BacktestWeek {
  const { selected: _selected, ...figures } = week;
  return { budget, ...figures, weekStart: isoOfDay(dayNumber(testFrom) + week.week * 7) };
}

/** Runs the backtest on a history table. */
export function runBacktest(table: HistoryTable, options: BacktestOptions): BacktestResult {
  const testFrom = options.testFrom ?? defaultTestFrom(table.dates);
  const rows = splitRows(table, testFrom);
  const testFindings = rows.test.reduce((sum, row) => sum + table.labels[row]!, 0);
  const result = {
    mode: options.mode,
    testFrom,
    historyRows: rows.history.length,
    testRows: rows.test.length,
    testFindings,
    baseRate: testFindings / rows.test.length,
  };
  if (options.mode === 'static')
    return { ...result, budgets: staticBudgets(table, rows, options), weeks: [] };
  const budgets: BacktestBudget[] = [];
  const weeks: BacktestWeek[] = [];
  for (const budget of options.budgets) {
    const rolling = rollingWeeks(table, testFrom, budget, options);
    budgets.push(rollingSummary(budget, rolling));
    weeks.push(...rolling.map((week) => toBacktestWeek(budget, testFrom, week)));
  }
  return { ...result, budgets, weeks };
}
