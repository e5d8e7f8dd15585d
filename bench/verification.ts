/**
 * `npm run bench -- verification`: customs verification at CH (POST /api/v1/verifications). First permits are
 * sent KE→CH through the exchange (--seed, default 300); then customs presents them by key with a matching
 * declaration, each request with its own declaration number:
 *   1. a fixed offered load (default 200 req/s for 30 s, open loop): achieved req/s and latency percentiles;
 *   2. as fast as it answers (--concurrency 32 in flight for --max-seconds 10): req/s and latency.
 * The first presentation of a permit is ACCEPTED (and clears it, sending a usage confirmation to KE); later
 * ones are REJECTED with ALREADY_USED. Both paths do the full work (lookup, signature re-check, every check,
 * the stored verification); the verdict mix is reported.
 * Options: --rate (200), --seconds (30), --max-seconds (10), --concurrency (32), --seed (300), --db, --set,
 * --preload N (after the warm-up, store N permits' history in both databases, copied from the seeded permits
 * and the warm-up's verifications, to see whether cost grows with it; lib/preload.ts), --profile (CH writes a
 * CPU profile; where its CPU went during the max phase, by package).
 */
import { booleanFlag, numberFlag, parseArgs } from '../scripts/lib/args';
import { runDir } from '../scripts/lib/paths';
import { PermitBatch, waitForQuiescence } from '../scripts/lib/batch';
import { verify } from '../scripts/lib/exchange-api';
import { verificationByKey } from '../scripts/lib/sample-permits';
import { fmtInt, fmtMs, table } from '../scripts/lib/table';
import { CpuMeter } from './lib/cpu';
import { DbCommandMeter, formatDetail, formatPerUnit, type DbCommandFigures } from './lib/db-commands';
import { closedLoop, closedLoopFor, openLoop, type Outcome } from './lib/load';
import { preloadHistory } from './lib/preload';
import { formatShares, GatewayProfiler } from './lib/profile';
import { machineInfo, writeResult } from './lib/results';
import { summarize } from './lib/stats';
import { benchDbOf, configOverrides, startBenchWorld, type BenchWorld } from './lib/world';

const say = (line: string) => process.stdout.write(`${line}\n`);

interface PhaseFigures {
  requests: number;
  ok: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  latency: ReturnType<typeof summarize>;
  verdicts: Record<string, number>;
  /** CPU seconds used during the phase by each process under test. */
  cpuSeconds: Record<string, number>;
  firstError?: string;
}

function phaseFigures(
  outcomes: Outcome[],
  seconds: number,
  verdicts: Record<string, number>,
  cpuSeconds: Record<string, number>,
): PhaseFigures {
  const ok = outcomes.filter((o) => o.ok);
  const firstError = outcomes.find((o) => !o.ok)?.error;
  return {
    requests: outcomes.length,
    ok: ok.length,
    errors: outcomes.length - ok.length,
    seconds: Math.round(seconds * 100) / 100,
    requestsPerSecond: Math.round((ok.length / seconds) * 10) / 10,
    latency: summarize(ok.map((o) => o.ms)),
    verdicts,
    cpuSeconds,
    ...(firstError !== undefined && { firstError }),
  };
}

/** The bench's table: both phases side by side. */
function resultTable(
  o: { rate: number; seconds: number; concurrency: number; maxSeconds: number },
  fixed: PhaseFigures,
  max: PhaseFigures & { dbCommands?: DbCommandFigures },
  lateStarts: number,
): string {
  const { rate, seconds, concurrency, maxSeconds } = o;
  const cpuPer = (f: PhaseFigures) =>
    Object.entries(f.cpuSeconds)
      .map(([name, secs]) => `${name} ${((secs * 1000) / Math.max(1, f.ok)).toFixed(2)}`)
      .join(', ') || '-';
  const mix = (v: Record<string, number>) =>
    Object.entries(v)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  return `\n${table([
    [
      'customs verification at CH',
      `fixed ${rate} req/s × ${seconds} s`,
      `max (${concurrency} in flight, ${maxSeconds} s)`,
    ],
    [
      'requests answered / errors',
      `${fmtInt(fixed.ok)} / ${fixed.errors}`,
      `${fmtInt(max.ok)} / ${max.errors}`,
    ],
    ['throughput', `${fmtInt(fixed.requestsPerSecond)}/s`, `${fmtInt(max.requestsPerSecond)}/s`],
    ['latency p50', fmtMs(fixed.latency.p50), fmtMs(max.latency.p50)],
    ['latency p95', fmtMs(fixed.latency.p95), fmtMs(max.latency.p95)],
    ['latency p99', fmtMs(fixed.latency.p99), fmtMs(max.latency.p99)],
    ['latency max', fmtMs(fixed.latency.max), fmtMs(max.latency.max)],
    ['requests started >10 ms late', fmtInt(lateStarts), '-'],
    ['verdicts', mix(fixed.verdicts), mix(max.verdicts)],
    ['CPU ms per request', cpuPer(fixed), cpuPer(max)],
    ['DB commands per request', '-', max.dbCommands ? formatPerUnit(max.dbCommands) : '-'],
  ])}`;
}

type Request = (verdicts: Record<string, number>) => Promise<boolean>;

/**
 * Sends `seed` permits KE→CH and returns a request that presents them in turn, each with its own declaration
 * number: the first presentation of a permit is ACCEPTED, later ones REJECTED (ALREADY_USED).
 */
