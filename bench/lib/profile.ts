/**
 * Where a gateway's CPU goes during a bench (`--profile`): the gateways run with `--cpu-prof`, and the profile
 * each writes when it stops is summed over the measured window by package: the MongoDB driver, mongoose,
 * xmldsigjs, express, Node's own modules, the gateway's source folders, the garbage collector. A package's
 * inclusive time counts every sample with one of its functions on the stack (what it costs with everything it
 * calls); self time counts the samples it was running itself.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TwoCountries } from '../../scripts/lib/two-countries';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  /** Per cent of the busy (non-idle) time in the window. */
  pct: number;
}

export interface ProfileBreakdown {
  /** Busy (non-idle) CPU milliseconds sampled in the window. */
  busyMs: number;
  self: Share[];
  inclusive: Share[];
}

/** The category of a function: its package, Node's own code, a gateway folder or a V8 state. */
export function categoryOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(root)') return 'root';
    // V8's own state, and built-ins with no script (JSON.parse, crypto digests, buffer copies ...)
    return functionName === '(program)' ? 'V8 (program)' : 'built-ins';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node core';
  const own = /\/dist\/src\/([^/]+)\//.exec(url);
  return own ? `gateway src/${own[1]}` : 'other';
}

/**
 * Left out of the inclusive shares: the root and Node's event loop are on every stack, and V8's built-ins
 * (microtask runs, promise jobs) sit under most of them, so their inclusive share says nothing.
 */
const ON_EVERY_STACK = new Set(['root', 'node core', 'built-ins', 'V8 (program)']);

function parents(profile: CpuProfile): Map<number, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  return parent;
}

const top = (totals: Map<string, number>, busyUs: number, limit: number): Share[] =>
  [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: Math.round((us / busyUs) * 1000) / 10 }));

/**
 * Sums a profile over the window that ended `windowEndMs` before the profile ended and lasted `windowMs`
 * (both measured by the bench's clock: the profile's clock is not the wall clock, so the window is placed
 * from the profile's end, which is when the gateway stopped).
 */
export function breakdown(
  profile: CpuProfile,
  window: { windowMs: number; endBeforeStopMs: number },
  limit = 8,
): ProfileBreakdown {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = parents(profile);
  const to = profile.endTime - window.endBeforeStopMs * 1000;
  const from = to - window.windowMs * 1000;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const own = categoryOf(byId.get(id)!.callFrame);
    if (t < from || t > to || own === 'idle') return;
    busy += dt;
    self.set(own, (self.get(own) ?? 0) + dt);
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      seen.add(categoryOf(byId.get(node)!.callFrame));
    }
    for (const category of seen) {
      // on every stack (the event loop, the root): saying so tells nothing
      if (!ON_EVERY_STACK.has(category)) inclusive.set(category, (inclusive.get(category) ?? 0) + dt);
    }
  });
  return {
    busyMs: Math.round(busy / 1000),
    self: top(self, busy, limit),
    inclusive: top(inclusive, busy, limit),
  };
}

/** The profile a process with `pid` wrote into `dir` (Node names it CPU.<date>.<pid>.<thread>.<n>.cpuprofile). */
export function readProfileOf(dir: string, pid: number): CpuProfile {
  const file = readdirSync(dir).find((f) => f.split('.')[3] === String(pid) && f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile of pid ${pid} in ${dir}`);
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
}

/** One line per category: `mongodb 37.0 %, mongoose 19.2 %, ...`. */
export function formatShares(shares: Share[]): string {
  return shares.map((s) => `${s.name} ${s.pct.toFixed(1)} %`).join(', ');
}

/**
 * `--profile` for the exchange benches: the gateways started after `enable()` write CPU profiles; `start()` and
 * `stop()` mark the measured window; `collect()` stops the gateways (which writes the profiles) and sums each.
 */
export class GatewayProfiler {
  private startedAt = 0;
  private stoppedAt = 0;

  private constructor(readonly dir: string) {}

  /** Makes the gateways started from now on profile themselves into `dir` (emptied first). */
  static enable(dir: string): GatewayProfiler {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.env.EPIX_GATEWAY_NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${dir}`;
    return new GatewayProfiler(dir);
  }

  start(): void {
    this.startedAt = Date.now();
  }

  stop(): void {
    this.stoppedAt = Date.now();
  }

  /** Stops the gateways (a graceful stop writes the profiles) and sums the window of each. */
  async collect(world: TwoCountries, codes: string[]): Promise<Record<string, ProfileBreakdown>> {
    const pids = codes.map((code) => world.process(code).pid);
    await world.stopAll();
    const endBeforeStopMs = Date.now() - this.stoppedAt;
    const out: Record<string, ProfileBreakdown> = {};
    codes.forEach((code, i) => {
      const pid = pids[i];
      if (pid === undefined) throw new Error(`${code} gateway was not running at the end of the window`);
      out[code] = breakdown(readProfileOf(this.dir, pid), {
        windowMs: this.stoppedAt - this.startedAt,
        endBeforeStopMs,
      });
    });
    return out;
  }
}
