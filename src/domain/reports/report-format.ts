/** Which format a report is written in: named (API) or taken from the output file's extension (CLI). */
import { GatewayError } from '../errors';
import { REPORT_FORMATS, type ReportFormat } from './report-writer';

export function reportFormatOf(name: string): ReportFormat {
  const format = REPORT_FORMATS.find((f) => f === name.toLowerCase());
  if (!format) {
    throw new GatewayError(
      'REPORT_FORMAT_UNSUPPORTED',
      `'${name}' is not a report format (${REPORT_FORMATS.join(', ')})`,
    );
  }
  return format;
}

/** `report.csv` → csv, `Report.XLSX` → xlsx; anything else is REPORT_FORMAT_UNSUPPORTED. */
export function reportFormatOfFile(fileName: string): ReportFormat {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) {
    throw new GatewayError(
      'REPORT_FORMAT_UNSUPPORTED',
      `'${fileName}' has no extension; name it .csv, .xlsx or .json`,
    );
  }
  return reportFormatOf(fileName.slice(dot + 1));
}

export const REPORT_CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};
