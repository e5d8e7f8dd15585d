/**
 * One row of the annual trade report: one permit line, with the columns of the CITES Guidelines for the
 * preparation and submission of CITES annual reports (exports and imports in separate tables).
 */
import type { ReportColumn } from './report-writer';

export type TradeDirection = 'EXPORT' | 'IMPORT';

/**
 * CLEARED: the quantity the importing country confirmed (exports) or our customs cleared (imports);
 * PERMITTED: the quantity on the permit, where no usage confirmation came back.
 */
export type QuantityBasis = 'CLEARED' | 'PERMITTED';

export interface AnnualReportRow {
  direction: TradeDirection;
  /** The report year. */
  year: number;
  /** The date the trade is counted on: the issue date (exports) or the clearance date (imports). */
  tradeDate: string;
  issueDate: string;
  appendix: string;
  species: string;
  /** Term code (description of specimens); '' when the permit gives none. */
  term: string;
  quantity: number;
  /** Unit code; '' is a count of specimens. */
  unit: string;
  exporterCountry: string;
  importerCountry: string;
  originCountry: string;
  originPermitNumber: string;
  originPermitDate: string;
  reExportCountry: string;
  reExportCertificateNumber: string;
  reExportCertificateDate: string;
  purpose: string;
  source: string;
  permitNumber: string;
  permitKey: string;
  block: string;
  quantityBasis: QuantityBasis;
  /** YYYY-MM-DD the quantities were cleared (CLEARED rows); '' for PERMITTED ones. */
  clearedOn: string;
}

/** The partner column: the country of destination for exports, the country of export for imports. */
export function partnerOf(row: AnnualReportRow): string {
  return row.direction === 'EXPORT' ? row.importerCountry : row.exporterCountry;
}

/** The report's columns, in the order of the Guidelines' tabular format, then ours for traceability. */
export const ANNUAL_REPORT_COLUMNS: ReadonlyArray<ReportColumn<AnnualReportRow>> = [
  { key: 'direction', header: 'Direction', value: (r) => r.direction },
  { key: 'year', header: 'Year', value: (r) => r.year },
  { key: 'appendix', header: 'Appendix', value: (r) => r.appendix },
  { key: 'taxon', header: 'Taxon', value: (r) => r.species },
  { key: 'term', header: 'Description (term)', value: (r) => r.term },
  { key: 'quantity', header: 'Quantity', value: (r) => r.quantity },
  { key: 'unit', header: 'Unit', value: (r) => r.unit },
  { key: 'partner', header: 'Country of destination / export', value: partnerOf },
  { key: 'origin', header: 'Country of origin', value: (r) => r.originCountry },
  { key: 'originPermit', header: 'Origin permit No.', value: (r) => r.originPermitNumber },
  { key: 'reExport', header: 'Country of last re-export', value: (r) => r.reExportCountry },
  {
    key: 'reExportCertificate',
    header: 'Re-export certificate No.',
    value: (r) => r.reExportCertificateNumber,
  },
  { key: 'purpose', header: 'Purpose', value: (r) => r.purpose },
  { key: 'source', header: 'Source', value: (r) => r.source },
  { key: 'permit', header: 'Permit No.', value: (r) => r.permitNumber },
  { key: 'quantityBasis', header: 'Quantity basis', value: (r) => r.quantityBasis },
  { key: 'tradeDate', header: 'Trade date', value: (r) => r.tradeDate },
  { key: 'permitKey', header: 'Permit key', value: (r) => r.permitKey },
  { key: 'block', header: 'Block', value: (r) => r.block },
];
