/**
 * `npm run bench -- reports`: the annual trade report over a year of `--lines` permit lines (default
 * 200,000), and the same at `--compare` lines (default 50,000) to show that memory does not grow with the
 * year. Each size gets a fresh database; its trade ledger (what reports read: mongo-trade-ledger.ts) is
 * seeded with bulk inserts through the ledger adapter itself, from the same fact builders the exchange
 * flows use: 80 % of the lines exported (60 % of those permits confirmed used by the importing country,
 * 5 % cancelled), 20 % imported (75 % of those cleared at our border). Then the report is written in each
 * `--formats` (default csv,xlsx) exactly as `epix report annual` does, each in a process of its own
 * (bench/report-child.ts), so its memory figures are the report's alone.
 *
 * Printed and written to bench/results/reports-*.json: seconds and lines/s per report, the target ratio
 * (seconds / 30 s), peak RSS and heap, and the live heap after a full collection every 25,000 rows (at
 * 50,000 and at 200,000 lines: flat means the same), the CPU the report used in its process and in the
 * database server (FerretDB, when scripts/services.sh started it), and the machine's load average (other
 * work on a shared machine slows both).
 *
 *   --backfill   seed the stored permits instead (issued/received permits with their ~5 KB signed XML,
 *                clearances, as the exchange stores them) and time the backfill that fills the ledger
 *                from them, as a gateway does once after the upgrade
 *   --profile    after the timed runs, one more CSV run counting the database commands, documents and
 *                bytes the report reads (the counting slows it; its time is not the figure)
 *
 * The database is MONGODB_URI (source .run/services.env) or what scripts/services.sh provides.
 */
import { fork } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { BSON } from 'mongodb';
import mongoose, { type Connection } from 'mongoose';
import { systemClock } from '../src/domain/ports';
import type { Permit } from '../src/domain/permit/permit';
import { reportFormatOf } from '../src/domain/reports/report-format';
import type { ReportFormat } from '../src/domain/reports/report-writer';
import { clearedFact, exportedFact, importedFact, type LedgerFact } from '../src/domain/reports/trade-ledger';
import { toPermitXml } from '../src/domain/xml/permit-xml';
import { buildAnnualReport } from '../src/flows/reports/build-annual-report';
import { ensureTradeLedger } from '../src/flows/reports/backfill-trade-ledger';
import { connectMongo } from '../src/storage/mongo-connection';
import { MongoReportSource } from '../src/storage/mongo-report-source';
import { MongoStoredTradeRecords, STORED_TRADE_COLLECTIONS } from '../src/storage/mongo-stored-trade-records';
import { MongoTradeLedger } from '../src/storage/mongo-trade-ledger';
import { createReportWriter } from '../src/transport/report-writers/create-report-writer';
import { numberFlag, parseArgs } from '../scripts/lib/args';
import { REPO_ROOT } from '../scripts/lib/paths';
import { isoDay, samplePermit } from '../scripts/lib/sample-permits';
import { ensureServices } from '../scripts/lib/services';
import { fmtInt, table } from '../scripts/lib/table';
import { machineInfo, writeResult } from './lib/results';
import { counting, TARGET_SECONDS, type ReportChildInput, type ReportRun } from './report-child';

const say = (line: string) => process.stdout.write(`${line}\n`);
const MB = 2 ** 20;
const BATCH = 2000;

/** How a year of `lines` permit lines splits into permits and what happened to them. */
function yearOf(lines: number, linesPerPermit: number) {
  const exports = Math.round((lines * 0.8) / linesPerPermit);
  const imports = Math.round((lines * 0.2) / linesPerPermit);
  return {
    exports,
    imports,
    used: (i: number) => i % 5 < 3,
    cancelled: (i: number) => i % 20 === 19,
    cleared: (i: number) => i % 4 !== 0,
  };
}

interface Seeded {
  issued: number;
  received: number;
  clearances: number;
  facts: number;
  seconds: number;
  /** With --backfill: the stored permits' seeding, then the backfill's own time and counts. */
  backfill?: { seconds: number; factsPerSecond: number };
}

