/**
 * `npm run bench -- e2e`: end-to-end throughput. N permits (default 2,000) are submitted to KE as fast as it
 * accepts them (a fixed number in flight), signed, queued, sent over mutual TLS to CH, verified and stored
 * there, and acknowledged with signed receipts. Reports permits/s from the first submit to the last receipt,
 * the submit→receipt latency percentiles (from KE's message records), and asserts that CH stored every permit
 * exactly once (received permits, inbound records and archived requests at CH).
 *
 * Options: --count N (2000), --concurrency C submissions in flight (32), --warmup N (50), --timeout-s S to
 * wait for the last receipt (1800), --db shared|sqlite|postgresql (which database server, see lib/world.ts),
 * --set key=value,... (gateway configuration overrides, e.g. delivery.concurrency=8), --preload N (store N
 * permits' history in both databases first, copied from the warm-up batch, to see whether cost grows with it),
 * --profile (both gateways write CPU profiles; where their CPU went during the batch, by package).
 */
import { booleanFlag, numberFlag, parseArgs } from '../scripts/lib/args';
import { runDir } from '../scripts/lib/paths';
import { PermitBatch, waitForQuiescence } from '../scripts/lib/batch';
import { fmtInt, fmtMs, table } from '../scripts/lib/table';
import { CpuMeter } from './lib/cpu';
import { DbCommandMeter, formatDetail, formatPerUnit, type DbCommandFigures } from './lib/db-commands';
import { closedLoop } from './lib/load';
import { preloadHistory } from './lib/preload';
import { formatShares, GatewayProfiler, type ProfileBreakdown } from './lib/profile';
import { machineInfo, writeResult } from './lib/results';
import { summarize } from './lib/stats';
import { benchDbOf, configOverrides, startBenchWorld, type BenchWorld } from './lib/world';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Sends a small batch first, so connections, caches and JIT are warm when the measured batch starts. */
export async function warmUp(bench: BenchWorld, count: number): Promise<PermitBatch> {
  const issuer = bench.world.api('KE', 'issuer');
  const batch = new PermitBatch('W');
  if (count <= 0) return batch;
  await closedLoop(count, 8, async (i) => !!(await batch.submit(issuer, i)));
  await waitForQuiescence(bench.ledger, batch, { timeoutMs: 120_000 });
  return batch;
}

/**
 * The warm-up; with `--preload N` (N > 0) it is also the template that grows both databases by N permits'
 * history (see lib/preload.ts), and the restarted gateways are warmed up again.
 */
async function warmUpAndPreload(bench: BenchWorld, preload: number, warmup: number): Promise<void> {
  const template = await warmUp(bench, preload > 0 ? Math.max(warmup, 50) : warmup);
  if (preload <= 0) return;
  const since = template.filter.since ?? new Date(0);
  const templateSize = template.accepted.size;
  await preloadHistory(bench, { prefix: template.prefix, since, templateSize, permits: preload }, say);
  await warmUp(bench, Math.max(warmup, 50));
}

export interface BatchFigures {
  count: number;
  accepted: number;
  submitSeconds: number;
  submitLatency: ReturnType<typeof summarize>;
  /** First submit to last receipt. */
  totalSeconds: number;
  permitsPerSecond: number;
  latency: ReturnType<typeof summarize>;
  lost: number;
  duplicated: number;
  states: Record<string, number>;
  chReceived: number;
  chArchive: Record<string, number>;
  /** CPU seconds used during the batch by each process under test (gateways, database server, RabbitMQ). */
  cpuSeconds: Record<string, number>;
  /** Database commands per permit sent by each gateway during the batch, and which. */
  dbCommands?: DbCommandFigures;
  /** With --profile: where each gateway's CPU went during the batch. */
  profile?: Record<string, ProfileBreakdown>;
}

/** Reads the outcome of a batch: latencies from KE's records, the ledger from both databases. */
export async function batchFigures(
  bench: BenchWorld,
  batch: PermitBatch,
  count: number,
  submitted: {
    seconds: number;
    latencies: number[];
    cpuSeconds: Record<string, number>;
    dbCommands?: DbCommandFigures;
  },
): Promise<BatchFigures> {
  const times = await bench.ledger.deliveryTimes(batch.filter);
  const ledger = await bench.ledger.read(batch.filter, batch.keys);
  const latencies: number[] = [];
  let first = Infinity;
  let last = 0;
  for (const [key, record] of batch.accepted) {
    first = Math.min(first, record.submittedAt);
    const delivered = times.get(key);
    if (!delivered) continue;
    last = Math.max(last, delivered.deliveredAt.getTime());
    latencies.push(delivered.deliveredAt.getTime() - record.submittedAt);
  }
  const totalSeconds = (last - first) / 1000;
  return {
    count,
    accepted: batch.accepted.size,
    submitSeconds: Math.round(submitted.seconds * 100) / 100,
    submitLatency: summarize(submitted.latencies),
    totalSeconds: Math.round(totalSeconds * 100) / 100,
    permitsPerSecond: Math.round((latencies.length / totalSeconds) * 10) / 10,
    latency: summarize(latencies),
    lost: ledger.lost.length + (count - batch.accepted.size),
    duplicated: ledger.duplicated,
    states: ledger.keStates,
    chReceived: ledger.chReceived,
    chArchive: ledger.chArchive,
    cpuSeconds: submitted.cpuSeconds,
    ...(submitted.dbCommands && { dbCommands: submitted.dbCommands }),
  };
}

