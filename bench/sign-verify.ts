/**
 * `npm run bench -- sign-verify`: XMLDSig sign and verify throughput on one core for a ~5 KB CITESEPermit,
 * RSA-2048 and ECDSA P-256, beside `openssl speed` for the same key types (the raw limit of the crypto alone).
 *
 * Besides the end-to-end operations it times each stage (strict parse, exc-c14n, digest, raw sign/verify,
 * cached chain validation, permit read) so the report can say what caps the figures.
 * Options: `--seconds N` of CPU time per case (default 2), `--rounds N` (default 5), `--no-openssl`.
 */
import { spawnSync } from 'node:child_process';
import {
  createHash,
  createPrivateKey,
  sign as cryptoSign,
  verify as cryptoVerify,
  X509Certificate,
} from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { createCountryPki, type KeyType } from '../src/domain/pki/dev-pki';
import { TrustAnchors } from '../src/domain/pki/trust-anchors';
import { verifySignedPermitSync } from '../src/domain/signing/verify-signed-permit';
import { XmlSigner } from '../src/domain/signing/xml-signer';
import { verifyXmlSignatureSync } from '../src/domain/signing/xml-verifier';
import { canonicalizeExclusive } from '../src/domain/xml/exc-c14n';
import { fromPermitXml, toPermitXml } from '../src/domain/xml/permit-xml';
import { loadPermitSchema } from '../src/domain/xml/schema-validator';
import { parseXmlStrict } from '../src/domain/xml/strict-parser';
import { samplePermit } from '../scripts/lib/sample-permits';

interface Measure {
  /**
   * Operations per CPU-second of this process (user + system), best of the rounds: per core, and comparable
   * with `openssl speed`, which also divides by CPU time.
   */
  opsPerSecond: number;
  microsecondsPerOp: number;
  /** Median over the rounds, ops per CPU-second. */
  medianOpsPerSecond: number;
  /** Operations per wall-clock second over all rounds (lower when other processes share the core). */
  wallOpsPerSecond: number;
}

interface Round {
  ops: number;
  cpuMicros: number;
  wallMs: number;
}

/** Runs `fn` for about `cpuMicros` of this process's CPU time; returns what it did. */
function runFor(fn: () => unknown, cpuMicros: number): Round {
  let ops = 0;
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  let cpu = 0;
  while (cpu < cpuMicros) {
    for (let i = 0; i < 10; i++) fn();
    ops += 10;
    const used = process.cpuUsage(cpuStart);
    cpu = used.user + used.system;
  }
  return { ops, cpuMicros: cpu, wallMs: performance.now() - wallStart };
}

function summarize(rounds: Round[]): Measure {
  const rates = rounds.map((r) => r.ops / (r.cpuMicros / 1e6)).sort((x, y) => x - y);
  const best = rates[rates.length - 1]!;
  const ops = rounds.reduce((n, r) => n + r.ops, 0);
  const wall = rounds.reduce((n, r) => n + r.wallMs, 0) / 1000;
  return {
    opsPerSecond: Math.round(best),
    microsecondsPerOp: Math.round(1e7 / best) / 10,
    medianOpsPerSecond: Math.round(rates[Math.floor(rates.length / 2)]!),
    wallOpsPerSecond: Math.round(ops / wall),
  };
}

/**
 * Measures every case in `rounds` interleaved rounds (so a burst of load elsewhere on the machine hits one
 * round of each case, not all of one case), after a warm-up of each.
 */
function measureAll(
  cases: Record<string, () => unknown>,
  seconds: number,
  rounds: number,
): Record<string, Measure> {
  const names = Object.keys(cases);
  for (const name of names) runFor(cases[name]!, 200_000);
  const results: Record<string, Round[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++)
    for (const name of names) results[name]!.push(runFor(cases[name]!, (seconds * 1e6) / rounds));
  return Object.fromEntries(names.map((n) => [n, summarize(results[n]!)]));
}

interface OpensslFigures {
  rsa2048?: { sign: number; verify: number };
  ecdsap256?: { sign: number; verify: number };
  command: string;
}

