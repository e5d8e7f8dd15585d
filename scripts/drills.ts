/**
 * `npm run drills`: the fault drills (scripts/lib/drills.ts) with a table at the end; exit 0 only when every
 * drill ends with 0 lost, 0 duplicated and every outbound message DELIVERED.
 *
 *   npm run drills                                   # 500 permits per drill, all four drills
 *   npm run drills -- --count 100 --only kill-ke,amqp-close --ch-down-seconds 10 --mongo-down-seconds 3
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { numberFlag, parseArgs } from './lib/args';
import { DRILL_NAMES, runDrills, type DrillName, type DrillReport } from './lib/drills';
import { REPO_ROOT } from './lib/paths';
import { table } from './lib/table';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The drill results as a table. */
export function drillTable(report: DrillReport): string {
  const states = (s: Record<string, number>) =>
    Object.entries(s)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || '-';
  return table([
    [
      'drill',
      'permits',
      'stored at CH',
      'lost',
      'duplicated',
      'KE outbound',
      'CH archive',
      'recovery',
      'result',
    ],
    ...report.results.map((r) => [
      r.drill,
      String(r.sent),
      String(r.storedAtCh),
      String(r.lost),
      String(r.duplicated),
      states(r.states),
      states(r.archive),
      r.skipped ? '-' : `${r.recoverySeconds} s`,
      r.error ? `FAILED: ${r.error}` : r.skipped ? `skipped: ${r.skipped}` : r.ok ? 'pass' : 'FAIL',
    ]),
  ]);
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const only = args.flags
    .get('only')
    ?.split(',')
    .map((s) => s.trim()) as DrillName[] | undefined;
  const unknown = only?.filter((d) => !(DRILL_NAMES as readonly string[]).includes(d)) ?? [];
  if (unknown.length) {
    process.stderr.write(`unknown drill(s) ${unknown.join(', ')}; known: ${DRILL_NAMES.join(', ')}\n`);
    return 2;
  }
  const count = numberFlag(args, 'count', 500);
  const chDownSeconds = numberFlag(args, 'ch-down-seconds', 30);
  const mongoDownSeconds = numberFlag(args, 'mongo-down-seconds', 5);
  say(
    `EPIX fault drills: ${count} permits KE→CH per drill, one fault mid-batch (${(only ?? DRILL_NAMES).join(', ')})`,
  );
  const report = await runDrills({
    count,
    chDownSeconds,
    mongoDownSeconds,
    ...(only && { only }),
    handleSignals: true,
    log: (line) => say(`  ${line}`),
  });
  say(`\n${drillTable(report)}`);
  for (const r of report.results.filter((x) => x.fault && x.fault !== '-')) say(`  ${r.drill}: ${r.fault}`);
  say(
    `\ndatabase server: ${report.mongoServer}${report.privateServices ? ' (private instance for the drills)' : ''}; ` +
      `RabbitMQ virtual host: ${report.vhost ?? '/'}; machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? '?'}`,
  );
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const at = new Date().toISOString();
  const file = path.join(dir, `drills-${at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ drills: 'fault drills', at, count, chDownSeconds, mongoDownSeconds, ...report }, null, 2)}\n`,
  );
  say(`results: ${path.relative(REPO_ROOT, file)}`);
  const failed = report.results.filter((r) => !r.ok);
  say(failed.length ? `\n${failed.length} drill(s) FAILED` : `\nAll drills passed.`);
  return failed.length ? 1 : 0;
}

void main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`drills failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
