/**
 * Benchmark dispatcher: `npm run bench -- <name> [options]` (built to dist/bench/run.js); `npm run bench` runs
 * every benchmark in turn (each in its own child process) and ends with a summary table. Each benchmark prints
 * a table and writes JSON under bench/results/. Single-core benchmarks re-run themselves pinned to one CPU with
 * `taskset` when available (set EPIX_BENCH_CPU to choose the CPU, or pass --no-pin), so figures are per core;
 * the exchange benchmarks (pin: false) start both gateways, which must have every core.
 */
import { spawnSync } from 'node:child_process';
import { runConsoleMessagesBench } from './console-messages';
import { runE2eBench } from './e2e';
import { runFixedLoadBench } from './fixed-load';
import { printSummary } from './lib/summary';
import { runRiskBench } from './risk';
import { runRiskScoringBench } from './risk-scoring';
import { runReportsBench } from './reports';
import { runSignVerifyBench } from './sign-verify';
import { runVerificationBench } from './verification';

type Bench = (args: readonly string[]) => Promise<void>;

/** A benchmark run with fixed options first (later options given on the command line override them). */
const withOptions =
  (run: Bench, ...fixed: string[]): Bench =>
  (args) =>
    run([...fixed, ...args]);

/** Registered benchmarks by name; later issues add theirs here. */
export const BENCHES: Readonly<Record<string, { describe: string; run: Bench; pin?: boolean }>> = {
  'sign-verify': {
    describe: 'XMLDSig sign/verify ops/s for a ~5 KB permit, RSA-2048 and P-256, vs openssl speed',
    run: runSignVerifyBench,
  },
  e2e: {
    describe: 'end to end: N permits KE→CH as fast as accepted (--count 2000): permits/s, latency, 0 lost',
    run: runE2eBench,
    pin: false,
  },
  'e2e-history': {
    describe: 'e2e after 100,000 permits of history are stored in both databases (--preload 100000)',
    run: withOptions(runE2eBench, '--preload', '100000'),
    pin: false,
  },
  'e2e-profile': {
    describe: "e2e with both gateways' CPU profiles: where the time goes, by package (--profile)",
    run: withOptions(runE2eBench, '--profile'),
    pin: false,
  },
  'fixed-load': {
    describe: 'submit→receipt latency at a fixed offered load (--rate 100 permits/s for --seconds 30)',
    run: runFixedLoadBench,
    pin: false,
  },
  verification: {
    describe: 'customs verification at CH: latency at --rate 200 req/s for --seconds 30, then max req/s',
    run: runVerificationBench,
    pin: false,
  },
  'verification-history': {
    describe: 'customs verification after 100,000 permits of history are stored (--preload 100000)',
    run: withOptions(runVerificationBench, '--preload', '100000'),
    pin: false,
  },
  'verification-profile': {
    describe: "customs verification with CH's CPU profile of the max phase, by package (--profile)",
    run: withOptions(runVerificationBench, '--profile'),
    pin: false,
  },
  risk: {
    describe:
      'customs risk targeting on a synthetic year: random, rules, model, rules + model at 5 % inspection',
    run: runRiskBench,
  },
  'risk-scoring': {
    describe:
      'risk assessment latency: scoring in memory, the scoring path with its history read, the whole assessment',
    run: runRiskScoringBench,
  },
  reports: {
    describe:
      'annual trade report over --lines 200000 permit lines seeded in the database: seconds, peak RSS/heap',
    run: runReportsBench,
  },
  'console-messages': {
    describe: "web console: message list page load with --count 10000 messages in CH's database; bundle size",
    run: runConsoleMessagesBench,
    pin: false,
  },
};

function usage(): string {
  return `usage: npm run bench [-- <name>] [options]   (no name: all of them, then a summary)\n${Object.entries(
    BENCHES,
  )
    .map(([name, b]) => `  ${name.padEnd(14)} ${b.describe}`)
    .join('\n')}\n`;
}

/** Re-executes under `taskset -c CPU` unless already pinned or pinning is unavailable; returns the exit code. */
function pinned(args: readonly string[]): number | undefined {
  if (process.env.EPIX_BENCH_CPU !== undefined || args.includes('--no-pin')) return undefined;
  if (spawnSync('taskset', ['-c', '0', 'true']).status !== 0) return undefined;
  const cpu = '0';
  const run = spawnSync('taskset', ['-c', cpu, process.execPath, ...process.execArgv, __filename, ...args], {
    stdio: 'inherit',
    env: { ...process.env, EPIX_BENCH_CPU: cpu },
  });
  return run.status ?? 1;
}

/** Runs every benchmark in its own child process (options go to each), then prints the summary table. */
function runAll(args: readonly string[]): number {
  const started = new Date();
  let failed = 0;
  for (const name of Object.keys(BENCHES)) {
    process.stdout.write(`\n=== ${name} ===\n`);
    const run = spawnSync(process.execPath, [...process.execArgv, __filename, name, ...args], {
      stdio: 'inherit',
    });
    if (run.status !== 0) failed++;
  }
  printSummary(started);
  return failed ? 1 : 0;
}

async function main(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name.startsWith('--')) {
    if (args.includes('--help')) {
      process.stdout.write(usage());
      return 0;
    }
    return runAll(args);
  }
  const bench = BENCHES[name];
  if (!bench) {
    process.stderr.write(`unknown benchmark '${name}'\n${usage()}`);
    return 2;
  }
  const code = bench.pin === false ? undefined : pinned(args);
  if (code !== undefined) return code;
  await bench.run(rest.filter((a) => a !== '--no-pin'));
  return 0;
}

void main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
