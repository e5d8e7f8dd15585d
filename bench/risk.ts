/**
 * `npm run bench -- risk`: customs risk targeting on a synthetic year of CITES declarations (real trade
 * patterns, planted fraud no rule names, a pattern that starts in week 26). Four policies inspect the same
 * budget each week (default 5 %): random, rules only (rule profiles, the rest of the budget random), model
 * only and rules + model, the model retrained weekly on inspected declarations only, with a share of the budget
 * spent on exploration. Also: training time on 50,000 declarations, and the model trained on every label of
 * the first 50,000 declarations scored on the rest. Writes bench/results/risk-*.json and
 * docs/risk-weekly-precision.svg.
 * Options: --seed (15), --budget (5), --exploration (10), --rule-share (20: the most of the budget rule hits
 * may take in the combination; 20 detects the mid-year pattern in weeks where 50 took months, see the README),
 * --weeks (52), --no-plot.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { numberFlag, booleanFlag, parseArgs } from '../scripts/lib/args';
import { REPO_ROOT } from '../scripts/lib/paths';
import { table } from '../scripts/lib/table';
import { runRollingSelection, type RollingInput } from '../src/domain/risk/backtest/rolling-selection';
import { decideLane } from '../src/domain/risk/lane';
import {
  precisionRecallAtBudgets,
  scoreProbability,
  trainRiskModel,
} from '../src/domain/risk/model/risk-model';
import { createSeededRandom } from '../src/domain/risk/seeded-random';
import { machineInfo, writeResult } from './lib/results';
import { MID_YEAR_WEEK } from './risk/planted-fraud';
import { policyFigures, type PolicyFigures } from './risk/policy-figures';
import { renderPrecisionPlot } from './risk/precision-plot';
import { BENCH_PROFILES } from './risk/rule-profiles';
import { matchesCriteria } from '../src/domain/risk/profile';
import { generateSyntheticYear, type SyntheticYear } from './risk/synthetic-declarations';
import { readTradePatterns } from './risk/trade-patterns';

const say = (line: string) => process.stdout.write(`${line}\n`);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const IGNORE = ['declarationNumber', 'arrivalDate'];
const TRAINING_ROWS = 50_000;

/** Rank of each declaration for the rules: 2 a REJECTED verification, 1 a selecting profile, 0 none. */
function ruleRanks(year: SyntheticYear, seed: number): (0 | 1 | 2)[] {
  const random = createSeededRandom(seed);
  return year.facts.map((facts) => {
    const profileHits = BENCH_PROFILES.flatMap((profile, i) =>
      matchesCriteria(profile.criteria, facts)
        ? [
            {
              profileId: `P${i + 1}`,
              lane: profile.lane,
              selectionRate: profile.selectionRate,
              draw: random(),
            },
          ]
        : [],
    );
    const verdict = facts.verificationVerdict === 'REJECTED' ? 'REJECTED' : 'ACCEPTED';
    const decision = decideLane({ verificationVerdict: verdict, profileHits });
    return decision.decidedBy === 'VERIFICATION' ? 2 : decision.decidedBy === 'PROFILE' ? 1 : 0;
  });
}

/** Trains on the first 50,000 declarations with every label (timed), and scores the rest. */
function staticEvaluation(year: SyntheticYear, seed: number) {
  const rows = Math.min(TRAINING_ROWS, Math.floor(year.facts.length * 0.8));
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const model = trainRiskModel(year.facts.slice(0, rows), year.labels.slice(0, rows), {
    seed,
    ignore: IGNORE,
  });
  const trainingSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const trainingCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const testFacts = year.facts.slice(rows);
  const scoringStarted = process.hrtime.bigint();
  const scores = testFacts.map((facts) => scoreProbability(model, facts));
  const scoringMs = Number(process.hrtime.bigint() - scoringStarted) / 1e6 / Math.max(1, testFacts.length);
  const budgets = precisionRecallAtBudgets(scores, year.labels.slice(rows), [1, 2, 5, 10]);
  return {
    trainingRows: rows,
    testRows: testFacts.length,
    trainingSeconds,
    trainingCpuSeconds,
    scoringMsPerDeclaration: scoringMs,
    budgets,
  };
}

