/**
 * The annual illegal trade report for a year: every control result that found an offence (a seizure),
 * one row per seized line, streamed to the writer in date order.
 */
import type { Clock } from '../../domain/ports';
import { ILLEGAL_TRADE_COLUMNS, illegalTradeRowsOf } from '../../domain/reports/illegal-trade-row';
import type { ReportSource } from '../../domain/reports/report-source';
import type { ReportClosing, ReportWriter } from '../../domain/reports/report-writer';
import { assertReportYear } from '../../domain/reports/report-year';

export interface IllegalTradeReportDeps {
  source: Pick<ReportSource, 'seizuresOf'>;
  clock: Clock;
}

export async function buildIllegalTradeReport(
  deps: IllegalTradeReportDeps,
  year: number,
  writer: ReportWriter,
): Promise<ReportClosing> {
  assertReportYear(year, deps.clock.now());
  const counts = { seizures: 0, rows: 0 };
  await writer.startTable({
    name: 'seizures',
    title: `Illegal trade ${year}`,
    columns: ILLEGAL_TRADE_COLUMNS.map(({ key, header }) => ({ key, header })),
  });
  for await (const result of deps.source.seizuresOf(year)) {
    counts.seizures++;
    for (const row of illegalTradeRowsOf(result)) {
      counts.rows++;
      await writer.writeRow(ILLEGAL_TRADE_COLUMNS.map((c) => c.value(row)));
    }
  }
  await writer.endTable();
  const closing: ReportClosing = {
    report: 'illegal-trade',
    year,
    summary: { seizures: counts },
    warnings: { total: 0, listed: [] },
  };
  await writer.finish(closing);
  return closing;
}
