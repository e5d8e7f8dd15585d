/**
 * Issue 17 end to end: a year of exchange between KE and CH through the real gateways (mutual TLS,
 * RabbitMQ, MongoDB-compatible server), then each country's annual report checked row by row against what
 * was exchanged. Through public interfaces only: KE's issuer API sends and cancels permits, CH's customs
 * API clears some of them with smaller quantities (the usage confirmations travel back to KE), and the
 * reports come from each gateway's report API and from `epix report`.
 *
 * The year: permits issued today, plus some issued on 1 January valid one day (expired unused by now).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Permit, PermitLine } from '../../src/domain/permit/permit';
import { matchingDeclaration, permitKeyOf } from '../../scripts/lib/sample-permits';
import { samplePermit } from '../support/permits';
import { eventually, startTwoCountries, type TestCountry, type TwoCountries } from '../support/two-countries';

const YEAR = new Date().getUTCFullYear();
const TODAY = new Date().toISOString().slice(0, 10);
const IN_180_DAYS = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
const POLL = { intervalMs: 250, timeoutMs: 60_000 };
const COUNTS = { valid: 150, expired: 20, cancelled: 20 };
const CLEARED = 90; // of the valid ones, presented at CH's border

let world: TwoCountries;
let ke: TestCountry;
let ch: TestCountry;

const skins = (quantity: number, withOrigin: boolean): PermitLine => ({
  id: 'A',
  scientificName: 'Python sebae',
  termCode: 'SKI',
  appendix: 'II',
  source: 'W',
  quantity,
  unit: 'PCS',
  ...(withOrigin ? { origin: { country: 'KE' as const } } : {}),
});
const extract = (quantity: number): PermitLine => ({
  id: 'B',
  scientificName: 'Aloe secundiflora',
  termCode: 'EXT',
  appendix: 'II',
  source: 'W',
  quantity,
  unit: 'KIL',
});
const live = (quantity: number): PermitLine => ({
  id: 'A',
  scientificName: 'Kinixys belliana',
  termCode: 'LIV',
  appendix: 'II',
  source: 'C',
  quantity,
});

/** Permit i of the year: kinds, quantities and purposes vary so rows differ from one another. */
function permitOf(i: number, kind: 'valid' | 'expired' | 'cancelled'): Permit {
  const lines = i % 3 === 0 ? [live(5 + (i % 7))] : [skins(100 + i, i % 10 === 1), extract(10 + i / 4)];
  return samplePermit({
    permitNumber: `KE-${YEAR}-R${String(i).padStart(4, '0')}`,
    issueDate: kind === 'expired' ? `${YEAR}-01-01` : TODAY,
    validFrom: kind === 'expired' ? `${YEAR}-01-01` : TODAY,
    validUntil: kind === 'expired' ? `${YEAR}-01-02` : IN_180_DAYS,
    purpose: i % 4 === 0 ? 'S' : 'T',
    lines,
  });
}

/** What customs declares for permit i: less than permitted on block A; block B left out of every 5th. */
function declaredOf(permit: Permit, i: number): Record<string, number> {
  const declared: Record<string, number> = {};
  for (const line of permit.lines) {
    if (line.id === 'B' && i % 5 === 0) continue;
    declared[line.id] = line.id === 'A' ? line.quantity - 1 - (i % 3) : line.quantity;
  }
  return declared;
}

