/** The annual report's figures per table: what was reported, and what was left out and why. */
import type { QuantityBasis } from './annual-report-row';
import { EXCLUSION_REASONS, type TradeOutcome } from './trade-rows';

export interface TableSummary {
  reportedPermits: number;
  rows: number;
  clearedRows: number;
  permittedRows: number;
  /** Lines of reported permits that were not traded (absent from the clearance, or cleared as 0). */
  untradedLines: number;
  CANCELLED: number;
  REPLACED: number;
  UNUSED: number;
  NOT_YET_USED: number;
  CLEARED_IN_OTHER_YEAR: number;
}

export function emptyTableSummary(): TableSummary {
  const summary = { reportedPermits: 0, rows: 0, clearedRows: 0, permittedRows: 0, untradedLines: 0 };
  return { ...summary, ...Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) } as TableSummary;
}

/** Adds one permit's outcome to the table's figures. */
export function countOutcome(summary: TableSummary, outcome: TradeOutcome): void {
  if (outcome.excluded) summary[outcome.excluded]++;
  if (outcome.rows.length > 0) summary.reportedPermits++;
  summary.untradedLines += outcome.untradedLines;
  for (const row of outcome.rows) {
    summary.rows++;
    const basis: QuantityBasis = row.quantityBasis;
    if (basis === 'CLEARED') summary.clearedRows++;
    else summary.permittedRows++;
  }
}
