/**
 * `npm run bench -- reports`: the annual trade report over a year of `--lines` permit lines (default
 * 200,000) seeded straight into a fresh database with bulk inserts of documents of the real shape (issued
 * permits with their signed XML and usage confirmations, received permits, clearances). Then the report
 * is written as `--format` (csv, default; or xlsx) exactly as `epix report annual` does, while memory is
 * sampled: it must finish in under 30 s and stay flat (peak RSS and heap barely above the baseline).
 * The database is MONGODB_URI (source .run/services.env) or what scripts/services.sh provides.
 */
import { createWriteStream, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { systemClock } from '../src/domain/ports';
import type { Permit } from '../src/domain/permit/permit';
import { reportFormatOf } from '../src/domain/reports/report-format';
import type { ReportWriter } from '../src/domain/reports/report-writer';
import { toPermitXml } from '../src/domain/xml/permit-xml';
import { buildAnnualReport } from '../src/flows/reports/build-annual-report';
import { connectMongo } from '../src/storage/mongo-connection';
import {
  MongoIssuedPermitRepository,
  MongoReceivedPermitRepository,
} from '../src/storage/mongo-permit-repository';
import { MongoReportSource, REPORT_COLLECTIONS } from '../src/storage/mongo-report-source';
import { MongoVerificationRepository } from '../src/storage/mongo-verification-repository';
import { createReportWriter } from '../src/transport/report-writers/create-report-writer';
import { numberFlag, parseArgs } from '../scripts/lib/args';
import { isoDay, samplePermit } from '../scripts/lib/sample-permits';
import { ensureServices } from '../scripts/lib/services';
import { fmtInt, table } from '../scripts/lib/table';
import { machineInfo, writeResult } from './lib/results';

const say = (line: string) => process.stdout.write(`${line}\n`);
const MB = 2 ** 20;
const BATCH = 1000;

interface Seeded {
  issued: number;
  received: number;
  clearances: number;
  lines: number;
  seconds: number;
}

/** Seeds `lines` permit lines: 80 % exports (60 % of them cleared by the partner), 20 % imports. */
async function seed(connection: Connection, lines: number): Promise<Seeded> {
  const started = Date.now();
  await Promise.all([
    new MongoIssuedPermitRepository(connection).init(),
    new MongoReceivedPermitRepository(connection).init(),
    new MongoVerificationRepository(connection).init(),
  ]);
  const today = new Date();
  const template = samplePermit({
    issueDate: isoDay(today),
    validFrom: isoDay(today),
    validUntil: isoDay(today, 180),
  });
  const signedXml = toPermitXml(template); // the real size of a stored signed permit (~5 KB)
  const exports = Math.round((lines * 0.8) / template.lines.length);
  const imports = Math.round((lines * 0.2) / template.lines.length);
  const db = connection.db!;
  let clearances = 0;
  for (let from = 0; from < exports; from += BATCH) {
    const docs = range(from, Math.min(exports, from + BATCH)).map((i) =>
      issuedDoc(template, signedXml, i, today),
    );
    await db.collection(REPORT_COLLECTIONS.issued).insertMany(docs as never[], { ordered: false });
  }
  for (let from = 0; from < imports; from += BATCH) {
    const batch = range(from, Math.min(imports, from + BATCH));
    await db
      .collection(REPORT_COLLECTIONS.received)
      .insertMany(batch.map((i) => receivedDoc(template, signedXml, i, today)) as never[], {
        ordered: false,
      });
    const cleared = batch.filter((i) => i % 4 !== 0).map((i) => clearanceDoc(i, today));
    clearances += cleared.length;
    await db.collection(REPORT_COLLECTIONS.clearances).insertMany(cleared as never[], { ordered: false });
  }
  return { issued: exports, received: imports, clearances, lines, seconds: (Date.now() - started) / 1000 };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const year = (today: Date) => today.getUTCFullYear();

function issuedDoc(template: Permit, signedXml: string, i: number, today: Date) {
  const permitNumber = `KE-B-${String(i).padStart(7, '0')}`;
  const permit = { ...template, permitNumber };
  const used = i % 5 < 3;
  return {
    _id: `KE/${year(today)}/${permitNumber}`,
    permit,
    signedXml,
    digest: 'bench',
    destination: 'CH',
    status: i % 20 === 19 ? 'CANCELLED' : used ? 'USED' : 'ISSUED',
    messageId: `bench-${i}`,
    createdAt: today,
    updatedAt: today,
    createdBy: 'bench',
    ...(used && {
      usage: {
        declarationNumber: `CH-B-${i}`,
        clearedAt: today,
        lines: [
          { lineId: 'A', quantity: 100 + (i % 50), unit: 'PCS' },
          { lineId: 'B', quantity: 200.25, unit: 'KIL' },
        ],
        confirmedBy: 'bench',
      },
    }),
  };
}

function receivedDoc(template: Permit, signedXml: string, i: number, today: Date) {
  const permitNumber = `TZ-B-${String(i).padStart(7, '0')}`;
  return {
    _id: `TZ/${year(today)}/${permitNumber}`,
    issuingCountry: 'TZ',
    permit: {
      ...template,
      issuingCountry: 'TZ',
      permitNumber,
      importer: { ...template.importer, address: { ...template.importer.address, country: 'KE' } },
    },
    signedXml,
    digest: 'bench',
    signer: { thumbprint: 'bench', subject: 'CN=TZ' },
    status: 'VALID',
    messageId: `bench-in-${i}`,
    receivedAt: today,
    updatedAt: today,
  };
}

function clearanceDoc(i: number, today: Date) {
  return {
    _id: `TZ/${year(today)}/TZ-B-${String(i).padStart(7, '0')}`,
    declarationNumber: `KE-B-${i}`,
    verificationId: `bench-${i}`,
    usage: {
      declarationNumber: `KE-B-${i}`,
      clearedAt: today,
      lines: [{ lineId: 'A', quantity: 140, unit: 'PCS' }],
      confirmedBy: 'bench',
    },
  };
}

/** Peak RSS and heap, sampled every 50 ms, plus the heap at each quarter of the rows written. */
class MemorySampler {
  peakRss = 0;
  peakHeap = 0;
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.timer = setInterval(() => this.sample(), 50);
  }
  sample(): NodeJS.MemoryUsage {
    const usage = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, usage.rss);
    this.peakHeap = Math.max(this.peakHeap, usage.heapUsed);
    return usage;
  }
  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

/** Counts rows as they pass and notes the heap every `every` rows. */
function counting(
  writer: ReportWriter,
  sampler: MemorySampler,
  every: number,
  heapAt: Array<[number, number]>,
): ReportWriter & { rows: number } {
  const counter = {
    rows: 0,
    startTable: (t: Parameters<ReportWriter['startTable']>[0]) => writer.startTable(t),
    writeRow: (cells: Parameters<ReportWriter['writeRow']>[0]) => {
      if (++counter.rows % every === 0) heapAt.push([counter.rows, sampler.sample().heapUsed]);
      return writer.writeRow(cells);
    },
    endTable: () => writer.endTable(),
    finish: (c: Parameters<ReportWriter['finish']>[0]) => writer.finish(c),
  };
  return counter;
}

async function databaseUri(): Promise<{ uri: string; server: string }> {
  const base = process.env.MONGODB_URI ?? (await ensureServices()).mongodbUri;
  const url = new URL(base);
  url.pathname = `/bench_reports_${Date.now().toString(36)}`;
  return { uri: url.toString(), server: process.env.EPIX_MONGO_SERVER ?? 'unknown' };
}

export async function runReportsBench(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const lines = numberFlag(args, 'lines', 200_000);
  const format = reportFormatOf(args.flags.get('format') ?? 'csv');
  const { uri, server } = await databaseUri();
  const connection = await connectMongo(uri);
  const out = path.join(tmpdir(), `epix-bench-annual-${process.pid}.${format}`);
  try {
    say(`seeding ${fmtInt(lines)} permit lines into ${new URL(uri).pathname.slice(1)} (${server}) ...`);
    const seeded = await seed(connection, lines);
    say(`seeded in ${seeded.seconds.toFixed(1)} s; writing the ${format} report ...`);
    global.gc?.();
    const sampler = new MemorySampler();
    const baseline = sampler.sample();
    const heapAt: Array<[number, number]> = [];
    const started = process.hrtime.bigint();
    const writer = counting(createReportWriter(format, createWriteStream(out)), sampler, 25_000, heapAt);
    const closing = await buildAnnualReport(
      { source: new MongoReportSource(connection), clock: systemClock },
      new Date().getUTCFullYear(),
      writer,
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    sampler.stop();
    const figures = {
      permitLines: lines,
      seeded,
      format,
      rows: writer.rows,
      seconds,
      rowsPerSecond: writer.rows / seconds,
      fileBytes: statSync(out).size,
      memory: {
        baselineRssMb: baseline.rss / MB,
        baselineHeapMb: baseline.heapUsed / MB,
        peakRssMb: sampler.peakRss / MB,
        peakHeapMb: sampler.peakHeap / MB,
        heapMbAtRows: heapAt.map(([rows, heap]) => [rows, Math.round((heap / MB) * 10) / 10]),
      },
      summary: closing.summary,
      warnings: closing.warnings.total,
      targetSeconds: 30,
      met: seconds < 30,
    };
    say(
      table([
        [
          'permit lines',
          'rows',
          'seconds',
          'rows/s',
          'file MB',
          'RSS MB base→peak',
          'heap MB base→peak',
          'target',
        ],
        [
          fmtInt(lines),
          fmtInt(writer.rows),
          seconds.toFixed(1),
          fmtInt(figures.rowsPerSecond),
          (figures.fileBytes / MB).toFixed(1),
          `${figures.memory.baselineRssMb.toFixed(0)}→${figures.memory.peakRssMb.toFixed(0)}`,
          `${figures.memory.baselineHeapMb.toFixed(0)}→${figures.memory.peakHeapMb.toFixed(0)}`,
          `< 30 s: ${figures.met ? 'met' : 'NOT met'}`,
        ],
      ]),
    );
    say(
      `heap (MB) as rows are written: ${figures.memory.heapMbAtRows.map(([r, h]) => `${fmtInt(r)}: ${h}`).join(', ')}`,
    );
    say(`summary: ${JSON.stringify(closing.summary)}`);
    say(`results: ${writeResult('reports', { machine: machineInfo(server), ...figures })}`);
  } finally {
    await rm(out, { force: true });
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}