/** The figures of a batch as table rows. */
export function batchRows(f: BatchFigures): string[][] {
  return [
    ['permits sent / accepted by KE', `${fmtInt(f.count)} / ${fmtInt(f.accepted)}`],
    ['first submit → last receipt', `${f.totalSeconds} s`],
    ['throughput (permits/s, end to end)', fmtInt(f.permitsPerSecond)],
    [
      'submit→receipt p50 / p95 / p99',
      `${fmtMs(f.latency.p50)} / ${fmtMs(f.latency.p95)} / ${fmtMs(f.latency.p99)}`,
    ],
    ['submit→receipt max', fmtMs(f.latency.max)],
    ['API submit p50 / p99', `${fmtMs(f.submitLatency.p50)} / ${fmtMs(f.submitLatency.p99)}`],
    [
      'KE outbound states',
      Object.entries(f.states)
        .map(([s, n]) => `${s} ${n}`)
        .join(', '),
    ],
    ['CH received permits', fmtInt(f.chReceived)],
    [
      'CH archived requests',
      Object.entries(f.chArchive)
        .map(([s, n]) => `${s} ${n}`)
        .join(', '),
    ],
    ['lost / duplicated', `${f.lost} / ${f.duplicated}`],
    [
      'CPU ms per permit',
      Object.entries(f.cpuSeconds)
        .map(([name, seconds]) => `${name} ${((seconds * 1000) / Math.max(1, f.accepted)).toFixed(1)}`)
        .join(', ') || '-',
    ],
    ...(f.dbCommands ? [['DB commands per permit', formatPerUnit(f.dbCommands)]] : []),
  ];
}

/** A meter of both gateways' database commands. */
export function dbCommandMeter(bench: BenchWorld): DbCommandMeter {
  return new DbCommandMeter({
    KE: bench.world.country('KE').apiUrl,
    CH: bench.world.country('CH').apiUrl,
  });
}

/** Submits the measured batch and waits for its last receipt; the figures, with the profile when asked. */
async function measureBatch(
  bench: BenchWorld,
  o: { count: number; concurrency: number; timeoutS: number; profiler: GatewayProfiler | undefined },
): Promise<BatchFigures> {
  const issuer = bench.world.api('KE', 'issuer', { maxSockets: o.concurrency });
  const batch = new PermitBatch('E');
  const cpu = new CpuMeter(bench.processes());
  const commands = dbCommandMeter(bench);
  await commands.start();
  cpu.start();
  o.profiler?.start();
  const submitted = await closedLoop(o.count, o.concurrency, async (i) => !!(await batch.submit(issuer, i)));
  const failed = submitted.outcomes.filter((r) => !r.ok);
  if (failed.length) say(`  ${failed.length} submission(s) failed, e.g. ${failed[0]!.error}`);
  say(
    `  submitted ${batch.accepted.size} in ${submitted.seconds.toFixed(1)} s; waiting for the last receipts ...`,
  );
  await waitForQuiescence(bench.ledger, batch, {
    timeoutMs: o.timeoutS * 1000,
    progress: (n) => say(`  ${n} still on their way`),
  });
  o.profiler?.stop();
  const figures = await batchFigures(bench, batch, o.count, {
    seconds: submitted.seconds,
    latencies: submitted.outcomes.filter((r) => r.ok).map((r) => r.ms),
    cpuSeconds: cpu.stop(),
    dbCommands: await commands.stop(batch.accepted.size),
  });
  if (o.profiler) figures.profile = await o.profiler.collect(bench.world, ['KE', 'CH']);
  return figures;
}

/** The batch's table, its database commands and CPU profile, as printed. */
function printFigures(figures: BatchFigures, machine: ReturnType<typeof machineInfo>): void {
  say(`\n${table([['e2e (KE→CH, both gateways on this machine)', 'value'], ...batchRows(figures)])}`);
  if (figures.dbCommands) say(`\nDB commands per permit\n  ${formatDetail(figures.dbCommands).join('\n  ')}`);
  for (const [code, p] of Object.entries(figures.profile ?? {})) {
    say(`\n${code} CPU profile of the batch (${fmtInt(p.busyMs)} ms busy)`);
    say(`  inclusive: ${formatShares(p.inclusive)}\n  self: ${formatShares(p.self)}`);
  }
  say(
    `\nmachine: ${machine.cores} × ${machine.cpu}, node ${machine.node}; database: ${machine.databaseServer}`,
  );
}

/** Runs the bench; exits non-zero (through the thrown error) when a permit was lost or duplicated. */
export async function runE2eBench(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, ['profile']);
  const count = numberFlag(args, 'count', 2000);
  const concurrency = numberFlag(args, 'concurrency', 32);
  const warmup = args.flags.has('warmup') ? Number(args.flags.get('warmup')) : 50;
  const preload = numberFlag(args, 'preload', 0);
  const profiler = booleanFlag(args, 'profile')
    ? GatewayProfiler.enable(runDir('bench-profiles'))
    : undefined;
  say(`e2e: ${count} permits KE→CH, ${concurrency} submissions in flight (starting both gateways ...)`);
  const config = configOverrides(args.flags.get('set'));
  const bench = await startBenchWorld({ config, db: benchDbOf(args.flags.get('db')) });
  try {
    await warmUpAndPreload(bench, preload, warmup);
    const timeoutS = numberFlag(args, 'timeout-s', 1800);
    const figures = await measureBatch(bench, { count, concurrency, timeoutS, profiler });
    const machine = machineInfo(bench.services.mongoServer);
    printFigures(figures, machine);
    const file = writeResult('e2e', {
      machine,
      options: { count, concurrency, warmup, preload, profile: !!profiler, config },
      figures,
    });
    say(`results: ${file}`);
    if (figures.lost || figures.duplicated || (figures.states.DELIVERED ?? 0) !== count) {
      throw new Error(
        `e2e: ${figures.lost} lost, ${figures.duplicated} duplicated, ${figures.states.DELIVERED ?? 0}/${count} DELIVERED`,
      );
    }
  } finally {
    await bench.close();
  }
}