/** `openssl speed` sign/s and verify/s for rsa2048 and ecdsap256 (pinned to the same core when possible). */
function opensslSpeed(seconds: number): OpensslFigures | undefined {
  const args = ['speed', '-seconds', String(seconds), 'rsa2048', 'ecdsap256'];
  const pinned = process.env.EPIX_BENCH_CPU !== undefined;
  const run = pinned
    ? spawnSync('taskset', ['-c', process.env.EPIX_BENCH_CPU!, 'openssl', ...args], { encoding: 'utf8' })
    : spawnSync('openssl', args, { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  const out = run.stdout;
  const rsa = /^rsa\s+2048 bits\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/m.exec(out);
  const ec = /^\s*256 bits ecdsa \(nistp256\)\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/m.exec(out);
  return {
    command: `${pinned ? `taskset -c ${process.env.EPIX_BENCH_CPU} ` : ''}openssl ${args.join(' ')}`,
    ...(rsa ? { rsa2048: { sign: Number(rsa[1]), verify: Number(rsa[2]) } } : {}),
    ...(ec ? { ecdsap256: { sign: Number(ec[1]), verify: Number(ec[2]) } } : {}),
  };
}

interface KeyResult {
  key: string;
  documentBytes: number;
  signedBytes: number;
  sign: Measure;
  verify: Measure;
  verifyPermit: Measure;
  stages: Record<string, Measure>;
}

async function benchKey(keyType: KeyType, seconds: number, rounds: number): Promise<KeyResult> {
  const at = new Date('2026-06-01T00:00:00Z');
  const pki = await createCountryPki({
    country: 'KE',
    keyType,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    validDays: 365,
  });
  const signer = await XmlSigner.create({ keyPem: pki.signing.keyPem, certPem: pki.signing.certPem });
  const trust = TrustAnchors.from({ anchors: [pki.ca.certPem] });
  const xml = toPermitXml(samplePermit());
  const signed = signer.signSync(xml);
  const schema = await loadPermitSchema();
  const check = verifySignedPermitSync(signed, { trust, at, schema });
  if (!check.ok) throw new Error(`the bench document does not verify: ${check.code} ${check.message}`);

  const key = createPrivateKey(pki.signing.keyPem);
  const cert = new X509Certificate(pki.signing.certPem);
  const hash = 'sha256';
  const signedInfo = Buffer.from('<ds:SignedInfo>'.padEnd(1000, 'x'));
  const rawSignature = cryptoSign(hash, signedInfo, { key, dsaEncoding: 'ieee-p1363' });
  const parsed = parseXmlStrict(xml);
  const signedDoc = parseXmlStrict(signed).document;
  const leaf = check.signer.certificate;

  const stages: Record<string, () => unknown> = {
    'strict parse (unsigned)': () => parseXmlStrict(xml),
    'strict parse (signed)': () => parseXmlStrict(signed),
    'exc-c14n document': () => canonicalizeExclusive(parsed.document),
    'sha256 of c14n': () => createHash(hash).update(xml).digest(),
    'raw sign (node:crypto)': () => cryptoSign(hash, signedInfo, { key, dsaEncoding: 'ieee-p1363' }),
    'raw verify (node:crypto)': () =>
      cryptoVerify(hash, signedInfo, { key: cert.publicKey, dsaEncoding: 'ieee-p1363' }, rawSignature),
    'chain validation (cached)': () => trust.validate(leaf, [], at, { keyUsage: 'digitalSignature' }),
    'fromPermitXml (verified DOM)': () => fromPermitXml(signedDoc),
    'XSD validation (libxml2-wasm)': () => schema.validate(signed),
  };
  const main = {
    sign: () => signer.signSync(xml),
    verify: () => verifyXmlSignatureSync(signed, { trust, at }),
    verifyPermit: () => verifySignedPermitSync(signed, { trust, at, schema }),
  };
  const measured = measureAll({ ...main, ...stages }, seconds, rounds);
  return {
    key: keyType === 'rsa' ? 'RSA-2048' : 'ECDSA P-256',
    documentBytes: Buffer.byteLength(xml),
    signedBytes: Buffer.byteLength(signed),
    sign: measured.sign!,
    verify: measured.verify!,
    verifyPermit: measured.verifyPermit!,
    stages: Object.fromEntries(Object.keys(stages).map((n) => [n, measured[n]!])),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    )
    .join('\n');
}

const fmt = (n: number | undefined): string => (n === undefined ? '-' : n.toLocaleString('en-US'));
const ratio = (ours: number, raw: number | undefined): string =>
  raw ? `${((ours / raw) * 100).toFixed(1)}%` : '-';

/** The operations table: each key's sign, verify and verify-with-permit rows beside `openssl speed`'s. */
function operationsTable(results: KeyResult[], openssl: OpensslFigures | undefined): string {
  const header = [
    'key',
    'operation',
    'ours ops/s',
    'µs/op',
    'median ops/s',
    'wall ops/s',
    'openssl ops/s',
    'ours / openssl',
  ];
  const rows = [header];
  for (const r of results) {
    const raw = r.key === 'RSA-2048' ? openssl?.rsa2048 : openssl?.ecdsap256;
    const row = (operation: string, m: Measure, rawOps: number | undefined): string[] => [
      r.key,
      operation,
      fmt(m.opsPerSecond),
      String(m.microsecondsPerOp),
      fmt(m.medianOpsPerSecond),
      fmt(m.wallOpsPerSecond),
      fmt(rawOps),
      ratio(m.opsPerSecond, rawOps),
    ];
    rows.push(row('sign (parse, c14n, digest, sign, splice)', r.sign, raw?.sign));
    rows.push(row('verify (strict, chain cached)', r.verify, raw?.verify));
    rows.push(row('verify + read permit + XSD', r.verifyPermit, raw?.verify));
  }
  return table(rows);
}

/** The stages table: microseconds per operation of each stage, one column per key. */
function stagesTable(results: KeyResult[]): string {
  const rows = [['stage', ...results.map((r) => `${r.key} µs/op`)]];
  for (const name of Object.keys(results[0]!.stages))
    rows.push([name, ...results.map((r) => String(r.stages[name]!.microsecondsPerOp))]);
  return table(rows);
}

/** Writes the run's JSON under bench/results/ and returns its path. */
function writeSignVerifyResult(json: Record<string, unknown>): string {
  const dir = path.join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `sign-verify-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ bench: 'sign-verify', ...json, at: new Date().toISOString() }, null, 2)}\n`,
  );
  return path.relative(process.cwd(), file);
}

/** Runs the benchmark, prints the tables and writes the JSON under bench/results/. */
export async function runSignVerifyBench(args: readonly string[]): Promise<void> {
  const secondsArg = args.indexOf('--seconds');
  const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 2;
  const roundsArg = args.indexOf('--rounds');
  const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 5;
  const results = [await benchKey('rsa', seconds, rounds), await benchKey('ec', seconds, rounds)];
  const openssl = args.includes('--no-openssl') ? undefined : opensslSpeed(seconds);
  const cpu = process.env.EPIX_BENCH_CPU;
  const rsa = results[0]!;
  const targets =
    `targets (RSA-2048, per core): sign >= 1,000/s: ${rsa.sign.opsPerSecond >= 1000 ? 'met' : 'NOT met'}, ` +
    `verify >= 2,000/s: ${rsa.verify.opsPerSecond >= 2000 ? 'met' : 'NOT met'}`;
  process.stdout.write(
    `sign-verify: ${rsa.documentBytes} B permit (${rsa.signedBytes} B signed with RSA), ` +
      `${seconds} CPU-s per case in ${rounds} interleaved rounds, one thread${cpu ? ` pinned to CPU ${cpu}` : ''}, node ${process.version}, ` +
      `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs\n` +
      'ops/s: best round, per CPU-second of this process (openssl speed also divides by CPU time); wall ops/s show contention\n\n' +
      `${operationsTable(results, openssl)}\n\n${targets}\n\n${stagesTable(results)}\n` +
      (openssl ? `\nopenssl: ${openssl.command}\n` : '\nopenssl speed: not run\n'),
  );
  const file = writeSignVerifyResult({
    node: process.version,
    cpu: cpu ?? null,
    seconds,
    rounds,
    loadAverage: loadavg(),
    results,
    openssl: openssl ?? null,
  });
  process.stdout.write(`results: ${file}\n`);
}
