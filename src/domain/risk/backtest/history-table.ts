/**
 * A customs history as the backtest reads it: text records (from any CSV layout) turned into facts with
 * inferred column types (numbers, dates, categories), a 0/1 label and a date per row.
 */
import { GatewayError } from '../../errors';
import type { FactValue, Facts } from '../facts';

export type ColumnType = 'number' | 'date' | 'category';

export interface HistoryColumns {
  dateColumn: string;
  labelColumn: string;
  idColumn?: string;
  ignoreColumns?: readonly string[];
}

export interface HistoryTable {
  facts: Facts[];
  labels: (0 | 1)[];
  /** Each row's date as YYYY-MM-DD. */
  dates: string[];
  ids: string[];
  columnTypes: Record<string, ColumnType>;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})([T ].*)?$/;
const DAY_FIRST = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/;
const POSITIVE = new Set(['1', 'true', 'yes', 'y', 't']);
const NEGATIVE = new Set(['0', 'false', 'no', 'n', 'f', '']);

/** A date text as YYYY-MM-DD (ISO year first, or day first as in 31.12.2025 and 31/12/2025), or null. */
export function toIsoDate(text: string): string | null {
  const iso = ISO_DATE.exec(text.trim());
  const dayFirst = iso ? null : DAY_FIRST.exec(text.trim());
  const parts = iso ? [iso[1], iso[2], iso[3]] : dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1]] : null;
  if (!parts) return null;
  const [year, month, day] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** The type of a column from its non-empty values: numbers, dates, or else categories. */
export function inferColumnType(values: readonly string[]): ColumnType {
  const present = values.map((v) => v.trim()).filter((v) => v !== '');
  if (present.length > 0 && present.every((v) => NUMBER.test(v))) return 'number';
  if (present.length > 0 && present.every((v) => toIsoDate(v) !== null)) return 'date';
  return 'category';
}

function toFact(type: ColumnType, text: string | undefined): FactValue {
  const value = (text ?? '').trim();
  if (value === '') return null;
  if (type === 'number') return Number(value);
  if (type === 'date') return toIsoDate(value);
  return value;
}

/** A label text as 0 or 1: 1/0, true/false, yes/no, or a count of findings (> 0 is a finding). */
export function toLabel(text: string | undefined, row: number): 0 | 1 {
  const value = (text ?? '').trim().toLowerCase();
  if (POSITIVE.has(value)) return 1;
  if (NEGATIVE.has(value)) return 0;
  if (NUMBER.test(value)) return Number(value) > 0 ? 1 : 0;
  throw new GatewayError(
    'RISK_INPUT_INVALID',
    `row ${row + 2}: the label "${text}" is not 1/0, true/false or yes/no`,
  );
}

function assertColumns(header: readonly string[], columns: HistoryColumns): void {
  const named = [columns.dateColumn, columns.labelColumn, ...(columns.idColumn ? [columns.idColumn] : [])];
  for (const name of [...named, ...(columns.ignoreColumns ?? [])]) {
    if (!header.includes(name)) {
      throw new GatewayError(
        'RISK_COLUMN_MISSING',
        `the input has no column "${name}" (columns: ${header.join(', ')})`,
      );
    }
  }
}

function rowDate(record: Record<string, string>, column: string, row: number): string {
  const date = toIsoDate(record[column] ?? '');
  if (date === null) {
    throw new GatewayError(
      'RISK_INPUT_INVALID',
      `row ${row + 2}: "${record[column]}" in ${column} is not a date`,
    );
  }
  return date;
}

/** Reads the records (one object per CSV row, keyed by header) as a history table. */
export function toHistoryTable(
  header: readonly string[],
  records: readonly Record<string, string>[],
  columns: HistoryColumns,
): HistoryTable {
  assertColumns(header, columns);
  if (records.length === 0) throw new GatewayError('RISK_INPUT_INVALID', 'the input has no rows');
  const skip = new Set([
    columns.dateColumn,
    columns.labelColumn,
    columns.idColumn,
    ...(columns.ignoreColumns ?? []),
  ]);
  const featureColumns = header.filter((name) => !skip.has(name));
  const columnTypes = Object.fromEntries(
    featureColumns.map((name) => [name, inferColumnType(records.map((r) => r[name] ?? ''))]),
  );
  return {
    facts: records.map((record) =>
      Object.fromEntries(featureColumns.map((name) => [name, toFact(columnTypes[name]!, record[name])])),
    ),
    labels: records.map((record, row) => toLabel(record[columns.labelColumn], row)),
    dates: records.map((record, row) => rowDate(record, columns.dateColumn, row)),
    ids: records.map((record, row) =>
      columns.idColumn ? (record[columns.idColumn] ?? '') : String(row + 1),
    ),
    columnTypes,
  };
}