function runPolicies(
  year: SyntheticYear,
  options: { seed: number; budget: number; exploration: number; ruleShare: number },
) {
  const ranks = ruleRanks(year, options.seed + 1);
  const base: RollingInput = {
    facts: year.facts,
    labels: year.labels,
    weeks: year.weeks,
    firstTestWeek: 0,
    budgetPercent: options.budget,
    explorationPercent: options.exploration,
    seed: options.seed,
    train: { ignore: IGNORE },
  };
  const policies: Array<[string, RollingInput]> = [
    ['random', { ...base, useModel: false }],
    ['rules only', { ...base, useModel: false, priority: (row) => ranks[row]!, ruleSharePercent: 100 }],
    ['model only', { ...base }],
    ['rules + model', { ...base, priority: (row) => ranks[row]!, ruleSharePercent: options.ruleShare }],
  ];
  return policies.map(([name, input]) => {
    const started = Date.now();
    const figures = policyFigures(name, year, runRollingSelection(input));
    say(`  ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return figures;
  });
}

function printPolicies(figures: readonly PolicyFigures[], budget: number): void {
  const rows = [
    [
      'policy',
      `inspected (${budget} %)`,
      'found',
      'precision',
      'recall',
      'importer',
      'route',
      'look-alike',
      'mid-year',
      'weeks to detect',
    ],
  ];
  for (const f of figures) {
    const r = f.patternRecall;
    rows.push([
      f.policy,
      String(f.inspected),
      `${f.found}/${f.findings}`,
      pct(f.precision),
      pct(f.recall),
      pct(r.UNDER_DECLARING_IMPORTER),
      pct(r.LAUNDERING_ROUTE),
      pct(r.LOOK_ALIKE),
      pct(r.MID_YEAR_BROKER),
      f.weeksToDetectMidYear === null ? 'never' : String(f.weeksToDetectMidYear),
    ]);
  }
  say(table(rows));
}

function writePlot(figures: readonly PolicyFigures[]): string {
  const colors = ['#999999', '#1f77b4', '#ff7f0e', '#2ca02c'];
  const svg = renderPrecisionPlot(
    'Weekly precision at a 5 % inspection budget (synthetic year)',
    figures.map((f, i) => ({
      name: f.policy,
      color: colors[i]!,
      points: f.weekly.map((w) => ({ week: w.week, value: w.precision })),
    })),
    { week: MID_YEAR_WEEK, label: 'mid-year pattern starts' },
  );
  const file = path.join(REPO_ROOT, 'docs', 'risk-weekly-precision.svg');
  writeFileSync(file, svg);
  return path.relative(REPO_ROOT, file);
}

export async function runRiskBench(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, ['plot']);
  const seed = numberFlag(args, 'seed', 15);
  const budget = numberFlag(args, 'budget', 5);
  const exploration = numberFlag(args, 'exploration', 10);
  const ruleShare = numberFlag(args, 'rule-share', 20);
  const year = generateSyntheticYear(readTradePatterns(), seed, numberFlag(args, 'weeks', 52));
  const findings = year.labels.reduce<number>((sum, y) => sum + y, 0);
  say(
    `synthetic year: ${year.facts.length} declarations, ${findings} findings (${pct(findings / year.facts.length)})`,
  );
  const staticFigures = staticEvaluation(year, seed);
  say(
    `training on ${staticFigures.trainingRows} declarations: ${staticFigures.trainingSeconds.toFixed(1)} s (${staticFigures.trainingCpuSeconds.toFixed(1)} s of CPU); scoring ${staticFigures.scoringMsPerDeclaration.toFixed(3)} ms per declaration`,
  );
  say(
    table([
      ['budget', 'precision', 'recall'],
      ...staticFigures.budgets.map((b) => [`${b.budget} %`, pct(b.precision), pct(b.recall)]),
    ]),
  );
  say(
    `\nweekly selection (budget ${budget} %, exploration ${exploration} % of it, retrained weekly on inspected declarations):`,
  );
  const figures = runPolicies(year, { seed, budget, exploration, ruleShare });
  printPolicies(figures, budget);
  const plot = booleanFlag(args, 'plot', true) ? writePlot(figures) : undefined;
  const file = writeResult('risk', {
    machine: machineInfo('none'),
    options: { seed, budget, exploration, ruleShare, declarations: year.facts.length, findings },
    static: staticFigures,
    policies: figures,
  });
  say(`\nresults: ${file}${plot ? `; plot: ${plot}` : ''}`);
  await Promise.resolve();
}
