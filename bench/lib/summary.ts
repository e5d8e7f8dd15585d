/**
 * The closing table of `npm run bench`: the headline figure of every benchmark run since `since`, read back
 * from the JSON files the benchmarks wrote, beside the performance targets (issue 19; the report's is issue 17's).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { fmtInt, fmtMs, table } from '../../scripts/lib/table';
import { formatShares, type Share } from './profile';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The newest result file of `bench` written at or after `since` (and passing `which`, when given). */
export function latestResult(
  bench: string,
  since: Date,
  which: (result: Json) => boolean = () => true,
): Json | undefined {
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.startsWith(`${bench}-`) && f.endsWith('.json'));
  } catch {
    return undefined;
  }
  const parsed = files
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Json)
    .filter((j) => typeof j.at === 'string' && new Date(j.at) >= since && which(j))
    .sort((a, b) => String(a.at).localeCompare(String(b.at)));
  return parsed[parsed.length - 1];
}

const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'met' : 'NOT met');
/** A figure compared with a limit; missing figures (null in JSON, e.g. no request answered) never meet it. */
const atMost = (value: unknown, limit: number) =>
  typeof value === 'number' && Number.isFinite(value) && value <= limit;
const atLeast = (value: unknown, limit: number) =>
  typeof value === 'number' && Number.isFinite(value) && value >= limit;

/** Sign and verify ops/s per core beside openssl, against the RSA-2048 targets. */
function signVerifyRows(sv: Json | undefined): string[][] {
  const rows: string[][] = [];
  for (const r of (sv?.results ?? []) as Json[]) {
    const raw = String(r.key).startsWith('RSA') ? sv?.openssl?.rsa2048 : sv?.openssl?.ecdsap256;
    const ratio = (ours: number, theirs: number | undefined) =>
      theirs ? ` (${Math.round((ours / theirs) * 100)}% of openssl)` : '';
    const rsa = String(r.key).startsWith('RSA');
    rows.push([
      `${r.key} sign ops/s per core`,
      `${fmtInt(r.sign?.opsPerSecond)}${ratio(r.sign?.opsPerSecond, raw?.sign)}`,
      rsa ? '≥ 1,000' : '-',
      rsa ? verdict(atLeast(r.sign?.opsPerSecond, 1000)) : '',
    ]);
    rows.push([
      `${r.key} verify ops/s per core`,
      `${fmtInt(r.verify?.opsPerSecond)}${ratio(r.verify?.opsPerSecond, raw?.verify)}`,
      rsa ? '≥ 2,000' : '-',
      rsa ? verdict(atLeast(r.verify?.opsPerSecond, 2000)) : '',
    ]);
  }
  return rows;
}

/** Throughput, latency, CPU and database commands per permit of the e2e bench, against the targets. */
function e2eRows(e2e: Json | undefined): string[][] {
  const rows: string[][] = [];
  if (e2e) {
    rows.push([
      `end to end permits/s (${fmtInt(e2e.count)} permits)`,
      fmtInt(e2e.permitsPerSecond),
      '≥ 150',
      verdict(atLeast(e2e.permitsPerSecond, 150)),
    ]);
    const cpu = e2e.cpuSeconds as Record<string, number> | undefined;
    const gatewayMs = cpu && ((cpu.KE ?? 0) + (cpu.CH ?? 0)) * (1000 / Math.max(1, e2e.accepted));
    rows.push([
      'gateway CPU per permit, KE + CH',
      gatewayMs === undefined ? '-' : `${gatewayMs.toFixed(1)} ms`,
      '≤ 5 ms',
      verdict(atMost(gatewayMs, 5)),
    ]);
    const commands = e2e.dbCommands?.perUnit as Record<string, number> | undefined;
    const perPermit = commands && Object.values(commands).reduce((a, b) => a + b, 0);
    rows.push([
      'database commands per permit, both gateways',
      perPermit === undefined ? '-' : perPermit.toFixed(1),
      '≤ 6',
      verdict(atMost(perPermit, 6)),
    ]);
    rows.push([
      'end to end submit→receipt p50 / p95 / p99',
      `${fmtMs(e2e.latency?.p50)} / ${fmtMs(e2e.latency?.p95)} / ${fmtMs(e2e.latency?.p99)}`,
      '-',
      '',
    ]);
    rows.push([
      'end to end lost / duplicated',
      `${e2e.lost} / ${e2e.duplicated}`,
      '0 / 0',
      verdict(e2e.lost === 0 && e2e.duplicated === 0),
    ]);
  }
  return rows;
}

/** A plain run: neither on preloaded history nor profiled. */
const plain = (r: Json) => !r.options?.preload && !r.options?.profile;
const preloaded = (r: Json) => Number(r.options?.preload) > 0;
const profiled = (r: Json) => r.options?.profile === true;

/** A figure after the preload beside the plain run's: within 20 % (`higherIsBetter` says which way). */
function historyRow(
  label: string,
  fmt: (v: number) => string,
  plainValue: unknown,
  after: unknown,
  higherIsBetter: boolean,
): string[] {
  if (typeof plainValue !== 'number' || typeof after !== 'number' || !plainValue) return [label, '-', '', ''];
  const ratio = after / plainValue;
  return [
    label,
    `${fmt(after)} (${Math.round(ratio * 100)} % of the empty database's ${fmt(plainValue)})`,
    higherIsBetter ? '≥ 80 %' : '≤ 120 %',
    verdict(higherIsBetter ? ratio >= 0.8 : ratio <= 1.2),
  ];
}

