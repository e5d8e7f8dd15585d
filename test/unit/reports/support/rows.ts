/** A clean annual-report row (breaks no rule) to vary in tests. */
import type { AnnualReportRow } from '../../../../src/domain/reports/annual-report-row';

export function cleanExportRow(changes: Partial<AnnualReportRow> = {}): AnnualReportRow {
  return {
    direction: 'EXPORT',
    year: 2026,
    tradeDate: '2026-03-02',
    issueDate: '2026-03-02',
    appendix: 'II',
    species: 'Python sebae',
    term: 'SKI',
    quantity: 150,
    unit: 'PCS',
    exporterCountry: 'KE',
    importerCountry: 'CH',
    originCountry: '',
    originPermitNumber: '',
    originPermitDate: '',
    reExportCountry: '',
    reExportCertificateNumber: '',
    reExportCertificateDate: '',
    purpose: 'T',
    source: 'W',
    permitNumber: 'KE-2026-000123',
    permitKey: 'KE/2026/KE-2026-000123',
    block: 'A',
    quantityBasis: 'PERMITTED',
    clearedOn: '',
    ...changes,
  };
}
