/**
 * One country's gateway as a separate operating-system process (`node bin/epix.js serve`), the way an
 * operator runs it: configured by a JSON file, logging to a file, found again through its pid file, so a
 * later `--stop` (or a drill's kill -9 and restart) acts on exactly the process that was started.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { EPIX_BIN, REPO_ROOT } from './paths';

export interface GatewayProcessSpec {
  country: string;
  /** JSON configuration passed as EPIX_CONFIG (the whole configuration: nothing comes from the environment). */
  configFile: string;
  logFile: string;
  pidFile: string;
  /** http URL of the internal API, for readiness. */
  apiUrl: string;
}

/** True when a process with this pid exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/** True when `pid` runs `epix.js serve` (a recycled pid of another program is never signalled). */
export function isGatewayProcess(pid: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((part) => part.endsWith('epix.js')) && cmdline.includes('serve');
  } catch {
    return isAlive(pid);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The environment of a gateway process: ours minus every variable the configuration loader would read.
 * EPIX_GATEWAY_NODE_OPTIONS are given to the gateways' node as arguments (see nodeArgs).
 */
function gatewayEnv(configFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('EPIX_') || name === 'MONGODB_URI' || name === 'AMQP_URL' || name === 'NODE_OPTIONS')
      continue;
    env[name] = value;
  }
  env.EPIX_CONFIG = configFile;
  return env;
}

/**
 * Node options for the gateways from EPIX_GATEWAY_NODE_OPTIONS (profiling: `--cpu-prof --cpu-prof-dir=DIR`),
 * passed as arguments: Node 20 refuses --cpu-prof in NODE_OPTIONS.
 */
function nodeArgs(): string[] {
  return (process.env.EPIX_GATEWAY_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
}

function probeReady(apiUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(new URL('/health/ready', apiUrl), { timeout: 1000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Start, readiness, graceful stop and kill -9 of one gateway process, found through its pid file. */
export class GatewayProcess {
  constructor(readonly spec: GatewayProcessSpec) {}

  /** The pid from the pid file, when that process is still a running gateway. */
  get pid(): number | undefined {
    if (!existsSync(this.spec.pidFile)) return undefined;
    const pid = Number(readFileSync(this.spec.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) && isGatewayProcess(pid) ? pid : undefined;
  }

  isRunning(): boolean {
    return this.pid !== undefined;
  }

  /**
   * Starts the process detached (its own process group, so it can outlive us with --keep-running), output
   * appended to the log file, and waits until /health/ready answers 200.
   */
  async start(readyTimeoutMs = 60_000): Promise<number> {
    if (this.isRunning()) throw new Error(`${this.spec.country} gateway already runs (pid ${this.pid})`);
    const log = openSync(this.spec.logFile, 'a');
    const child = spawn(process.execPath, [...nodeArgs(), EPIX_BIN, 'serve'], {
      cwd: REPO_ROOT,
      env: gatewayEnv(this.spec.configFile),
      stdio: ['ignore', log, log],
      detached: true,
    });
    closeSync(log);
    const pid = child.pid;
    if (pid === undefined) throw new Error(`${this.spec.country} gateway: spawn failed`);
    let exited: string | undefined;
    child.on('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `exit code ${code}`;
    });
    child.unref();
    writeFileSync(this.spec.pidFile, `${pid}\n`);
    const deadline = Date.now() + readyTimeoutMs;
    while (!(await probeReady(this.spec.apiUrl))) {
      if (exited)
        throw new Error(`${this.spec.country} gateway stopped at start-up (${exited}):\n${this.logTail()}`);
      if (Date.now() > deadline) {
        throw new Error(
          `${this.spec.country} gateway not ready after ${readyTimeoutMs} ms:\n${this.logTail()}`,
        );
      }
      await sleep(100);
    }
    return pid;
  }

  /** Waits until /health/ready answers 200 again (after a dependency came back). */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probeReady(this.spec.apiUrl))) {
      if (Date.now() > deadline)
        throw new Error(`${this.spec.country} gateway not ready after ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  /** SIGTERM (graceful: workers finish, connections close), SIGKILL if still there after `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) {
      rmSync(this.spec.pidFile, { force: true });
      return;
    }
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(50);
    if (isAlive(pid)) {
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await sleep(20);
    }
    rmSync(this.spec.pidFile, { force: true });
  }

  /** kill -9: no clean-up of any kind (the crash drill). */
  async kill(): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) throw new Error(`${this.spec.country} gateway is not running`);
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(10);
    rmSync(this.spec.pidFile, { force: true });
  }

  /** The last lines of the log (for start-up failures). */
  logTail(lines = 20): string {
    try {
      return readFileSync(this.spec.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
