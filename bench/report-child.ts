/**
 * One timed annual report for `npm run bench -- reports`, in a process of its own (forked with
 * --expose-gc), so its memory figures are the report's alone and not the seeding's: peak RSS and heap
 * sampled every 50 ms, and the live heap (after a full collection) every 25,000 rows, which is what stays
 * flat when the report streams. Sends its ReportRun to the parent and exits.
 */
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/domain/ports';
import type { ReportClosing, ReportFormat, ReportWriter } from '../src/domain/reports/report-writer';
import { buildAnnualReport } from '../src/flows/reports/build-annual-report';
import { connectMongo } from '../src/storage/mongo-connection';
import { MongoReportSource } from '../src/storage/mongo-report-source';
import { MongoTradeLedger } from '../src/storage/mongo-trade-ledger';
import { createReportWriter } from '../src/transport/report-writers/create-report-writer';

const MB = 2 ** 20;
export const TARGET_SECONDS = 30;

export interface ReportRun {
  permitLines: number;
  format: ReportFormat;
  rows: number;
  seconds: number;
  linesPerSecond: number;
  rowsPerSecond: number;
  /** seconds / 30 s: below 1 meets the target. */
  targetRatio: number;
  met: boolean;
  fileBytes: number;
  /** CPU the report used: this process, and the database server when known. */
  cpuSeconds: { report: number; database?: number };
  memory: {
    baselineRssMb: number;
    peakRssMb: number;
    baselineHeapMb: number;
    peakHeapMb: number;
    /** [rows written, heap MB after a full collection]. */
    liveHeapMbAtRows: Array<[number, number]>;
  };
  loadAverage: { before: number; after: number };
  summary: ReportClosing['summary'];
  warnings: number;
}

export interface ReportChildInput {
  uri: string;
  permitLines: number;
  format: ReportFormat;
  /** The database server's pid, to read its CPU time (FerretDB started by scripts/services.sh). */
  databasePid?: number;
}

/** Peak RSS and heap, sampled every 50 ms. */
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

/** The live heap in MB: after a full collection when the process runs with --expose-gc. */
function liveHeapMb(): number {
  global.gc?.();
  return Math.round((process.memoryUsage().heapUsed / MB) * 10) / 10;
}

/** Counts rows as they pass (and notes the live heap every `every` rows). */
export function counting(
  writer: ReportWriter,
  every = Infinity,
  heapAt: Array<[number, number]> = [],
): ReportWriter & { rows: number } {
  const counter = {
    rows: 0,
    startTable: (t: Parameters<ReportWriter['startTable']>[0]) => writer.startTable(t),
    writeRow: (cells: Parameters<ReportWriter['writeRow']>[0]) => {
      if (++counter.rows % every === 0) heapAt.push([counter.rows, liveHeapMb()]);
      return writer.writeRow(cells);
    },
    endTable: () => writer.endTable(),
    finish: (c: Parameters<ReportWriter['finish']>[0]) => writer.finish(c),
  };
  return counter;
}

/** CPU seconds (user + system) a process has used, from /proc; undefined when unreadable. */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

export async function timedReport(input: ReportChildInput): Promise<ReportRun> {
  const { permitLines, format } = input;
  const connection = await connectMongo(input.uri);
  const out = path.join(tmpdir(), `epix-bench-annual-${process.pid}.${format}`);
  try {
    const source = new MongoReportSource(connection, { ledger: new MongoTradeLedger(connection) });
    const baselineHeap = liveHeapMb();
    const sampler = new MemorySampler();
    const baseline = sampler.sample();
    const heapAt: Array<[number, number]> = [];
    const loadBefore = os.loadavg()[0]!;
    const cpuBefore = process.cpuUsage();
    const dbCpuBefore = cpuSecondsOf(input.databasePid);
    const started = process.hrtime.bigint();
    const writer = counting(createReportWriter(format, createWriteStream(out)), 25_000, heapAt);
    const year = new Date().getUTCFullYear();
    const closing = await buildAnnualReport({ source, clock: systemClock }, year, writer);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    sampler.stop();
    const cpu = process.cpuUsage(cpuBefore);
    const dbCpuAfter = cpuSecondsOf(input.databasePid);
    return {
      permitLines,
      format,
      rows: writer.rows,
      seconds,
      linesPerSecond: permitLines / seconds,
      rowsPerSecond: writer.rows / seconds,
      targetRatio: seconds / TARGET_SECONDS,
      met: seconds < TARGET_SECONDS,
      fileBytes: statSync(out).size,
      cpuSeconds: {
        report: (cpu.user + cpu.system) / 1e6,
        ...(dbCpuBefore !== undefined && dbCpuAfter !== undefined && { database: dbCpuAfter - dbCpuBefore }),
      },
      memory: {
        baselineRssMb: baseline.rss / MB,
        peakRssMb: sampler.peakRss / MB,
        baselineHeapMb: baselineHeap,
        peakHeapMb: sampler.peakHeap / MB,
        liveHeapMbAtRows: heapAt,
      },
      loadAverage: { before: loadBefore, after: os.loadavg()[0]! },
      summary: closing.summary,
      warnings: closing.warnings.total,
    };
  } finally {
    await rm(out, { force: true });
    await connection.close();
  }
}

// Forked by bench/reports.ts: the input comes as the first message, the run goes back as the answer.
if (require.main === module && process.send) {
  process.once('message', (input: ReportChildInput) => {
    timedReport(input).then(
      (run) => process.send!({ run }, () => process.exit(0)),
      (error: unknown) =>
        process.send!({ error: (error as Error).stack ?? String(error) }, () => process.exit(1)),
    );
  });
}