const bearer = (token: string) => `Bearer ${token}`;

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function countAt(side: TestCountry, url: string, token: string): Promise<number> {
  const res = await side.api().get(url).set('Authorization', bearer(token));
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text}`);
  return (res.body as { items: unknown[] }).items.length;
}

async function waitForCount(side: TestCountry, url: string, token: string, expected: number, what: string) {
  await eventually(async () => ((await countAt(side, url, token)) >= expected ? true : undefined), {
    ...POLL,
    what,
    describe: () => countAt(side, url, token),
  });
}

interface Sent {
  permit: Permit;
  key: string;
  kind: 'valid' | 'expired' | 'cancelled';
  declared?: Record<string, number>;
}
const sent: Sent[] = [];

beforeAll(async () => {
  world = await startTwoCountries();
  ({ ke, ch } = world);
  let i = 0;
  for (const [kind, count] of Object.entries(COUNTS) as Array<[Sent['kind'], number]>) {
    for (let n = 0; n < count; n++, i++) sent.push({ permit: permitOf(i, kind), key: '', kind });
  }
  for (const s of sent) s.key = permitKeyOf(s.permit);

  await pool(sent, 16, async (s) => {
    const res = await ke
      .api()
      .post('/api/v1/permits')
      .set('Authorization', bearer(ke.tokens.issuer))
      .send(s.permit);
    if (res.status !== 202) throw new Error(`sending ${s.key}: ${res.status} ${res.text}`);
  });
  await waitForCount(
    ch,
    '/api/v1/received-permits?limit=500',
    ch.tokens.customs,
    sent.length,
    'all received at CH',
  );

  const cancelled = sent.filter((s) => s.kind === 'cancelled');
  await pool(cancelled, 8, async (s) => {
    const res = await ke
      .api()
      .post(`/api/v1/permits/${encodeURIComponent(s.key)}/cancel`)
      .set('Authorization', bearer(ke.tokens.issuer))
      .send({ reason: 'issued in error' });
    if (res.status !== 202) throw new Error(`cancelling ${s.key}: ${res.status} ${res.text}`);
  });

  const presented = sent.filter((s) => s.kind === 'valid').slice(0, CLEARED);
  await pool(presented, 8, async (s) => {
    const i = sent.indexOf(s);
    const declared = declaredOf(s.permit, i);
    const declaration = matchingDeclaration(s.permit, `CH-DECL-R${i}`);
    declaration.lines = declaration.lines
      .filter((l) => declared[l.block] !== undefined)
      .map((l) => ({ ...l, quantity: declared[l.block]! }));
    const res = await ch
      .api()
      .post('/api/v1/verifications')
      .set('Authorization', bearer(ch.tokens.customs))
      .send({
        permit: { issuingCountry: 'KE', permitNumber: s.permit.permitNumber, issueYear: YEAR },
        declaration,
      });
    if ((res.body as { verdict?: string }).verdict !== 'ACCEPTED') {
      throw new Error(`verifying ${s.key}: ${res.status} ${res.text}`);
    }
    s.declared = declared;
  });
  // A forged permit, rejected: it shows in CH's rejection statistics.
  await ch
    .api()
    .post('/api/v1/verifications')
    .set('Authorization', bearer(ch.tokens.customs))
    .send({
      permit: { issuingCountry: 'KE', permitNumber: 'KE-FORGED-1', issueYear: YEAR },
      declaration: matchingDeclaration(samplePermit(), 'CH-DECL-FORGED'),
    });

  await waitForCount(ke, '/api/v1/permits?status=USED&limit=500', ke.tokens.issuer, CLEARED, 'usage at KE');
  await waitForCount(
    ke,
    '/api/v1/permits?status=CANCELLED&limit=500',
    ke.tokens.issuer,
    cancelled.length,
    'KE cancelled',
  );
  await waitForCount(
    ch,
    '/api/v1/received-permits?status=CANCELLED&limit=500',
    ch.tokens.customs,
    cancelled.length,
    'CH cancelled',
  );
}, 180_000);

afterAll(async () => {
  await world?.close();
});

type Row = Record<string, string | number>;
interface AnnualJson {
  tables: { exports: Row[]; imports: Row[] };
  summary: Record<string, Record<string, number>>;
  warnings: {
    total: number;
    listed: Array<{ table: string; row: number; permitKey: string; block: string; rule: string }>;
  };
}

async function annualReport(side: TestCountry, format = 'json') {
  return side
    .api()
    .get(`/api/v1/reports/annual?year=${YEAR}&format=${format}`)
    .set('Authorization', bearer(side.tokens.auditor))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** A row as [permit key, block, appendix, taxon, term, quantity, unit, partner, purpose, source, basis]. */
const shapeOf = (r: Row) => [
  r.permitKey,
  r.block,
  r.appendix,
  r.taxon,
  r.term,
  r.quantity,
  r.unit,
  r.partner,
  r.purpose,
  r.source,
  r.quantityBasis,
];
const byKeyAndBlock = (a: unknown[], b: unknown[]) =>
  `${String(a[0])}${String(a[1])}`.localeCompare(`${String(b[0])}${String(b[1])}`);

/** Expected rows of one permit as exchanged: cleared quantities where customs cleared, else permitted. */
function expectedRows(s: Sent, partner: string): unknown[][] {
  return s.permit.lines
    .filter((line) => !s.declared || s.declared[line.id] !== undefined)
    .map((line) => [
      s.key,
      line.id,
      line.appendix,
      line.scientificName,
      line.termCode,
      s.declared ? s.declared[line.id] : line.quantity,
      line.unit ?? '',
      partner,
      s.permit.purpose,
      line.source,
      s.declared ? 'CLEARED' : 'PERMITTED',
    ]);
}

test('when KE reports its year, then every export row is what was sent, with CH’s cleared quantities, and the excluded permits are counted', async () => {
  const res = await annualReport(ke);
  expect(res.status).toBe(200);
  const report = JSON.parse((res.body as Buffer).toString()) as AnnualJson;
  const expected = sent.filter((s) => s.kind === 'valid').flatMap((s) => expectedRows(s, 'CH'));
  expect(report.tables.exports.map(shapeOf).sort(byKeyAndBlock)).toEqual(expected.sort(byKeyAndBlock));
  expect(report.tables.imports).toEqual([]);
  const untraded = sent.filter(
    (s) => s.declared && Object.keys(s.declared).length < s.permit.lines.length,
  ).length;
  expect(report.summary.exports).toMatchObject({
    reportedPermits: COUNTS.valid,
    clearedRows: sent.filter((s) => s.declared).reduce((n, s) => n + Object.keys(s.declared!).length, 0),
    CANCELLED: COUNTS.cancelled,
    UNUSED: COUNTS.expired,
    untradedLines: untraded,
  });
  // Every 10th permit names KE as origin of KE's own export: warned, still reported.
  const warnedKeys = new Set(report.warnings.listed.map((w) => `${w.permitKey}#${w.rule}`));
  for (const s of sent.filter((x) => x.kind === 'valid' && x.permit.lines.some((l) => l.origin))) {
    const reportedA = !s.declared || s.declared.A !== undefined;
    if (reportedA) expect(warnedKeys).toContain(`${s.key}#EXPORTER_IS_ORIGIN`);
  }
  expect(report.warnings.listed.every((w) => w.rule === 'EXPORTER_IS_ORIGIN')).toBe(true);
});