const gatewayMsPerPermit = (f: Json | undefined) => {
  const cpu = f?.cpuSeconds as Record<string, number> | undefined;
  return cpu && ((cpu.KE ?? 0) + (cpu.CH ?? 0)) * (1000 / Math.max(1, f?.accepted));
};

/** The e2e and verification figures after 100,000 stored permits, beside the plain runs'. */
function historyRows(since: Date): string[][] {
  const rows: string[][] = [];
  const e2e = latestResult('e2e', since, plain)?.figures as Json | undefined;
  const e2eAfter = latestResult('e2e', since, preloaded);
  if (e2eAfter) {
    const stored = `after ${fmtInt(e2eAfter.options.preload)} stored permits`;
    const f = e2eAfter.figures as Json;
    rows.push(
      historyRow(`end to end permits/s ${stored}`, fmtInt, e2e?.permitsPerSecond, f.permitsPerSecond, true),
    );
    rows.push(
      historyRow(
        `gateway CPU per permit ${stored}`,
        (v) => `${v.toFixed(1)} ms`,
        gatewayMsPerPermit(e2e),
        gatewayMsPerPermit(f),
        false,
      ),
    );
  }
  const ver = latestResult('verification', since, plain);
  const verAfter = latestResult('verification', since, preloaded);
  if (verAfter) {
    rows.push(
      historyRow(
        `verification max req/s after ${fmtInt(verAfter.options.preload)} stored permits`,
        fmtInt,
        ver?.max?.requestsPerSecond,
        verAfter.max?.requestsPerSecond,
        true,
      ),
    );
  }
  return rows;
}

/** Where the gateways' CPU went in the latest profiled runs: what stands between the CPU targets and today. */
function profileLines(since: Date): string[] {
  const lines: string[] = [];
  const show = (what: string, profile: Record<string, Json> | undefined) => {
    for (const [code, p] of Object.entries(profile ?? {})) {
      lines.push(`${what}, ${code} (${fmtInt(p.busyMs)} ms busy): ${formatShares(p.inclusive as Share[])}`);
    }
  };
  show('e2e', latestResult('e2e', since, profiled)?.figures?.profile as Record<string, Json> | undefined);
  show(
    'verification max',
    latestResult('verification', since, profiled)?.max?.profile as Record<string, Json> | undefined,
  );
  return lines;
}

/** Latency at the fixed offered load, against its target. */
function fixedLoadRows(fixed: Json | undefined): string[][] {
  if (!fixed) return [];
  const f = fixed.figures as Json;
  return [
    [
      `p50 / p95 / p99 at ${fixed.options?.rate}/s for ${fixed.options?.seconds} s`,
      `${fmtMs(f.latency?.p50)} / ${fmtMs(f.latency?.p95)} / ${fmtMs(f.latency?.p99)}`,
      'p99 ≤ 250 ms',
      verdict(atMost(f.latency?.p99, 250)),
    ],
    [
      'fixed load lost / duplicated',
      `${f.lost} / ${f.duplicated}`,
      '0 / 0',
      verdict(f.lost === 0 && f.duplicated === 0),
    ],
  ];
}

/** Prints the summary of every benchmark that wrote results since `since`. */
export function printSummary(since: Date): void {
  const rows: string[][] = [['figure', 'measured', 'target', '']];
  rows.push(...signVerifyRows(latestResult('sign-verify', since)));
  rows.push(...e2eRows(latestResult('e2e', since, plain)?.figures as Json | undefined));
  const fixed = latestResult('fixed-load', since);
  rows.push(...fixedLoadRows(fixed));
  const ver = latestResult('verification', since, plain);
  if (ver) {
    rows.push([
      'verification max req/s',
      fmtInt(ver.max?.requestsPerSecond),
      '≥ 500',
      verdict(atLeast(ver.max?.requestsPerSecond, 500) && ver.max?.errors === 0),
    ]);
    rows.push([
      `verification p50 / p99 at ${ver.options?.rate} req/s`,
      `${fmtMs(ver.fixed?.latency?.p50)} / ${fmtMs(ver.fixed?.latency?.p99)}`,
      'p99 ≤ 25 ms',
      verdict(atMost(ver.fixed?.latency?.p99, 25) && ver.fixed?.errors === 0),
    ]);
  }
  rows.push(...historyRows(since));
  const reports = latestResult('reports', since);
  for (const r of ((reports?.runs ?? []) as Json[]).filter(
    (run) => run.permitLines === reports?.permitLines,
  )) {
    rows.push([
      `annual report over ${fmtInt(r.permitLines)} permit lines (${r.format})`,
      `${Number(r.seconds).toFixed(1)} s, peak RSS ${fmtInt(r.memory?.peakRssMb)} MB`,
      '< 30 s',
      verdict(atMost(r.seconds, 30)),
    ]);
  }
  const machine = (latestResult('e2e', since) ?? fixed ?? ver)?.machine as Json | undefined;
  process.stdout.write(`\n=== summary ===\n${table(rows)}\n`);
  const profile = profileLines(since);
  if (profile.length) {
    process.stdout.write(
      `\nWhere the gateways' CPU goes (inclusive share of busy time by package, from --profile runs):\n  ${profile.join('\n  ')}\n`,
    );
  }
  if (machine) {
    process.stdout.write(
      `machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, node ${machine.node}; database server: ${machine.databaseServer}\n`,
    );
  }
}
