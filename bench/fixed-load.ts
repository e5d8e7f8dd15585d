/**
 * `npm run bench -- fixed-load`: latency at a fixed offered load. Permits are submitted to KE on a fixed
 * schedule (default 100 permits/s for 30 s) whatever the answers do; each submit→receipt latency counts from
 * when its submission was due, so queueing anywhere (API, RabbitMQ, delivery, CH) shows in the percentiles.
 * Asserts 0 lost and 0 duplicated like the e2e bench.
 *
 * Options: --rate R permits/s (100), --seconds S (30), --warmup N (50), --timeout-s, --db, --set (as e2e).
 */
import { numberFlag, parseArgs } from '../scripts/lib/args';
import { PermitBatch, waitForQuiescence } from '../scripts/lib/batch';
import { fmtInt, table } from '../scripts/lib/table';
import { batchFigures, batchRows, warmUp, type BatchFigures } from './e2e';
import { CpuMeter } from './lib/cpu';
import { openLoop } from './lib/load';
import { machineInfo, writeResult } from './lib/results';
import { benchDbOf, configOverrides, startBenchWorld } from './lib/world';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The table of the run and the machine, as printed. */
function printFigures(
  o: { rate: number; seconds: number; count: number; load: { offeredSeconds: number; lateStarts: number } },
  figures: BatchFigures,
  machine: ReturnType<typeof machineInfo>,
): void {
  say(
    `\n${table([
      [`fixed load: ${o.rate} permits/s for ${o.seconds} s`, 'value'],
      ['offered rate (achieved by the generator)', `${fmtInt(o.count / o.load.offeredSeconds)}/s`],
      ['submissions started >10 ms late', fmtInt(o.load.lateStarts)],
      ...batchRows(figures),
    ])}`,
  );
  say(
    `\nmachine: ${machine.cores} × ${machine.cpu}, node ${machine.node}; database: ${machine.databaseServer}`,
  );
}

/** Runs the bench; throws (non-zero exit) when a permit was lost or duplicated. */
export async function runFixedLoadBench(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const rate = numberFlag(args, 'rate', 100);
  const seconds = numberFlag(args, 'seconds', 30);
  const warmup = args.flags.has('warmup') ? Number(args.flags.get('warmup')) : 50;
  say(`fixed-load: ${rate} permits/s offered to KE for ${seconds} s (starting both gateways ...)`);
  const config = configOverrides(args.flags.get('set'));
  const db = benchDbOf(args.flags.get('db'));
  const bench = await startBenchWorld({ config, db });
  try {
    await warmUp(bench, warmup);
    const issuer = bench.world.api('KE', 'issuer', { maxSockets: 256 });
    const batch = new PermitBatch('F');
    const cpu = new CpuMeter(bench.processes());
    cpu.start();
    const origin = performance.timeOrigin;
    const load = await openLoop(
      rate,
      seconds,
      async (i, due) => !!(await batch.submit(issuer, i, { submittedAt: Math.round(origin + due) })),
    );
    const count = load.outcomes.length;
    const failed = load.outcomes.filter((o) => !o.ok);
    if (failed.length) say(`  ${failed.length} submission(s) failed, e.g. ${failed[0]!.error}`);
    say(`  offered ${count} in ${load.offeredSeconds.toFixed(1)} s; waiting for the last receipts ...`);
    await waitForQuiescence(bench.ledger, batch, {
      timeoutMs: numberFlag(args, 'timeout-s', 1800) * 1000,
      progress: (n) => say(`  ${n} still on their way`),
    });
    const figures = await batchFigures(bench, batch, count, {
      seconds: load.seconds,
      latencies: load.outcomes.filter((o) => o.ok).map((o) => o.ms),
      cpuSeconds: cpu.stop(),
    });
    const machine = machineInfo(bench.services.mongoServer);
    printFigures({ rate, seconds, count, load }, figures, machine);
    const file = writeResult('fixed-load', {
      machine,
      options: { rate, seconds, warmup, config },
      offered: { count, seconds: load.offeredSeconds, lateStarts: load.lateStarts },
      figures,
    });
    say(`results: ${file}`);
    if (figures.lost || figures.duplicated || (figures.states.DELIVERED ?? 0) !== count) {
      throw new Error(
        `fixed-load: ${figures.lost} lost, ${figures.duplicated} duplicated, ${figures.states.DELIVERED ?? 0}/${count} DELIVERED`,
      );
    }
  } finally {
    await bench.close();
  }
}
