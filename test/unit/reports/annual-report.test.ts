/**
 * The annual report's rules on records held in memory: actual quantities, exclusions, warnings naming
 * their rows, the CSV file, and the statistics built from the same rows.
 */
import { PassThrough } from 'node:stream';
import { fixedClock } from '../../../src/domain/ports';
import { illegalTradeRowsOf } from '../../../src/domain/reports/illegal-trade-row';
import { exportOutcomeOf, importOutcomeOf } from '../../../src/domain/reports/trade-rows';
import { buildAnnualReport } from '../../../src/flows/reports/build-annual-report';
import { computeTradeStatistics } from '../../../src/flows/reports/compute-trade-statistics';
import { CsvReportWriter } from '../../../src/transport/report-writers/csv-report-writer';
import { InMemoryReportSource } from '../../contract/twins/in-memory-report-source';
import {
  clearanceOf,
  controlResultOf,
  emptySeed,
  exportRecordFrom,
  importRecordFrom,
  issuedRecord,
  permitDated,
  receivedRecord,
  usageOf,
  verificationOf,
} from '../../support/report-records';

const ctx = { year: 2026, today: '2026-12-02' };
const clock = fixedClock('2026-12-02T12:00:00Z');

describe('export rows', () => {
  test('when the importing country confirmed smaller quantities, then those are reported as CLEARED and the uncleared block is counted', () => {
    const permit = permitDated('KE-1', '2026-11-01');
    const usage = usageOf('CH-D-1', '2026-11-20T10:00:00Z', { A: 90 });
    const outcome = exportOutcomeOf(exportRecordFrom(issuedRecord(permit, { status: 'USED', usage })), ctx);
    expect(outcome.rows.map((r) => [r.block, r.quantity, r.quantityBasis, r.clearedOn])).toEqual([
      ['A', 90, 'CLEARED', '2026-11-20'],
    ]);
    expect(outcome.untradedLines).toBe(1);
    expect(outcome.rows[0]).toMatchObject({
      exporterCountry: 'KE',
      importerCountry: 'CH',
      tradeDate: '2026-11-01',
    });
  });

  test('when no confirmation came back and the permit is still valid, then the permitted quantities are reported', () => {
    const permit = permitDated('KE-2', '2026-11-01');
    const outcome = exportOutcomeOf(exportRecordFrom(issuedRecord(permit)), ctx);
    expect(outcome.rows.map((r) => [r.block, r.quantity, r.quantityBasis])).toEqual([
      ['A', 150, 'PERMITTED'],
      ['B', 250.5, 'PERMITTED'],
    ]);
  });

  test.each([
    ['expired without a confirmation', issuedRecord(permitDated('KE-3', '2026-01-10')), 'UNUSED'],
    ['cancelled', issuedRecord(permitDated('KE-4', '2026-11-01'), { status: 'CANCELLED' }), 'CANCELLED'],
    ['replaced', issuedRecord(permitDated('KE-5', '2026-11-01'), { status: 'REPLACED' }), 'REPLACED'],
  ])('when the permit was %s, then it is excluded as %s', (_why, record, reason) => {
    expect(exportOutcomeOf(exportRecordFrom(record), ctx)).toEqual({
      rows: [],
      excluded: reason,
      untradedLines: 0,
    });
  });
});

