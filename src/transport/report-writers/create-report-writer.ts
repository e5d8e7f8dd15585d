/** The report writer for a format, writing to `out` (an HTTP response or a file). */
import type { Writable } from 'node:stream';
import type { ReportFormat, ReportWriter } from '../../domain/reports/report-writer';
import { CsvReportWriter } from './csv-report-writer';
import { JsonReportWriter } from './json-report-writer';
import { XlsxReportWriter } from './xlsx-report-writer';

export function createReportWriter(format: ReportFormat, out: Writable): ReportWriter {
  switch (format) {
    case 'csv':
      return new CsvReportWriter(out);
    case 'json':
      return new JsonReportWriter(out);
    case 'xlsx':
      return new XlsxReportWriter(out);
  }
}
