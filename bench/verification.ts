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
import type { ApiClient } from '../scripts/lib/api-client';
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
import { benchDbOf, configOverrides, startBenchWorld } from './lib/world';

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
  const db = benchDbOf(args.flags.get('db'));
  const bench = await startBenchWorld({ config, db });
  try {
    const issuer = bench.world.api('KE', 'issuer');
    const seededAt = new Date();
    const batch = new PermitBatch('V', seededAt);
    await closedLoop(seed, 16, async (i) => !!(await batch.submit(issuer, i)));
    await waitForQuiescence(bench.ledger, batch, { timeoutMs: 300_000 });
    const permits = Array.from({ length: seed }, (_, i) => batch.permit(i));
    const customs = bench.world.api('CH', 'customs', { maxSockets: 256 });
    const today = new Date();
    let declarations = 0;
    const request = async (customsApi: ApiClient, verdicts: Record<string, number>): Promise<boolean> => {
      const n = declarations++;
      const permit = permits[n % permits.length]!;
      const result = await verify(
        customsApi,
        verificationByKey(permit, `CH-DECL-${batch.prefix}${n}`, today),
      );
      const label = result.verdict === 'ACCEPTED' ? 'ACCEPTED' : `REJECTED ${result.codes.join('+')}`;
      verdicts[label] = (verdicts[label] ?? 0) + 1;
      return true;
    };

    // A short warm-up so the first measured requests do not pay for JIT and connection set-up.
    await closedLoop(50, 8, () => request(customs, {}));
    if (preload > 0) {
      const rounds = Math.ceil(preload / seed);
      say(`  preloading ${rounds * seed} permits of history ...`);
      await preloadHistory(bench, { prefix: batch.prefix, since: seededAt, rounds }, say);
      await closedLoop(50, 8, () => request(customs, {}));
    }

    const fixedVerdicts: Record<string, number> = {};
    const fixedCpu = new CpuMeter(bench.processes());
    fixedCpu.start();
    const fixed = await openLoop(rate, seconds, () => request(customs, fixedVerdicts));
    const fixedFigures = phaseFigures(fixed.outcomes, fixed.seconds, fixedVerdicts, fixedCpu.stop());
    const maxVerdicts: Record<string, number> = {};
    const maxCpu = new CpuMeter(bench.processes());
    const commands = new DbCommandMeter({ CH: bench.world.country('CH').apiUrl });
    await commands.start();
    maxCpu.start();
    profiler?.start();
    const max = await closedLoopFor(maxSeconds, concurrency, () => request(customs, maxVerdicts));
    profiler?.stop();
    const maxFigures = phaseFigures(max.outcomes, max.seconds, maxVerdicts, maxCpu.stop());
    const dbCommands = await commands.stop(maxFigures.ok);
    const profile = profiler && (await profiler.collect(bench.world, ['CH']));

    const machine = machineInfo(bench.services.mongoServer);
    say(
      resultTable(
        { rate, seconds, concurrency, maxSeconds },
        fixedFigures,
        { ...maxFigures, dbCommands },
        fixed.lateStarts,
      ),
    );
    say(`\nDB commands per request (max)\n  ${formatDetail(dbCommands).join('\n  ')}`);
    if (profile?.CH) {
      say(`\nCH CPU profile of the max phase (${fmtInt(profile.CH.busyMs)} ms busy)`);
      say(`  inclusive: ${formatShares(profile.CH.inclusive)}\n  self: ${formatShares(profile.CH.self)}`);
    }
    if (fixedFigures.firstError ?? maxFigures.firstError)
      say(`first error: ${fixedFigures.firstError ?? maxFigures.firstError}`);
    say(
      `\nmachine: ${machine.cores} × ${machine.cpu}, node ${machine.node}; database: ${machine.databaseServer}`,
    );
    const file = writeResult('verification', {
      machine,
      options: { rate, seconds, maxSeconds, concurrency, seed, preload, profile: !!profiler, config },
      fixed: { ...fixedFigures, lateStarts: fixed.lateStarts },
      max: { ...maxFigures, dbCommands, ...(profile && { profile }) },
    });
    say(`results: ${file}`);
    if (fixedFigures.errors || maxFigures.errors) {
      throw new Error(`verification: ${fixedFigures.errors + maxFigures.errors} request(s) failed`);
    }
  } finally {
    await bench.close();
  }
}
