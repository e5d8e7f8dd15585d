/**
 * Reports against the real MongoDB-compatible server: the ReportSource contract on MongoDB, then the
 * report API of a running gateway (roles, formats, bad input) and `epix report` writing the same file the
 * API serves. The e2e test (test/e2e/reports.e2e.test.ts) checks the rows against a real exchange.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { Role } from '../../src/domain/auth/token';
import { systemClock } from '../../src/domain/ports';
import { ensureTradeLedger } from '../../src/flows/reports/backfill-trade-ledger';
import { MongoReportSource } from '../../src/storage/mongo-report-source';
import { MongoStoredTradeRecords } from '../../src/storage/mongo-stored-trade-records';
import { MongoTradeLedger } from '../../src/storage/mongo-trade-ledger';
import { reportSourceContract } from '../contract/report-source.contract';
import {
  clearanceOf,
  controlResultOf,
  emptySeed,
  issuedRecord,
  permitDated,
  receivedRecord,
  usageOf,
} from '../support/report-records';
import { storeReportSeed } from '../support/report-seeding';
import { dropDatabaseOf, freshDatabase } from '../support/services';
import { startCountry, type TestCountry } from '../support/two-countries';

reportSourceContract('MongoDB (trade ledger recorded with the permits)', async (seed) => {
  const { connection, drop } = await freshDatabase('report-contract');
  await storeReportSeed(connection, seed);
  return {
    source: new MongoReportSource(connection, { ledger: new MongoTradeLedger(connection) }),
    cleanup: drop,
  };
});

reportSourceContract('MongoDB (permits stored before the trade ledger, backfilled)', async (seed) => {
  const { connection, drop } = await freshDatabase('report-backfill');
  await storeReportSeed(connection, seed, { ledger: false });
  const ledger = new MongoTradeLedger(connection);
  const stored = new MongoStoredTradeRecords(connection);
  const ready = () => ensureTradeLedger({ stored, ledger, clock: systemClock, batchSize: 3 });
  return { source: new MongoReportSource(connection, { ledger, ready }), cleanup: drop };
});

const YEAR = new Date().getUTCFullYear();
let ke: TestCountry;

beforeAll(async () => {
  ke = await startCountry('KE');
  const seed = emptySeed();
  const today = new Date().toISOString().slice(0, 10);
  const exported = permitDated('KE-R-1', today, { lines: [samplePython()] });
  seed.issued.push(
    issuedRecord(exported),
    issuedRecord(permitDated('KE-R-2', today), {
      status: 'USED',
      usage: usageOf('CH-D-R2', new Date().toISOString(), { A: 120 }),
    }),
  );
  const imported = permitDated('CH-R-1', today, { issuingCountry: 'CH' });
  seed.received.push(receivedRecord(imported));
  seed.clearances.push(
    clearanceOf(`CH/${YEAR}/CH-R-1`, usageOf('KE-D-1', new Date().toISOString(), { A: 5, B: 1.25 })),
  );
  seed.controlResults.push(controlResultOf('seizure-1', { arrivalDate: today }));
  await storeReportSeed(ke.gateway.mongo, seed);
}, 60_000);

afterAll(async () => {
  await ke?.gateway.close();
  if (ke) await dropDatabaseOf(ke.gateway.config.mongodbUri);
});

function samplePython() {
  return {
    id: 'A',
    scientificName: 'Python sebae',
    termCode: 'SKI',
    appendix: 'II' as const,
    source: 'W' as const,
    quantity: 30,
    unit: 'PCS' as const,
  };
}

function get(url: string, role: Role) {
  return ke
    .api()
    .get(url)
    .set('Authorization', `Bearer ${ke.tokens[role]}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

describe('report API roles', () => {
  const cases: Array<[string, Role[], Role[]]> = [
    [`/api/v1/reports/annual?year=${YEAR}&format=csv`, ['admin', 'auditor', 'issuer'], ['customs']],
    [`/api/v1/reports/illegal-trade?year=${YEAR}&format=csv`, ['admin', 'auditor'], ['issuer', 'customs']],
    [`/api/v1/reports/statistics?year=${YEAR}`, ['admin', 'auditor', 'issuer'], ['customs']],
    [
      `/api/v1/reports/statistics/partners?year=${YEAR}&format=csv`,
      ['admin', 'auditor', 'issuer'],
      ['customs'],
    ],
  ];
  test.each(cases)(
    'when %s is asked for by each role, then only %j are let through',
    async (url, allowed, refused) => {
      for (const role of allowed) expect((await get(url, role)).status).toBe(200);
      for (const role of refused) {
        const res = await get(url, role);
        expect(res.status).toBe(403);
        expect(JSON.parse((res.body as Buffer).toString())).toMatchObject({ error: { code: 'FORBIDDEN' } });
      }
      const anonymous = await ke.api().get(url);
      expect(anonymous.status).toBe(401);
    },
  );
});

describe('report API input', () => {
  test.each([
    ['year=26', 'REPORT_YEAR_INVALID'],
    ['year=1974', 'REPORT_YEAR_INVALID'],
    [`year=${YEAR + 1}`, 'REPORT_YEAR_INVALID'],
    ['', 'REPORT_YEAR_INVALID'],
    [`year=${YEAR}&format=pdf`, 'REPORT_FORMAT_UNSUPPORTED'],
    [`year=${YEAR}&colour=red`, 'VALIDATION_FAILED'],
  ])('when the annual report is asked with "%s", then it answers 400 %s', async (query, code) => {
    const res = await get(`/api/v1/reports/annual?${query}`, 'auditor');
    expect(res.status).toBe(400);
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(JSON.parse((res.body as Buffer).toString())).toMatchObject({ error: { code } });
  });

  test('when an unknown statistics table is asked for, then it answers 404 NOT_FOUND', async () => {
    const res = await get(`/api/v1/reports/statistics/planets?year=${YEAR}`, 'auditor');
    expect(res.status).toBe(404);
  });
});

describe('report formats', () => {
  test('when the annual report is asked as xlsx, then it is a workbook with the CSV columns and rows, a summary and warnings', async () => {
    const csv = await get(`/api/v1/reports/annual?year=${YEAR}&format=csv`, 'auditor');
    const xlsx = await get(`/api/v1/reports/annual?year=${YEAR}&format=xlsx`, 'auditor');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toBe(
      `attachment; filename="annual-trade-report-${YEAR}.xlsx"`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as never);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['exports', 'imports', 'summary', 'warnings']);
    const csvLines = (csv.body as Buffer)
      .toString()
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const header = csvLines[0]!.split(',');
    const sheetRows = (name: string) =>
      workbook
        .getWorksheet(name)!
        .getSheetValues()
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1));
    expect(sheetRows('exports')[0]).toEqual(header);
    expect(sheetRows('imports')[0]).toEqual(header);
    // 1 (KE-R-1, python) + 1 (KE-R-2, block A cleared) exports; 2 imports (CH-R-1, A and B).
    expect(sheetRows('exports')).toHaveLength(3);
    expect(sheetRows('imports')).toHaveLength(3);
    expect(csvLines).toHaveLength(5);
    const cleared = sheetRows('exports').find((r) => r[header.indexOf('Permit No.')] === 'KE-R-2')!;
    expect(cleared[header.indexOf('Quantity')]).toBe(120);
    expect(cleared[header.indexOf('Quantity basis')]).toBe('CLEARED');
    const figures = sheetRows('summary').map((r) => r.join('|'));
    expect(figures).toContain('exports|untradedLines|1');
    expect(figures).toContain('imports|rows|2');
  });

  test('when the illegal trade report is asked as JSON, then it lists the seizure with its detection method', async () => {
    const res = await get(`/api/v1/reports/illegal-trade?year=${YEAR}&format=json`, 'auditor');
    const body = JSON.parse((res.body as Buffer).toString()) as {
      tables: { seizures: Array<Record<string, unknown>> };
      summary: unknown;
    };
    expect(body.tables.seizures).toEqual([
      expect.objectContaining({
        species: 'Python sebae',
        declaredSpecies: 'Python regius',
        quantity: 40,
        unit: '',
        detectionMethod: 'Risk profile',
        place: 'Zürich Airport',
        origin: 'KE',
        export: 'KE',
        destination: 'CH',
      }),
    ]);
    expect(body.summary).toEqual({ seizures: { seizures: 1, rows: 1 } });
  });
});

describe('epix report', () => {
  const run = promisify(execFile);
  const dir = mkdtempSync(path.join(tmpdir(), 'epix-report-'));
  async function epix(args: string[]) {
    return run(process.execPath, [path.resolve('bin/epix.js'), 'report', ...args], {
      env: { ...process.env, MONGODB_URI: ke.gateway.config.mongodbUri },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  }

  test('when the annual report is written as CSV from the CLI, then the file is byte for byte what the API serves', async () => {
    const out = path.join(dir, 'annual.csv');
    const res = await epix(['annual', '--year', String(YEAR), '--out', out]);
    expect(res.code).toBe(0);
    const api = await get(`/api/v1/reports/annual?year=${YEAR}&format=csv`, 'issuer');
    expect(readFileSync(out).equals(api.body as Buffer)).toBe(true);
    expect(JSON.parse(res.stdout)).toMatchObject({
      file: out,
      format: 'csv',
      summary: { exports: { rows: 2 }, imports: { rows: 2 } },
    });
  });

  test('when the illegal trade report is written as xlsx, then a workbook with the seizure is written', async () => {
    const out = path.join(dir, 'illegal.xlsx');
    const res = await epix(['illegal-trade', '--year', String(YEAR), '--out', out]);
    expect(res.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.getWorksheet('seizures')!.getRow(2).getCell(3).value).toBe('Python sebae');
  });

  test('when the output file has no known extension, then it fails with REPORT_FORMAT_UNSUPPORTED and writes nothing', async () => {
    const out = path.join(dir, 'annual.pdf');
    const res = await epix(['annual', '--year', String(YEAR), '--out', out]);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stderr)).toMatchObject({ code: 'REPORT_FORMAT_UNSUPPORTED' });
    expect(existsSync(out)).toBe(false);
  });
});
