/**
 * A report as CSV (RFC 4180: comma-separated, CRLF, quoted where needed, UTF-8 with a byte-order mark so
 * spreadsheet programs read accents right). Tables sharing their columns (exports and imports) share one
 * heading line; text that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with '.
 * A CSV has no room for the closing summary: the CLI prints it, the JSON and XLSX formats carry it.
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

export function csvCell(cell: Cell): string {
  if (typeof cell === 'number') return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export class CsvReportWriter implements ReportWriter {
  private buffer = '\uFEFF';
  private heading: string | undefined;

  constructor(private readonly out: Writable) {}

  async startTable(table: ReportTableHeading): Promise<void> {
    const heading = csvLine(table.columns.map((c) => c.header));
    if (heading === this.heading) return;
    if (this.heading !== undefined) this.buffer += '\r\n';
    this.heading = heading;
    this.buffer += heading;
    await this.flushIfFull();
  }

  async writeRow(cells: readonly Cell[]): Promise<void> {
    this.buffer += csvLine(cells);
    await this.flushIfFull();
  }

  async endTable(): Promise<void> {
    await this.flush();
  }

  async finish(_closing: ReportClosing): Promise<void> {
    await this.flush();
    await endStream(this.out);
  }

  private async flushIfFull(): Promise<void> {
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    await writeChunk(this.out, chunk);
  }
}