describe('import rows', () => {
  const permit = permitDated('KE-9', '2025-12-20');
  test('when a permit of last year was cleared at our border this year, then it is reported on the clearance date', () => {
    const usage = usageOf('CH-D-9', '2026-01-05T10:00:00Z', { A: 10, B: 2.5 });
    const outcome = importOutcomeOf(
      importRecordFrom(receivedRecord(permit), { declarationNumber: 'CH-D-9', usage }),
      ctx,
    );
    expect(
      outcome.rows.map((r) => [r.direction, r.block, r.quantity, r.tradeDate, r.exporterCountry]),
    ).toEqual([
      ['IMPORT', 'A', 10, '2026-01-05', 'KE'],
      ['IMPORT', 'B', 2.5, '2026-01-05', 'KE'],
    ]);
  });

  test.each([
    [
      'cleared next year',
      { clearance: { declarationNumber: 'D', usage: usageOf('D', '2027-01-02T00:00:00Z', { A: 1 }) } },
      '2026-12-01',
      'CLEARED_IN_OTHER_YEAR',
    ],
    ['cancelled', { status: 'CANCELLED' as const }, '2026-11-01', 'CANCELLED'],
    ['replaced', { status: 'REPLACED' as const }, '2026-11-01', 'REPLACED'],
    ['expired unused', {}, '2026-01-01', 'UNUSED'],
    ['still valid, not presented', {}, '2026-11-01', 'NOT_YET_USED'],
  ])('when a permit issued this year was %s, then it is excluded as %s', (_why, changes, issued, reason) => {
    const { clearance, ...stored } = { clearance: undefined, ...changes };
    const record = importRecordFrom({ ...receivedRecord(permitDated('KE-8', issued)), ...stored }, clearance);
    expect(importOutcomeOf(record, ctx)).toEqual({ rows: [], excluded: reason, untradedLines: 0 });
  });

  test('when a permit of last year was never cleared, then it belongs to last year and is not counted', () => {
    expect(importOutcomeOf(importRecordFrom(receivedRecord(permit)), ctx)).toEqual({
      rows: [],
      untradedLines: 0,
    });
  });
});

