/**
 * `epix risk backtest`: runs the engine's model on any customs history CSV, so an administration can judge
 * it on its own data before trusting it.
 *
 *   epix risk backtest --input history.csv --date-column C --label-column C [--id-column C]
 *     [--ignore-columns C,...] [--budget 1,2,5,10] [--exploration 10] [--mode static|rolling]
 *     [--test-from YYYY-MM-DD] [--json OUT.json] [--seed N]
 *
 * Column types are inferred (numbers, dates, categories). The CSV is read with csv-parse (quoted fields,
 * embedded separators and line breaks, a byte-order mark); the separator (comma, semicolon or tab) is taken
 * from the header line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { GatewayError } from '../domain/errors';
import { toHistoryTable } from '../domain/risk/backtest/history-table';
import { runBacktest, type BacktestResult } from '../domain/risk/backtest/run-backtest';

interface BacktestCliOptions {
  input: string;
  dateColumn: string;
  labelColumn: string;
  idColumn?: string;
  ignoreColumns?: string;
  budget: string;
  exploration: string;
  mode: string;
  testFrom?: string;
  json?: string;
  seed: string;
}

function readCsv(file: string): { header: string[]; records: Record<string, string>[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GatewayError('RISK_INPUT_INVALID', `cannot read ${file}: ${(error as Error).message}`);
  }
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = [';', '\t', ','].sort(
    (a, b) => firstLine.split(b).length - firstLine.split(a).length,
  )[0]!;
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    throw new GatewayError('RISK_INPUT_INVALID', `${file} is not readable CSV: ${(error as Error).message}`);
  }
  const [header = [], ...body] = rows;
  const names = header.map((name) => name.trim());
  return {
    header: names,
    records: body.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? '']))),
  };
}

function numberList(text: string, what: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0 || v > 100)) {
    throw new GatewayError(
      'RISK_INPUT_INVALID',
      `${what} must be percentages between 0 and 100, e.g. 1,2,5,10 (got "${text}")`,
    );
  }
  return values;
}

function backtestOptions(options: BacktestCliOptions) {
  if (options.mode !== 'static' && options.mode !== 'rolling') {
    throw new GatewayError('RISK_INPUT_INVALID', `--mode must be static or rolling (got "${options.mode}")`);
  }
  if (options.testFrom !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.testFrom)) {
    throw new GatewayError(
      'RISK_INPUT_INVALID',
      `--test-from must be a date YYYY-MM-DD (got "${options.testFrom}")`,
    );
  }
  const exploration = Number(options.exploration);
  if (!Number.isFinite(exploration) || exploration < 0 || exploration > 100) {
    throw new GatewayError(
      'RISK_INPUT_INVALID',
      `--exploration must be a percentage of the budget (got "${options.exploration}")`,
    );
  }
  return {
    mode: options.mode,
    budgets: numberList(options.budget, '--budget'),
    explorationPercent: exploration,
    seed: Number(options.seed) || 1,
    ...(options.testFrom !== undefined && { testFrom: options.testFrom }),
  } as const;
}

const pct = (x: number | undefined) => (x === undefined ? '-' : `${(x * 100).toFixed(1)} %`);

function formatBudgets(result: BacktestResult): string[] {
  const rolling = result.mode === 'rolling';
  const lines = [
    `budget  precision  recall   inspected  found${rolling ? '  exploration  exploration precision' : ''}`,
  ];
  for (const b of result.budgets) {
    const cells = [
      `${b.budget} %`.padEnd(6),
      pct(b.precision).padStart(9),
      pct(b.recall).padStart(7),
      String(b.inspected).padStart(10),
      String(b.found).padStart(6),
    ];
    if (rolling) cells.push(pct(b.explorationShare).padStart(12), pct(b.explorationPrecision).padStart(22));
    lines.push(cells.join('  '));
  }
  return lines;
}

function formatWeeks(result: BacktestResult): string[] {
  const budget = result.budgets.find((b) => b.budget === 5)?.budget ?? result.budgets[0]?.budget;
  const weeks = result.weeks.filter((w) => w.budget === budget);
  if (weeks.length === 0) return [];
  const lines = [
    '',
    `weekly at ${budget} %:`,
    'week starting  declarations  inspected  found  precision  recall  model',
  ];
  for (const w of weeks) {
    lines.push(
      [
        w.weekStart.padEnd(13),
        String(w.declarations).padStart(12),
        String(w.inspected).padStart(9),
        String(w.found).padStart(5),
        pct(w.precision).padStart(9),
        pct(w.recall).padStart(7),
        w.modelInForce ? '  yes' : '  no',
      ].join('  '),
    );
  }
  return lines;
}

/** The printed report: what was tested, the figures per budget, and week by week in rolling mode. */
export function formatBacktest(result: BacktestResult): string {
  const head = [
    `${result.mode} backtest: ${result.historyRows} rows of history before ${result.testFrom}, ${result.testRows} test rows, ${result.testFindings} findings (base rate ${pct(result.baseRate)}: the precision of random selection)`,
    '',
  ];
  return `${[...head, ...formatBudgets(result), ...formatWeeks(result)].join('\n')}\n`;
}

function backtestAction(options: BacktestCliOptions): void {
  const settings = backtestOptions(options);
  const { header, records } = readCsv(options.input);
  const table = toHistoryTable(header, records, {
    dateColumn: options.dateColumn,
    labelColumn: options.labelColumn,
    ...(options.idColumn !== undefined && { idColumn: options.idColumn }),
    ignoreColumns: (options.ignoreColumns ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  });
  const result = runBacktest(table, settings);
  process.stdout.write(formatBacktest(result));
  if (options.json !== undefined) {
    writeFileSync(
      options.json,
      `${JSON.stringify({ ...result, columnTypes: table.columnTypes }, null, 2)}\n`,
    );
    process.stdout.write(`\nwrote ${options.json}\n`);
  }
}

export function registerRiskCommands(program: Command): void {
  const risk =
    program.commands.find((c) => c.name() === 'risk') ??
    program.command('risk').description('Customs risk targeting');
  risk
    .command('backtest')
    .description(
      'Backtest the risk model on a customs history CSV: precision and recall at inspection budgets',
    )
    .requiredOption('--input <file>', 'the history, CSV with a header line')
    .requiredOption('--date-column <name>', 'the column with each declaration date')
    .requiredOption(
      '--label-column <name>',
      'the column saying whether a control found something (1/0, true/false, yes/no)',
    )
    .option('--id-column <name>', 'the declaration identifier column (never used as a feature)')
    .option('--ignore-columns <names>', 'columns never used as features, comma-separated')
    .option('--budget <percents>', 'inspection budgets in percent', '1,2,5,10')
    .option('--exploration <percent>', 'percent of the budget spent on random exploration (rolling)', '10')
    .option(
      '--mode <mode>',
      'static (train before the test date, score the rest) or rolling (weekly retraining)',
      'static',
    )
    .option('--test-from <date>', 'first test day YYYY-MM-DD (default: the last 20 % of rows by date)')
    .option('--json <file>', 'also write the figures as JSON')
    .option('--seed <n>', 'seed of training and exploration', '1')
    .action(backtestAction);
}
