/**
 * A report as one JSON document, streamed: `{ "tables": { "<name>": [ {row}, ... ] }, "report", "year",
 * "summary", "warnings" }` (each row an object keyed by the column keys).
 */
import type { Writable } from 'node:stream';
import type {
  Cell,
  ReportClosing,
  ReportTableHeading,
  ReportWriter,
} from '../../domain/reports/report-writer';
import { endStream, writeChunk } from './write-chunk';

const FLUSH_AT = 64 * 1024;

export class JsonReportWriter implements ReportWriter {
  private buffer = '{"tables":{';
  private tables = 0;
  private rowsInTable = 0;
  private keys: string[] = [];

  constructor(private readonly out: Writable) {}

  async startTable(table: ReportTableHeading): Promise<void> {
    this.buffer += `${this.tables++ > 0 ? ',' : ''}${JSON.stringify(table.name)}:[`;
    this.keys = table.columns.map((c) => c.key);
    this.rowsInTable = 0;
    await this.flushIfFull();
  }

  async writeRow(cells: readonly Cell[]): Promise<void> {
    const row = Object.fromEntries(this.keys.map((key, i) => [key, cells[i] ?? '']));
    this.buffer += `${this.rowsInTable++ > 0 ? ',' : ''}${JSON.stringify(row)}`;
    await this.flushIfFull();
  }

  async endTable(): Promise<void> {
    this.buffer += ']';
    await this.flushIfFull();
  }

  async finish(closing: ReportClosing): Promise<void> {
    const { report, year, summary, warnings } = closing;
    this.buffer += `},${JSON.stringify({ report, year, summary, warnings }).slice(1)}`;
    await writeChunk(this.out, this.buffer);
    this.buffer = '';
    await endStream(this.out);
  }

  private async flushIfFull(): Promise<void> {
    if (this.buffer.length < FLUSH_AT) return;
    const chunk = this.buffer;
    this.buffer = '';
    await writeChunk(this.out, chunk);
  }
}