async function seedPermits(bench: BenchWorld, seed: number) {
  const issuer = bench.world.api('KE', 'issuer');
  const seededAt = new Date();
  const batch = new PermitBatch('V', seededAt);
  await closedLoop(seed, 16, async (i) => !!(await batch.submit(issuer, i)));
  await waitForQuiescence(bench.ledger, batch, { timeoutMs: 300_000 });
  const permits = Array.from({ length: seed }, (_, i) => batch.permit(i));
  const customs = bench.world.api('CH', 'customs', { maxSockets: 256 });
  const today = new Date();
  let declarations = 0;
  const request: Request = async (verdicts) => {
    const n = declarations++;
    const permit = permits[n % permits.length]!;
    const result = await verify(customs, verificationByKey(permit, `CH-DECL-${batch.prefix}${n}`, today));
    const label = result.verdict === 'ACCEPTED' ? 'ACCEPTED' : `REJECTED ${result.codes.join('+')}`;
    verdicts[label] = (verdicts[label] ?? 0) + 1;
    return true;
  };
  return { batch, seededAt, request };
}

/** The flat-out phase: figures, database commands per request and, when asked, CH's CPU profile. */
async function measureMax(
  bench: BenchWorld,
  request: Request,
  o: { maxSeconds: number; concurrency: number; profiler: GatewayProfiler | undefined },
) {
  const verdicts: Record<string, number> = {};
  const cpu = new CpuMeter(bench.processes());
  const commands = new DbCommandMeter({ CH: bench.world.country('CH').apiUrl });
  await commands.start();
  cpu.start();
  o.profiler?.start();
  const max = await closedLoopFor(o.maxSeconds, o.concurrency, () => request(verdicts));
  o.profiler?.stop();
  const figures = phaseFigures(max.outcomes, max.seconds, verdicts, cpu.stop());
  const dbCommands = await commands.stop(figures.ok);
  const profile = o.profiler && (await o.profiler.collect(bench.world, ['CH']));
  return { ...figures, dbCommands, ...(profile && { profile }) };
}

/** Runs the bench; throws (non-zero exit) when a request failed. */
export async function runVerificationBench(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, ['profile']);
  const rate = numberFlag(args, 'rate', 200);
  const seconds = numberFlag(args, 'seconds', 30);
  const maxSeconds = numberFlag(args, 'max-seconds', 10);
  const concurrency = numberFlag(args, 'concurrency', 32);
  const seed = numberFlag(args, 'seed', 300);
  const preload = numberFlag(args, 'preload', 0);
  const profiler = booleanFlag(args, 'profile')
    ? GatewayProfiler.enable(runDir('bench-profiles'))
    : undefined;
  say(
    `verification: ${seed} permits sent KE→CH, then ${rate} req/s for ${seconds} s, then max for ${maxSeconds} s`,
  );
  const config = configOverrides(args.flags.get('set'));
  const bench = await startBenchWorld({ config, db: benchDbOf(args.flags.get('db')) });
  try {
    const { batch, seededAt, request } = await seedPermits(bench, seed);
    // A short warm-up so the first measured requests do not pay for JIT and connection set-up.
    await closedLoop(50, 8, () => request({}));
    if (preload > 0) {
      const template = { prefix: batch.prefix, since: seededAt, templateSize: seed, permits: preload };
      await preloadHistory(bench, template, say);
      await closedLoop(50, 8, () => request({}));
    }
    const fixedVerdicts: Record<string, number> = {};
    const fixedCpu = new CpuMeter(bench.processes());
    fixedCpu.start();
    const fixed = await openLoop(rate, seconds, () => request(fixedVerdicts));
    const fixedFigures = phaseFigures(fixed.outcomes, fixed.seconds, fixedVerdicts, fixedCpu.stop());
    const max = await measureMax(bench, request, { maxSeconds, concurrency, profiler });
    const machine = machineInfo(bench.services.mongoServer);
    say(resultTable({ rate, seconds, concurrency, maxSeconds }, fixedFigures, max, fixed.lateStarts));
    printDetails(fixedFigures, max, machine);
    const file = writeResult('verification', {
      machine,
      options: { rate, seconds, maxSeconds, concurrency, seed, preload, profile: !!profiler, config },
      fixed: { ...fixedFigures, lateStarts: fixed.lateStarts },
      max,
    });
    say(`results: ${file}`);
    if (fixedFigures.errors || max.errors) {
      throw new Error(`verification: ${fixedFigures.errors + max.errors} request(s) failed`);
    }
  } finally {
    await bench.close();
  }
}

/** Database commands per request, the CPU profile, the first error and the machine, as printed. */
function printDetails(
  fixed: PhaseFigures,
  max: Awaited<ReturnType<typeof measureMax>>,
  machine: ReturnType<typeof machineInfo>,
): void {
  say(`\nDB commands per request (max)\n  ${formatDetail(max.dbCommands).join('\n  ')}`);
  if (max.profile?.CH) {
    say(`\nCH CPU profile of the max phase (${fmtInt(max.profile.CH.busyMs)} ms busy)`);
    say(
      `  inclusive: ${formatShares(max.profile.CH.inclusive)}\n  self: ${formatShares(max.profile.CH.self)}`,
    );
  }
  const firstError = fixed.firstError ?? max.firstError;
  if (firstError) say(`first error: ${firstError}`);
  say(
    `\nmachine: ${machine.cores} × ${machine.cpu}, node ${machine.node}; database: ${machine.databaseServer}`,
  );
}