function template(today: Date): Permit {
  return samplePermit({
    issueDate: isoDay(today),
    validFrom: isoDay(today),
    validUntil: isoDay(today, 180),
  });
}

const exportNumber = (i: number) => `KE-B-${String(i).padStart(7, '0')}`;
const importNumber = (i: number) => `TZ-B-${String(i).padStart(7, '0')}`;

function importPermit(base: Permit, i: number): Permit {
  return {
    ...base,
    issuingCountry: 'TZ',
    permitNumber: importNumber(i),
    importer: { ...base.importer, address: { ...base.importer.address, country: 'KE' } },
  };
}

function usageFor(i: number, today: Date) {
  return {
    declarationNumber: `CH-B-${i}`,
    clearedAt: today,
    lines: [
      { lineId: 'A', quantity: 100 + (i % 50), unit: 'PCS' },
      { lineId: 'B', quantity: 200.25, unit: 'KIL' },
    ],
    confirmedBy: 'bench',
  };
}

function clearanceFor(i: number, today: Date) {
  return {
    permitKey: `TZ/${today.getUTCFullYear()}/${importNumber(i)}`,
    declarationNumber: `KE-B-${i}`,
    usage: {
      declarationNumber: `KE-B-${i}`,
      clearedAt: today,
      lines: [{ lineId: 'A', quantity: 140, unit: 'PCS' }],
      confirmedBy: 'bench',
    },
  };
}

/** The ledger's facts of a year of `lines` permit lines, recorded in batches through the adapter. */
export async function seedLedger(connection: Connection, lines: number): Promise<Seeded> {
  const started = Date.now();
  const today = new Date();
  const year = today.getUTCFullYear();
  const base = template(today);
  const plan = yearOf(lines, base.lines.length);
  const ledger = new MongoTradeLedger(connection);
  let facts = 0;
  let batch: LedgerFact[] = [];
  const add = async (...more: LedgerFact[]) => {
    batch.push(...more);
    if (batch.length < BATCH) return;
    await ledger.record(batch);
    facts += batch.length;
    batch = [];
  };
  let clearances = 0;
  for (let i = 0; i < plan.exports; i++) {
    const permitKey = `KE/${year}/${exportNumber(i)}`;
    await add(
      exportedFact({ permitKey, permit: { ...base, permitNumber: exportNumber(i) }, destination: 'CH' }),
    );
    if (plan.cancelled(i)) {
      await add({ kind: 'cancelled', direction: 'EXPORT', permitKey, at: today });
    } else if (plan.used(i)) {
      await add({ kind: 'usage-confirmed', permitKey, usage: usageFor(i, today) });
    }
  }
  for (let i = 0; i < plan.imports; i++) {
    const permit = importPermit(base, i);
    await add(importedFact({ permitKey: `TZ/${year}/${permit.permitNumber}`, permit }));
    if (plan.cleared(i)) {
      clearances++;
      await add(clearedFact(clearanceFor(i, today)));
    }
  }
  await ledger.record(batch);
  facts += batch.length;
  return {
    issued: plan.exports,
    received: plan.imports,
    clearances,
    facts,
    seconds: (Date.now() - started) / 1000,
  };
}

/** What the stored-permit seeders share: the year's plan, the template permit and its signed size. */
interface StoredSeed {
  insert: (name: keyof typeof STORED_TRADE_COLLECTIONS, docs: object[]) => Promise<unknown> | undefined;
  plan: ReturnType<typeof yearOf>;
  base: Permit;
  signedXml: string;
  today: Date;
  year: number;
}

/** KE's issued permits as the exchange stores them, some cancelled or used. */
async function seedStoredIssued({ insert, plan, base, signedXml, today, year }: StoredSeed): Promise<void> {
  for (let from = 0; from < plan.exports; from += BATCH / 2) {
    const docs = [];
    for (let i = from; i < Math.min(plan.exports, from + BATCH / 2); i++) {
      const status = plan.cancelled(i) ? 'CANCELLED' : plan.used(i) ? 'USED' : 'ISSUED';
      docs.push({
        _id: `KE/${year}/${exportNumber(i)}`,
        ...{ permit: { ...base, permitNumber: exportNumber(i) }, signedXml, digest: 'bench' },
        ...{ destination: 'CH', status, messageId: `bench-${i}`, createdBy: 'bench' },
        ...{ createdAt: today, updatedAt: today },
        ...(status === 'USED' && { usage: usageFor(i, today) }),
      });
    }
    await insert('issued', docs);
  }
}

