/**
 * Rolling selection, as customs would live it: week by week, inspect a budget of declarations chosen by the
 * model trained on what was inspected before (plus a share chosen at random: exploration), reveal the labels
 * of the inspected declarations only, retrain. Pure and deterministic given the seed; the bench and the
 * backtest both run it.
 */
import type { Facts } from '../facts';
import { inspectedCount } from '../model/budget-metrics';
import { scoreProbability, trainRiskModel, type RiskModel, type TrainOptions } from '../model/risk-model';
import { createSeededRandom, type Random } from '../seeded-random';

export interface RollingInput {
  facts: readonly Facts[];
  labels: readonly (0 | 1)[];
  /** Week number of each row (any integers; weeks run in increasing order). */
  weeks: readonly number[];
  /** Rows of earlier weeks are history: their labels are known from the start. */
  firstTestWeek: number;
  budgetPercent: number;
  /** Percent of each week's budget chosen at random among the rest. */
  explorationPercent: number;
  seed: number;
  train?: Omit<TrainOptions, 'seed'>;
  /** Fewest labelled rows and findings before a model is trained; until then the budget is spent at random. */
  minTrainingRows?: number;
  minTrainingFindings?: number;
  /**
   * Rows that must be inspected whatever the model says (rank 2, e.g. a REJECTED verification) or that a rule
   * selected (rank 1, up to `ruleSharePercent` of the budget, best model scores first).
   */
  priority?: (row: number) => 0 | 1 | 2;
  ruleSharePercent?: number;
  /** When false, the model never runs (rules and random alone). */
  useModel?: boolean;
}

export type SelectionSource = 'PRIORITY' | 'RULE' | 'MODEL' | 'EXPLORATION' | 'RANDOM';

export interface RollingWeek {
  week: number;
  declarations: number;
  inspected: number;
  found: number;
  findings: number;
  precision: number;
  recall: number;
  explorationInspected: number;
  explorationFound: number;
  /** Whether a model chose this week's selection (false during the warm-up). */
  modelInForce: boolean;
  /** The inspected rows, each with what selected it. */
  selected: Array<{ row: number; source: SelectionSource }>;
}

interface WeekContext {
  input: RollingInput;
  rows: number[];
  model: RiskModel | null;
  random: Random;
}

function groupByWeek(weeks: readonly number[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  weeks.forEach((week, row) => {
    const group = groups.get(week);
    if (group) group.push(row);
    else groups.set(week, [row]);
  });
  return new Map([...groups].sort(([a], [b]) => a - b));
}

/** Picks `count` rows at random (seeded) among `rows`. */
function pickRandom(rows: readonly number[], count: number, random: Random): number[] {
  const pool = [...rows];
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, Math.min(count, pool.length));
}

function scoresOf(context: WeekContext): Map<number, number> {
  const { model, input, rows, random } = context;
  return new Map(rows.map((row) => [row, model ? scoreProbability(model, input.facts[row]!) : random()]));
}

/** The week's selection: must-inspect rows, rule hits (capped), model ranking, then exploration. */
function selectWeek(context: WeekContext): RollingWeek['selected'] {
  const { input, rows, random } = context;
  const budget = inspectedCount(rows.length, input.budgetPercent);
  const exploration = Math.round((budget * input.explorationPercent) / 100);
  const scores = scoresOf(context);
  const byScore = (a: number, b: number) => scores.get(b)! - scores.get(a)! || a - b;
  const rank = (row: number) => input.priority?.(row) ?? 0;
  const selected: RollingWeek['selected'] = [];
  const take = (candidates: number[], count: number, source: SelectionSource) => {
    const chosen = new Set(selected.map((s) => s.row));
    for (const row of candidates.filter((r) => !chosen.has(r)).slice(0, Math.max(0, count)))
      selected.push({ row, source });
  };
  take(rows.filter((r) => rank(r) === 2).sort(byScore), budget, 'PRIORITY');
  const ruleCap = Math.round((budget * (input.ruleSharePercent ?? 20)) / 100);
  take(
    rows.filter((r) => rank(r) === 1).sort(byScore),
    Math.min(ruleCap, budget - exploration - selected.length),
    'RULE',
  );
  const exploit = budget - exploration - selected.length;
  if (context.model) take([...rows].sort(byScore), exploit, 'MODEL');
  const rest = rows.filter((r) => !selected.some((s) => s.row === r));
  const randomCount = budget - selected.length;
  for (const row of pickRandom(rest, randomCount, random)) {
    selected.push({ row, source: context.model ? 'EXPLORATION' : 'RANDOM' });
  }
  return selected;
}

function weekFigures(week: number, context: WeekContext, selected: RollingWeek['selected']): RollingWeek {
  const label = (row: number) => context.input.labels[row] ?? 0;
  const found = selected.reduce((sum, s) => sum + label(s.row), 0);
  const findings = context.rows.reduce((sum, row) => sum + label(row), 0);
  const explored = selected.filter((s) => s.source === 'EXPLORATION');
  return {
    week,
    declarations: context.rows.length,
    inspected: selected.length,
    found,
    findings,
    precision: selected.length ? found / selected.length : 0,
    recall: findings ? found / findings : 0,
    explorationInspected: explored.length,
    explorationFound: explored.reduce((sum, s) => sum + label(s.row), 0),
    modelInForce: context.model !== null,
    selected,
  };
}

function trainOn(input: RollingInput, known: readonly number[], seed: number): RiskModel | null {
  const findings = known.reduce((sum, row) => sum + (input.labels[row] ?? 0), 0);
  if (input.useModel === false) return null;
  if (known.length < (input.minTrainingRows ?? 200) || findings < (input.minTrainingFindings ?? 10))
    return null;
  const facts = known.map((row) => input.facts[row]!);
  const labels = known.map((row) => input.labels[row] ?? 0);
  return trainRiskModel(facts, labels, { ...input.train, seed });
}

/** Runs the weeks from `firstTestWeek` on; returns each week's figures. */
export function runRollingSelection(input: RollingInput): RollingWeek[] {
  const random = createSeededRandom(input.seed);
  const known: number[] = [];
  const results: RollingWeek[] = [];
  for (const [week, rows] of groupByWeek(input.weeks)) {
    if (week < input.firstTestWeek) {
      known.push(...rows);
      continue;
    }
    const model = trainOn(input, known, input.seed + week);
    const context: WeekContext = { input, rows, model, random };
    const selected = selectWeek(context);
    results.push(weekFigures(week, context, selected));
    known.push(...selected.map((s) => s.row));
  }
  return results;
}