function collected(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('annual report', () => {
  function seed() {
    const s = emptySeed();
    s.issued.push(
      issuedRecord(permitDated('KE-1', '2026-11-01', { purpose: 'T' })),
      issuedRecord(permitDated('KE-2', '2026-11-02'), { status: 'CANCELLED' }),
    );
    s.received.push(receivedRecord(permitDated('TZ-1', '2026-10-01', { issuingCountry: 'TZ' })));
    s.clearances.push(clearanceOf('TZ/2026/TZ-1', usageOf('CH-D', '2026-10-03T00:00:00Z', { A: 5 })));
    return s;
  }

  test('when rows break rules, then the CSV is still written and each warning names its table, row, permit, block and rule', async () => {
    const { out, text } = collected();
    const closing = await buildAnnualReport(
      { source: new InMemoryReportSource(seed()), clock },
      2026,
      new CsvReportWriter(out),
    );
    const lines = text().split('\r\n');
    expect(
      lines[0]!.startsWith('\uFEFFDirection,Year,Appendix,Taxon,Description (term),Quantity,Unit,'),
    ).toBe(true);
    expect(lines).toHaveLength(5); // heading, 2 export rows, 1 import row, final empty
    // The sample permit gives KE as origin of KE's own exports: a warning on each export row.
    expect(lines[1]).toMatch(
      /^EXPORT,2026,II,Python sebae,SKI,150,PCS,CH,KE,.*,PERMITTED,2026-11-01,KE\/2026\/KE-1,A,EXPORTER_IS_ORIGIN$/,
    );
    expect(lines[3]).toMatch(
      /^IMPORT,2026,II,Python sebae,SKI,5,PCS,TZ,KE,.*,CLEARED,2026-10-03,TZ\/2026\/TZ-1,A,$/,
    );
    expect(closing.warnings).toEqual({
      total: 2,
      listed: [
        expect.objectContaining({
          table: 'exports',
          row: 1,
          permitKey: 'KE/2026/KE-1',
          block: 'A',
          rule: 'EXPORTER_IS_ORIGIN',
        }),
        expect.objectContaining({
          table: 'exports',
          row: 2,
          permitKey: 'KE/2026/KE-1',
          block: 'B',
          rule: 'EXPORTER_IS_ORIGIN',
        }),
      ],
    });
    expect(closing.summary.exports).toMatchObject({
      reportedPermits: 1,
      rows: 2,
      permittedRows: 2,
      CANCELLED: 1,
    });
    expect(closing.summary.imports).toMatchObject({
      reportedPermits: 1,
      rows: 1,
      clearedRows: 1,
      untradedLines: 1,
    });
  });

  test('when there are more warnings than kept, then all are counted and the first are listed', async () => {
    const { out } = collected();
    const closing = await buildAnnualReport(
      { source: new InMemoryReportSource(seed()), clock, warningLimit: 1 },
      2026,
      new CsvReportWriter(out),
    );
    expect(closing.warnings.total).toBe(2);
    expect(closing.warnings.listed).toHaveLength(1);
  });

  test('when the year is in the future, then REPORT_YEAR_INVALID is thrown before anything is written', async () => {
    const { out, text } = collected();
    await expect(
      buildAnnualReport({ source: new InMemoryReportSource(seed()), clock }, 2027, new CsvReportWriter(out)),
    ).rejects.toMatchObject({ code: 'REPORT_YEAR_INVALID' });
    expect(text()).toBe('');
  });
});

describe('CSV cells', () => {
  test('when text holds commas, quotes or starts like a formula, then it is quoted or neutralised', async () => {
    const { out, text } = collected();
    const writer = new CsvReportWriter(out);
    await writer.startTable({
      name: 't',
      title: 't',
      columns: [
        { key: 'a', header: 'a' },
        { key: 'b', header: 'b' },
      ],
    });
    await writer.writeRow(['x, "y"', '=HYPERLINK("http://evil")']);
    await writer.writeRow([-1.5, 'line\nbreak']);
    await writer.endTable();
    await writer.finish({ report: 't', year: 2026, summary: {}, warnings: { total: 0, listed: [] } });
    expect(text()).toBe('\uFEFFa,b\r\n"x, ""y""","\'=HYPERLINK(""http://evil"")"\r\n-1.5,"line\nbreak"\r\n');
  });
});

describe('statistics', () => {
  test('when permits, clearances and verifications are counted, then each table adds them by group and unit', async () => {
    const s = emptySeed();
    s.issued.push(
      issuedRecord(permitDated('KE-1', '2026-10-01')),
      issuedRecord(permitDated('KE-2', '2026-11-01'), {
        status: 'USED',
        usage: usageOf('D2', '2026-11-15T00:00:00Z', { A: 100, B: 0.5 }),
      }),
    );
    s.verifications.push(
      verificationOf('V1', 'REJECTED', ['NOT_RECEIVED'], '2026-05-01T00:00:00Z'),
      verificationOf('V2', 'REJECTED', ['NOT_RECEIVED', 'EXPIRED'], '2026-05-02T00:00:00Z'),
      verificationOf('V3', 'ACCEPTED', [], '2026-05-03T00:00:00Z'),
    );
    const stats = await computeTradeStatistics({ source: new InMemoryReportSource(s), clock }, 2026);
    expect(stats.tables.partners).toEqual([
      { direction: 'EXPORT', partner: 'CH', unit: 'KIL', permits: 2, lines: 2, quantity: 251 },
      { direction: 'EXPORT', partner: 'CH', unit: 'PCS', permits: 2, lines: 2, quantity: 250 },
    ]);
    expect(stats.tables.months.map((r) => [r.month, r.unit, r.quantity])).toEqual([
      ['2026-10', 'KIL', 250.5],
      ['2026-10', 'PCS', 150],
      ['2026-11', 'KIL', 0.5],
      ['2026-11', 'PCS', 100],
    ]);
    expect(stats.tables.clearances).toEqual([{ month: '2026-11', importsCleared: 0, exportsConfirmed: 1 }]);
    expect(stats.tables.rejections).toEqual([
      { reason: 'NOT_RECEIVED', count: 2 },
      { reason: 'EXPIRED', count: 1 },
    ]);
    expect(stats.verdicts).toEqual({ ACCEPTED: 1, REJECTED: 2 });
  });
});

describe('illegal trade rows', () => {
  test('when a control result found a seizure, then each seized line is a row; released lines and other findings are not', () => {
    const result = controlResultOf('r1', {
      lines: [
        {
          line: 1,
          declaredScientificName: 'A a',
          scientificNameFound: 'A b',
          termCode: 'SKI',
          quantityFound: 5,
          unit: null,
          quantitySeized: 5,
        },
        {
          line: 2,
          declaredScientificName: 'C c',
          scientificNameFound: 'C c',
          termCode: 'LIV',
          quantityFound: 3,
          unit: null,
          quantitySeized: 0,
        },
        {
          line: 3,
          declaredScientificName: 'D d',
          scientificNameFound: 'D e',
          termCode: 'EXT',
          quantityFound: 2.5,
          unit: 'KIL',
          quantitySeized: null,
        },
      ],
    });
    expect(illegalTradeRowsOf(result).map((r) => [r.line, r.species, r.quantity, r.unit])).toEqual([
      [1, 'A b', 5, ''],
      [3, 'D e', 2.5, 'KIL'],
    ]);
    expect(illegalTradeRowsOf({ ...result, finding: 'DOCUMENTARY_DISCREPANCY' })).toEqual([]);
  });
});
