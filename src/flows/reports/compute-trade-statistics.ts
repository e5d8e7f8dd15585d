/**
 * The statistics of a year: the annual report's rows (the same rules decide what was traded) aggregated
 * by partner, species, term and month, clearances by month, and the year's customs rejection reasons.
 * They read what the annual report reads (the trade ledger), with the later streams asked for at once.
 */
import type { Clock } from '../../domain/ports';
import type { ReportSource } from '../../domain/reports/report-source';
import type { Cell } from '../../domain/reports/report-writer';
import { assertReportYear } from '../../domain/reports/report-year';
import { readAhead } from './read-ahead';
import { exportOutcomeOf, importOutcomeOf, type TradeContext } from '../../domain/reports/trade-rows';
import {
  STATISTICS_TABLES,
  TradeStatistics,
  type StatisticsTable,
} from '../../domain/reports/trade-statistics';

export interface TradeStatisticsDeps {
  source: ReportSource;
  clock: Clock;
}

export interface TradeStatisticsResult {
  year: number;
  verdicts: { ACCEPTED: number; REJECTED: number };
  tables: Record<StatisticsTable, Array<Record<string, Cell>>>;
}

export async function computeTradeStatistics(
  deps: TradeStatisticsDeps,
  year: number,
): Promise<TradeStatisticsResult> {
  const now = deps.clock.now();
  assertReportYear(year, now);
  const ctx: TradeContext = { year, today: now.toISOString().slice(0, 10) };
  const statistics = new TradeStatistics();
  const exportRecords = deps.source.exportsOf(year);
  const importRecords = readAhead(deps.source.importsOf(year));
  const decisions = readAhead(deps.source.customsDecisionsOf(year));
  try {
    for await (const record of exportRecords) statistics.addPermit(exportOutcomeOf(record, ctx).rows);
    for await (const record of importRecords) statistics.addPermit(importOutcomeOf(record, ctx).rows);
    for await (const decision of decisions) statistics.addDecision(decision);
  } finally {
    await Promise.all([importRecords.close(), decisions.close()]);
  }
  const tables = Object.fromEntries(STATISTICS_TABLES.map((name) => [name, statistics.table(name)]));
  return {
    year,
    verdicts: statistics.verdictCounts(),
    tables: tables as TradeStatisticsResult['tables'],
  };
}
