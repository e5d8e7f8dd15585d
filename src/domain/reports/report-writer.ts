/**
 * The port a report is written through (CSV, XLSX or JSON adapters), table by table and row by row, so
 * nothing is held whole: each `writeRow` resolves once the row is handed on (back-pressure included).
 */

export type Cell = string | number;

export interface ReportColumn<R> {
  /** Stable key (JSON property name). */
  key: string;
  /** Heading in CSV and spreadsheets. */
  header: string;
  value(row: R): Cell;
}

export interface ReportTableHeading {
  /** Stable name: `exports`, `imports`, `seizures` ... (JSON key, sheet name). */
  name: string;
  title: string;
  columns: ReadonlyArray<{ key: string; header: string }>;
}

/** What closes a report: which report, its figures and its warnings (the first ones; all are counted). */
export interface ReportClosing {
  report: string;
  year: number;
  summary: Record<string, Record<string, number>>;
  warnings: { total: number; listed: ReadonlyArray<Record<string, Cell>> };
}

export interface ReportWriter {
  startTable(table: ReportTableHeading): Promise<void>;
  writeRow(cells: readonly Cell[]): Promise<void>;
  endTable(): Promise<void>;
  /** Writes what closes the report (formats without room for it leave it out) and ends the output. */
  finish(closing: ReportClosing): Promise<void>;
}

/** The file formats a report is written in. */
export const REPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