/** The permits received from TZ as stored, with the clearances of those cleared; returns how many were. */
async function seedStoredReceived({
  insert,
  plan,
  base,
  signedXml,
  today,
  year,
}: StoredSeed): Promise<number> {
  let clearances = 0;
  for (let from = 0; from < plan.imports; from += BATCH / 2) {
    const docs = [];
    const cleared = [];
    for (let i = from; i < Math.min(plan.imports, from + BATCH / 2); i++) {
      const permit = importPermit(base, i);
      docs.push({
        _id: `TZ/${year}/${permit.permitNumber}`,
        ...{ issuingCountry: 'TZ', permit, signedXml, digest: 'bench' },
        ...{ signer: { thumbprint: 'bench', subject: 'CN=TZ' }, status: 'VALID', messageId: `bench-in-${i}` },
        ...{ receivedAt: today, updatedAt: today },
      });
      if (plan.cleared(i)) {
        const { permitKey, ...rest } = clearanceFor(i, today);
        cleared.push({ _id: permitKey, verificationId: `bench-${i}`, ...rest });
      }
    }
    clearances += cleared.length;
    await insert('received', docs);
    await insert('clearances', cleared);
  }
  return clearances;
}

/** The stored permits as the exchange keeps them (raw bulk inserts), then the backfill that reads them. */
async function seedStoredThenBackfill(connection: Connection, lines: number): Promise<Seeded> {
  const started = Date.now();
  const today = new Date();
  const base = template(today);
  const db = connection.db!;
  const seed: StoredSeed = {
    insert: (name, docs) =>
      docs.length ? db.collection(STORED_TRADE_COLLECTIONS[name]).insertMany(docs) : undefined,
    plan: yearOf(lines, base.lines.length),
    base,
    signedXml: toPermitXml(base), // the real size of a stored signed permit (~5 KB)
    today,
    year: today.getUTCFullYear(),
  };
  await seedStoredIssued(seed);
  const clearances = await seedStoredReceived(seed);
  const storedSeconds = (Date.now() - started) / 1000;
  say(`  stored permits seeded in ${storedSeconds.toFixed(1)} s; backfilling the trade ledger ...`);
  const backfillStarted = Date.now();
  const counts = await ensureTradeLedger({
    stored: new MongoStoredTradeRecords(connection),
    ledger: new MongoTradeLedger(connection),
    clock: systemClock,
  });
  const seconds = (Date.now() - backfillStarted) / 1000;
  return {
    issued: counts?.issued ?? 0,
    received: counts?.received ?? 0,
    clearances,
    facts: counts?.facts ?? 0,
    seconds: storedSeconds,
    backfill: { seconds, factsPerSecond: (counts?.facts ?? 0) / seconds },
  };
}

