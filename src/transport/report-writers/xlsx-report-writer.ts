/**
 * A report as an .xlsx workbook, streamed with exceljs's WorkbookWriter: one worksheet per table (same
 * columns as the CSV), then a Summary sheet and a Warnings sheet. Rows are committed as they come and
 * neither shared strings nor styles are kept, so memory does not grow with the rows.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type {
  Cell,
  ReportClosing,
  ReportTableHeading,
  ReportWriter,
} from '../../domain/reports/report-writer';

export class XlsxReportWriter implements ReportWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet | undefined;
  private readonly done: Promise<void>;

  constructor(out: Writable) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    this.done = new Promise((resolve, reject) => {
      out.once('finish', resolve);
      out.once('close', resolve);
      out.once('error', reject);
    });
  }

  startTable(table: ReportTableHeading): Promise<void> {
    this.sheet = this.workbook.addWorksheet(table.name);
    this.sheet.addRow(table.columns.map((c) => c.header)).commit();
    return Promise.resolve();
  }

  writeRow(cells: readonly Cell[]): Promise<void> {
    if (!this.sheet) return Promise.reject(new Error('XlsxReportWriter: writeRow before startTable'));
    this.sheet.addRow([...cells]).commit();
    // Let the zip stream run between rows, so written rows leave memory as they come.
    return new Promise((resolve) => setImmediate(resolve));
  }

  endTable(): Promise<void> {
    this.sheet?.commit();
    this.sheet = undefined;
    return Promise.resolve();
  }

  async finish(closing: ReportClosing): Promise<void> {
    const summary = this.workbook.addWorksheet('summary');
    summary.addRow(['Report', closing.report, 'Year', closing.year]).commit();
    summary.addRow(['Table', 'Figure', 'Value']).commit();
    for (const [table, figures] of Object.entries(closing.summary)) {
      for (const [figure, value] of Object.entries(figures)) summary.addRow([table, figure, value]).commit();
    }
    summary.commit();
    const warnings = this.workbook.addWorksheet('warnings');
    const keys = Object.keys(closing.warnings.listed[0] ?? {});
    warnings
      .addRow([`${closing.warnings.total} warnings; ${closing.warnings.listed.length} listed`])
      .commit();
    if (keys.length > 0) warnings.addRow(keys).commit();
    for (const warning of closing.warnings.listed)
      warnings.addRow(keys.map((k) => warning[k] ?? '')).commit();
    warnings.commit();
    await this.workbook.commit();
    await this.done;
  }
}
