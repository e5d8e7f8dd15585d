import { checkReportRow, REPORT_RULES, type ReportRule } from '../../../src/domain/reports/report-validation';
import type { AnnualReportRow } from '../../../src/domain/reports/annual-report-row';
import { cleanExportRow } from './support/rows';

describe('annual report validation rules', () => {
  test('when a row follows every rule, then it has no problem', () => {
    expect(checkReportRow(cleanExportRow())).toEqual([]);
    expect(checkReportRow(cleanExportRow({ term: 'LIV', unit: '' }))).toEqual([]);
  });

  const cases: Array<[ReportRule, string, Partial<AnnualReportRow>, RegExp]> = [
    ['TERM_CODE_UNKNOWN', 'the term is not a CITES term', { term: 'XYZ' }, /'XYZ' is not a CITES term code/],
    ['TERM_CODE_UNKNOWN', 'the term is missing', { term: '' }, /no term code/],
    ['UNIT_CODE_UNKNOWN', 'the unit is not a CITES unit', { unit: 'ABC' }, /'ABC' is not a CITES unit code/],
    ['PURPOSE_CODE_UNKNOWN', 'the purpose is not a CITES purpose', { purpose: 'X' }, /'X' is not/],
    ['SOURCE_CODE_UNKNOWN', 'the source is not a CITES source', { source: 'Q' }, /'Q' is not/],
    [
      'TERM_UNIT_MISMATCH',
      'live specimens are given in square metres',
      { term: 'LIV', unit: 'SQM' },
      /LIV \(live\) is not reported in SQM/,
    ],
    [
      'TERM_UNIT_MISMATCH',
      'caviar is given as a number of specimens',
      { term: 'CAV', unit: '' },
      /CAV \(caviar\) is not reported in a number of specimens/,
    ],
    ['EXPORTER_IS_IMPORTER', 'the importer is the exporter', { importerCountry: 'KE' }, /both KE/],
    [
      'EXPORTER_IS_ORIGIN',
      'the origin is the exporter',
      { originCountry: 'KE' },
      /origin KE is the exporting/,
    ],
    ['APPENDIX_MISSING', 'the appendix is missing', { appendix: '' }, /no Appendix/],
    ['APPENDIX_MISSING', 'the appendix is not I, II or III', { appendix: 'IV' }, /'IV' is not an Appendix/],
    ['QUANTITY_NOT_POSITIVE', 'the quantity is zero', { quantity: 0 }, /quantity 0/],
    ['QUANTITY_NOT_POSITIVE', 'the quantity is negative', { quantity: -3 }, /quantity -3/],
    [
      'YEAR_INCONSISTENT',
      'the trade date is in another year',
      { tradeDate: '2025-12-31', issueDate: '2025-12-31' },
      /outside 2026/,
    ],
    [
      'YEAR_INCONSISTENT',
      'the trade is before the permit was issued',
      { tradeDate: '2026-03-01' },
      /before the issue date 2026-03-02/,
    ],
    [
      'YEAR_INCONSISTENT',
      'the origin permit is dated after the trade',
      { originCountry: 'TZ', originPermitDate: '2026-04-01' },
      /origin permit is dated 2026-04-01/,
    ],
    [
      'YEAR_INCONSISTENT',
      'the re-export certificate is dated after the trade',
      { reExportCountry: 'TZ', reExportCertificateDate: '2026-03-03' },
      /re-export certificate is dated 2026-03-03/,
    ],
  ];

  test.each(cases)(
    'when %s is broken (%s), then that rule alone is reported',
    (rule, _why, changes, message) => {
      const problems = checkReportRow(cleanExportRow(changes));
      expect(problems.map((p) => p.rule)).toEqual([rule]);
      expect(problems[0]!.message).toMatch(message);
    },
  );

  test('when a row breaks several rules, then each is reported in catalogue order', () => {
    const problems = checkReportRow(cleanExportRow({ purpose: 'X', importerCountry: 'KE', quantity: 0 }));
    expect(problems.map((p) => p.rule)).toEqual([
      'PURPOSE_CODE_UNKNOWN',
      'EXPORTER_IS_IMPORTER',
      'QUANTITY_NOT_POSITIVE',
    ]);
  });

  test('when the rules are listed, then every rule has a case above', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(Object.keys(REPORT_RULES)));
  });
});