/** The pid of the FerretDB scripts/services.sh started, if it is the server at `uri`. */
function databasePid(uri: string): number | undefined {
  try {
    const dir = process.env.EPIX_SERVICES_DIR ?? path.join(REPO_ROOT, '.run');
    const pid = Number(readFileSync(path.join(dir, 'ferretdb.pid'), 'utf8').trim());
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    return cmdline.includes(`127.0.0.1:${new URL(uri).port}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Runs one timed report in a fresh process (bench/report-child.ts) and returns its figures. */
function reportInChild(input: ReportChildInput): Promise<ReportRun> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'report-child.js'), [], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message: { run?: ReportRun; error?: string }) => {
      if (message.run) resolve(message.run);
      else reject(new Error(`report child failed: ${message.error}`));
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`report child exited with ${code}`));
    });
    child.send(input);
  });
}

interface CommandFigures {
  commands: number;
  documents: number;
  bytes: number;
  serverMs: number;
}

/** One CSV run on a connection that counts every command's documents and bytes, per command and collection. */
async function profiledReport(
  uri: string,
): Promise<{ rows: number; byCommand: Record<string, CommandFigures> }> {
  const connection = await mongoose
    .createConnection(uri, { monitorCommands: true, autoIndex: false })
    .asPromise();
  const byCommand: Record<string, CommandFigures> = {};
  connection.getClient().on('commandSucceeded', (event) => {
    const reply = event.reply as { cursor?: { ns?: string; firstBatch?: object[]; nextBatch?: object[] } };
    const docs = reply.cursor?.firstBatch ?? reply.cursor?.nextBatch ?? [];
    const name = `${event.commandName} ${reply.cursor?.ns?.split('.').slice(1).join('.') ?? ''}`.trim();
    const figures = (byCommand[name] ??= { commands: 0, documents: 0, bytes: 0, serverMs: 0 });
    figures.commands++;
    figures.serverMs += event.duration;
    figures.documents += docs.length;
    // The ledger reads raw BSON (Uint8Array per document); other reads come decoded.
    for (const doc of docs) {
      figures.bytes += doc instanceof Uint8Array ? doc.byteLength : BSON.calculateObjectSize(doc);
    }
  });
  const out = path.join(tmpdir(), `epix-bench-annual-profile-${process.pid}.csv`);
  try {
    const writer = counting(createReportWriter('csv', createWriteStream(out)));
    await buildAnnualReport(
      {
        source: new MongoReportSource(connection, { ledger: new MongoTradeLedger(connection) }),
        clock: systemClock,
      },
      new Date().getUTCFullYear(),
      writer,
    );
    return { rows: writer.rows, byCommand };
  } finally {
    await rm(out, { force: true });
    await connection.close();
  }
}

async function databaseUri(lines: number): Promise<{ uri: string; server: string }> {
  const base = process.env.MONGODB_URI ?? (await ensureServices()).mongodbUri;
  const url = new URL(base);
  url.pathname = `/bench_reports_${lines}_${Date.now().toString(36)}`;
  return { uri: url.toString(), server: process.env.EPIX_MONGO_SERVER ?? 'unknown' };
}

interface ReportsOptions {
  lines: number;
  formats: ReportFormat[];
  backfill: boolean;
  profile: boolean;
}

type Profiled = Awaited<ReturnType<typeof profiledReport>>;

/** One size: a fresh database seeded (or back-filled) with `size` permit lines, then each format written. */
async function runAtSize(
  size: number,
  options: ReportsOptions,
): Promise<{
  seed: Seeded & { permitLines: number };
  runs: ReportRun[];
  server: string;
  profiled?: Profiled;
}> {
  const db = await databaseUri(size);
  const connection = await connectMongo(db.uri);
  try {
    say(`seeding ${fmtInt(size)} permit lines into ${new URL(db.uri).pathname.slice(1)} (${db.server}) ...`);
    const seeded = options.backfill
      ? await seedStoredThenBackfill(connection, size)
      : await seedLedger(connection, size);
    say(
      seeded.backfill
        ? `  backfill: ${fmtInt(seeded.facts)} ledger facts from ${fmtInt(seeded.issued)} issued and ` +
            `${fmtInt(seeded.received)} received permits in ${seeded.backfill.seconds.toFixed(1)} s ` +
            `(${fmtInt(seeded.backfill.factsPerSecond)} facts/s)`
        : `  ${fmtInt(seeded.facts)} ledger facts (${fmtInt(seeded.issued)} permits issued, ` +
            `${fmtInt(seeded.received)} received) in ${seeded.seconds.toFixed(1)} s`,
    );
    const runs: ReportRun[] = [];
    for (const format of options.formats) {
      say(`  writing the ${format} report ...`);
      runs.push(
        await reportInChild({ uri: db.uri, permitLines: size, format, databasePid: databasePid(db.uri) }),
      );
    }
    const profiled = options.profile && size === options.lines ? await profiledReport(db.uri) : undefined;
    return { seed: { permitLines: size, ...seeded }, runs, server: db.server, ...(profiled && { profiled }) };
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

/** The table of every report written, then the live heap of the largest size's runs as rows were written. */
function printRuns(runs: ReportRun[], lines: number): void {
  say('');
  say(
    table([
      [
        'permit lines',
        'format',
        'rows',
        'seconds',
        'lines/s',
        'vs 30 s',
        'CPU s report / db',
        'RSS MB base→peak',
        'heap MB base→peak',
        'live heap MB max',
        'load',
      ],
      ...runs.map((r) => [
        fmtInt(r.permitLines),
        r.format,
        fmtInt(r.rows),
        r.seconds.toFixed(1),
        fmtInt(r.linesPerSecond),
        `${r.targetRatio.toFixed(2)} ${r.met ? 'met' : 'NOT met'}`,
        `${r.cpuSeconds.report.toFixed(1)} / ${r.cpuSeconds.database?.toFixed(1) ?? '-'}`,
        `${r.memory.baselineRssMb.toFixed(0)}→${r.memory.peakRssMb.toFixed(0)}`,
        `${r.memory.baselineHeapMb.toFixed(0)}→${r.memory.peakHeapMb.toFixed(0)}`,
        `${Math.max(...r.memory.liveHeapMbAtRows.map(([, h]) => h), r.memory.baselineHeapMb).toFixed(0)}`,
        r.loadAverage.before.toFixed(1),
      ]),
    ]),
  );
  for (const r of runs.filter((run) => run.permitLines === lines)) {
    say(
      `live heap (MB, after a full GC) as ${r.format} rows are written: ${r.memory.baselineHeapMb} at start, ` +
        r.memory.liveHeapMbAtRows.map(([n, h]) => `${fmtInt(n)}: ${h}`).join(', '),
    );
  }
}

/** The profiled run's database commands by kind, with their total. */
function printProfile(profiled: Profiled): void {
  const total = Object.values(profiled.byCommand).reduce(
    (t, f) => ({
      commands: t.commands + f.commands,
      documents: t.documents + f.documents,
      bytes: t.bytes + f.bytes,
      serverMs: t.serverMs + f.serverMs,
    }),
    { commands: 0, documents: 0, bytes: 0, serverMs: 0 },
  );
  say(`profile (one more CSV run, counting): ${fmtInt(profiled.rows)} rows`);
  say(
    table([
      ['command', 'commands', 'documents', 'MB', 'bytes/row', 'server ms'],
      ...Object.entries({ ...profiled.byCommand, total }).map(([name, f]) => [
        name,
        fmtInt(f.commands),
        fmtInt(f.documents),
        (f.bytes / MB).toFixed(1),
        fmtInt(f.bytes / profiled.rows),
        fmtInt(f.serverMs),
      ]),
    ]),
  );
}

export async function runReportsBench(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, ['backfill', 'profile']);
  const options: ReportsOptions = {
    lines: numberFlag(args, 'lines', 200_000),
    formats: (args.flags.get('formats') ?? 'csv,xlsx').split(',').map((f) => reportFormatOf(f.trim())),
    backfill: args.flags.get('backfill') === 'true',
    profile: args.flags.get('profile') === 'true',
  };
  const { lines } = options;
  const compare = numberFlag(args, 'compare', 50_000);
  const sizes = compare < lines ? [compare, lines] : [lines];
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  say(
    `load average ${load} on ${os.cpus().length} cores; ` +
      `sizes ${sizes.map(fmtInt).join(' and ')} permit lines; formats ${options.formats.join(', ')}`,
  );
  const atSizes = [];
  for (const size of sizes) atSizes.push(await runAtSize(size, options));
  const runs = atSizes.flatMap((a) => a.runs);
  const profiled = atSizes.find((a) => a.profiled)?.profiled;
  printRuns(runs, lines);
  if (profiled) printProfile(profiled);
  say(`summary: ${JSON.stringify(runs[runs.length - 1]?.summary)}`);
  const result = {
    machine: machineInfo(atSizes.at(-1)?.server ?? 'unknown'),
    targetSeconds: TARGET_SECONDS,
    permitLines: lines,
    compareLines: sizes.length > 1 ? compare : undefined,
    seeds: atSizes.map((a) => a.seed),
    runs,
    met: runs.filter((r) => r.permitLines === lines).every((r) => r.met),
    ...(profiled && { profile: profiled }),
  };
  say(`results: ${writeResult('reports', result)}`);
}
