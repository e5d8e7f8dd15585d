/**
 * The annual trade report for a year: exports, then imports, each streamed from the permits the gateway
 * holds through the report rules to the writer, row by row; every row is checked against the Trade
 * Database's rules, and the report is written whatever it finds (its warnings are listed at the end).
 * The imports are asked for at the start, so the database prepares them while the exports are written.
 */
import type { Clock } from '../../domain/ports';
import { ANNUAL_REPORT_COLUMNS, type AnnualReportRow } from '../../domain/reports/annual-report-row';
import type { ReportSource } from '../../domain/reports/report-source';
import { checkReportRow } from '../../domain/reports/report-validation';
import { ReportWarnings } from '../../domain/reports/report-warnings';
import type { ReportClosing, ReportWriter } from '../../domain/reports/report-writer';
import { assertReportYear } from '../../domain/reports/report-year';
import { readAhead } from './read-ahead';
import { countOutcome, emptyTableSummary, type TableSummary } from '../../domain/reports/trade-summary';
import {
  exportOutcomeOf,
  importOutcomeOf,
  type TradeContext,
  type TradeOutcome,
} from '../../domain/reports/trade-rows';

export interface AnnualReportDeps {
  source: ReportSource;
  clock: Clock;
  /** How many warnings are kept with their messages (all are counted); default 1000. */
  warningLimit?: number;
}

/** The annual report's columns as written: the Guidelines' columns, then the row's warning rules. */
export const ANNUAL_REPORT_HEADINGS = [
  ...ANNUAL_REPORT_COLUMNS.map(({ key, header }) => ({ key, header })),
  { key: 'warnings', header: 'Warnings' },
];

interface TableRun<R> {
  name: 'exports' | 'imports';
  title: string;
  records: AsyncIterable<R>;
  outcomeOf(record: R): TradeOutcome;
}

export async function buildAnnualReport(
  deps: AnnualReportDeps,
  year: number,
  writer: ReportWriter,
): Promise<ReportClosing> {
  const now = deps.clock.now();
  assertReportYear(year, now);
  const ctx: TradeContext = { year, today: now.toISOString().slice(0, 10) };
  const warnings = new ReportWarnings(deps.warningLimit);
  const exportRecords = deps.source.exportsOf(year);
  const importRecords = readAhead(deps.source.importsOf(year));
  let imports: TableSummary;
  let exports: TableSummary;
  try {
    exports = await writeTable(writer, warnings, {
      name: 'exports',
      title: `Exports ${year}`,
      records: exportRecords,
      outcomeOf: (record) => exportOutcomeOf(record, ctx),
    });
    imports = await writeTable(writer, warnings, {
      name: 'imports',
      title: `Imports ${year}`,
      records: importRecords,
      outcomeOf: (record) => importOutcomeOf(record, ctx),
    });
  } finally {
    await importRecords.close();
  }
  const closing: ReportClosing = {
    report: 'annual-trade',
    year,
    summary: { exports: { ...exports }, imports: { ...imports } },
    warnings: warnings.toJSON(),
  };
  await writer.finish(closing);
  return closing;
}

async function writeTable<R>(
  writer: ReportWriter,
  warnings: ReportWarnings,
  run: TableRun<R>,
): Promise<TableSummary> {
  const summary = emptyTableSummary();
  let rowNumber = 0;
  await writer.startTable({ name: run.name, title: run.title, columns: ANNUAL_REPORT_HEADINGS });
  for await (const record of run.records) {
    const outcome = run.outcomeOf(record);
    countOutcome(summary, outcome);
    for (const row of outcome.rows) {
      const rules = checkRow(row, ++rowNumber);
      await writer.writeRow([...ANNUAL_REPORT_COLUMNS.map((c) => c.value(row)), rules]);
    }
  }
  await writer.endTable();
  return summary;

  function checkRow(row: AnnualReportRow, rowNumber: number): string {
    const problems = checkReportRow(row);
    for (const { rule, message } of problems) {
      warnings.add({
        table: run.name,
        row: rowNumber,
        permitKey: row.permitKey,
        block: row.block,
        rule,
        message,
      });
    }
    return problems.map((p) => p.rule).join(' ');
  }
}
