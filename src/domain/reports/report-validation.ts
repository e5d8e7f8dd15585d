/**
 * The checks the CITES Trade Database applies to a submitted annual report, one rule per check. A row
 * that breaks a rule is still reported ("submit despite warnings", as in the EPIX reporting tool); each
 * warning names its table, its row and its rule.
 */
import { isCode, APPENDICES, PURPOSE_CODES, SOURCE_CODES, UNIT_CODES } from '../permit/code-lists';
import type { AnnualReportRow } from './annual-report-row';
import { findTermCode } from './term-codes';

export const REPORT_RULES = {
  TERM_CODE_UNKNOWN: 'The term (description) is a code of the CITES term list',
  UNIT_CODE_UNKNOWN: 'The unit is a code of the CITES unit list (or empty: number of specimens)',
  PURPOSE_CODE_UNKNOWN: 'The purpose is a CITES purpose code',
  SOURCE_CODE_UNKNOWN: 'The source is a CITES source code',
  TERM_UNIT_MISMATCH: 'The term may be reported in that unit',
  EXPORTER_IS_IMPORTER: 'The exporting and importing countries differ',
  EXPORTER_IS_ORIGIN: 'The country of origin is given only when it is not the exporting country',
  APPENDIX_MISSING: 'The Appendix (I, II or III) is given',
  QUANTITY_NOT_POSITIVE: 'The quantity is a number greater than zero',
  YEAR_INCONSISTENT: 'The trade date falls in the report year, after the permit and documents it cites',
} as const;
export type ReportRule = keyof typeof REPORT_RULES;

export interface RowProblem {
  rule: ReportRule;
  message: string;
}

type RuleCheck = (row: AnnualReportRow) => string | undefined;

const CHECKS: Readonly<Record<ReportRule, RuleCheck>> = {
  TERM_CODE_UNKNOWN: (row) =>
    row.term === ''
      ? 'no term code'
      : findTermCode(row.term)
        ? undefined
        : `'${row.term}' is not a CITES term code`,
  UNIT_CODE_UNKNOWN: (row) =>
    row.unit === '' || isCode(UNIT_CODES, row.unit) ? undefined : `'${row.unit}' is not a CITES unit code`,
  PURPOSE_CODE_UNKNOWN: (row) =>
    isCode(PURPOSE_CODES, row.purpose) ? undefined : `'${row.purpose}' is not a CITES purpose code`,
  SOURCE_CODE_UNKNOWN: (row) =>
    isCode(SOURCE_CODES, row.source) ? undefined : `'${row.source}' is not a CITES source code`,
  TERM_UNIT_MISMATCH: (row) => {
    // An unknown term or unit is its own rule's warning; the pair is checked between known codes only.
    const term = findTermCode(row.term);
    if (!term || (row.unit !== '' && !isCode(UNIT_CODES, row.unit))) return undefined;
    if (term.units.includes(row.unit === '' ? null : row.unit)) return undefined;
    const unit = row.unit === '' ? 'a number of specimens' : row.unit;
    return `${row.term} (${term.name}) is not reported in ${unit}`;
  },
  EXPORTER_IS_IMPORTER: (row) =>
    row.exporterCountry === row.importerCountry
      ? `exporter and importer are both ${row.exporterCountry}`
      : undefined,
  EXPORTER_IS_ORIGIN: (row) =>
    row.originCountry !== '' && row.originCountry === row.exporterCountry
      ? `the country of origin ${row.originCountry} is the exporting country (leave it empty)`
      : undefined,
  APPENDIX_MISSING: (row) =>
    isCode(APPENDICES, row.appendix)
      ? undefined
      : row.appendix === ''
        ? 'no Appendix'
        : `'${row.appendix}' is not an Appendix`,
  QUANTITY_NOT_POSITIVE: (row) =>
    Number.isFinite(row.quantity) && row.quantity > 0 ? undefined : `quantity ${row.quantity}`,
  YEAR_INCONSISTENT: yearProblem,
};

function yearProblem(row: AnnualReportRow): string | undefined {
  if (Number(row.tradeDate.slice(0, 4)) !== row.year) {
    return `traded on ${row.tradeDate}, outside ${row.year}`;
  }
  if (row.issueDate > row.tradeDate)
    return `traded on ${row.tradeDate}, before the issue date ${row.issueDate}`;
  if (row.originPermitDate !== '' && row.originPermitDate > row.tradeDate) {
    return `the origin permit is dated ${row.originPermitDate}, after the trade on ${row.tradeDate}`;
  }
  if (row.reExportCertificateDate !== '' && row.reExportCertificateDate > row.tradeDate) {
    return `the re-export certificate is dated ${row.reExportCertificateDate}, after the trade on ${row.tradeDate}`;
  }
  return undefined;
}

/** Every rule the row breaks, in the order of REPORT_RULES. */
export function checkReportRow(row: AnnualReportRow): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const rule of Object.keys(CHECKS) as ReportRule[]) {
    const message = CHECKS[rule](row);
    if (message !== undefined) problems.push({ rule, message });
  }
  return problems;
}
