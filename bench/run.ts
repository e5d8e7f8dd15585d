/**
 * Benchmark dispatcher: `npm run bench -- <name> [options]` (built to dist/bench/run.js). Each benchmark prints a
 * table and writes JSON under bench/results/. The process re-runs itself pinned to one CPU with `taskset`
 * when available (set EPIX_BENCH_CPU to choose the CPU, or pass --no-pin), so figures are per core.
 */
import { spawnSync } from 'node:child_process';
import { runSignVerifyBench } from './sign-verify';

type Bench = (args: readonly string[]) => Promise<void>;

/** Registered benchmarks by name; later issues add theirs here. */
export const BENCHES: Readonly<Record<string, { describe: string; run: Bench }>> = {
  'sign-verify': {
    describe: 'XMLDSig sign/verify ops/s for a ~5 KB permit, RSA-2048 and P-256, vs openssl speed',
    run: runSignVerifyBench,
  },
};

function usage(): string {
  return `usage: npm run bench -- <name> [options]\n${Object.entries(BENCHES)
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

async function main(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  const bench = name === undefined ? undefined : BENCHES[name];
  if (!bench) {
    process.stderr.write(name === undefined ? usage() : `unknown benchmark '${name}'\n${usage()}`);
    return 2;
  }
  const code = pinned(args);
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