test('when CH reports its year, then every import row is a clearance at its border with the declared quantities', async () => {
  const res = await annualReport(ch);
  const report = JSON.parse((res.body as Buffer).toString()) as AnnualJson;
  const expected = sent.filter((s) => s.declared).flatMap((s) => expectedRows(s, 'KE'));
  expect(report.tables.imports.map(shapeOf).sort(byKeyAndBlock)).toEqual(expected.sort(byKeyAndBlock));
  expect(report.tables.imports.every((r) => String(r.tradeDate) >= TODAY)).toBe(true);
  expect(report.tables.exports).toEqual([]);
  expect(report.summary.imports).toMatchObject({
    reportedPermits: CLEARED,
    CANCELLED: COUNTS.cancelled,
    UNUSED: COUNTS.expired,
    NOT_YET_USED: COUNTS.valid - CLEARED,
  });
});

test('when CH asks for its statistics, then clearances and the rejected forgery are counted', async () => {
  const res = await ch
    .api()
    .get(`/api/v1/reports/statistics?year=${YEAR}`)
    .set('Authorization', bearer(ch.tokens.auditor));
  const stats = res.body as { verdicts: Record<string, number>; tables: Record<string, Row[]> };
  expect(stats.verdicts).toEqual({ ACCEPTED: CLEARED, REJECTED: 1 });
  expect(stats.tables.rejections).toEqual([{ reason: 'NOT_RECEIVED', count: 1 }]);
  expect(stats.tables.clearances).toEqual([
    { month: TODAY.slice(0, 7), importsCleared: CLEARED, exportsConfirmed: 0 },
  ]);
  const liveImports = stats.tables.species!.find((r) => r.species === 'Kinixys belliana')!;
  const cleared = sent.filter((s) => s.declared && s.permit.lines[0]!.termCode === 'LIV');
  expect(liveImports).toMatchObject({
    direction: 'IMPORT',
    unit: '',
    permits: cleared.length,
    quantity: cleared.reduce((n, s) => n + s.declared!.A!, 0),
  });
});

test('when KE writes the report with epix report, then the CSV file is the one the API serves', async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'epix-annual-')), `annual-${YEAR}.csv`);
  const run = promisify(execFile);
  await run(
    process.execPath,
    [path.resolve('bin/epix.js'), 'report', 'annual', '--year', String(YEAR), '--out', out],
    {
      env: { ...process.env, MONGODB_URI: ke.gateway.config.mongodbUri },
    },
  );
  const api = await annualReport(ke, 'csv');
  const file = readFileSync(out);
  expect(file.equals(api.body as Buffer)).toBe(true);
  const lines = file.toString('utf8').trimEnd().split('\r\n');
  expect(lines).toHaveLength(
    1 + sent.filter((s) => s.kind === 'valid').reduce((n, s) => n + expectedRows(s, 'CH').length, 0),
  );
});
