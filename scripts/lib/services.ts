/**
 * RabbitMQ and the MongoDB-compatible server, through scripts/services.sh: it knows how to find, install or
 * start them (and how it started them, for restarts). The scripts read the result from services.env.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths';

/** What the gateways connect to, as scripts/services.sh wrote it. */
export interface Services {
  amqpUrl: string;
  /** Server URI without a database name (the scripts add theirs). */
  mongodbUri: string;
  /** `ferretdb-sqlite`, `ferretdb-postgresql`, `mongod`, `given` or `external`. */
  mongoServer: string;
  /** Folder of services.env and the pid files. */
  dir: string;
}

export interface ServicesOptions {
  /** A private folder (and ports) for a second set of services beside the shared one; default .run. */
  dir?: string;
  ferretdbPort?: number;
  mongodPort?: number;
  /** FerretDB's storage when the script starts one (default sqlite); postgresql needs PostgreSQL on 5432. */
  ferretdbBackend?: 'sqlite' | 'postgresql';
  /** PostgreSQL database of FerretDB's postgresql backend (default ferretdb). */
  ferretdbPgDatabase?: string;
  /** Where the script's lines go (default: stderr, prefixed). */
  log?: (line: string) => void;
}

function envOf(options: ServicesOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.dir) env.EPIX_SERVICES_DIR = options.dir;
  if (options.ferretdbPort) env.FERRETDB_PORT = String(options.ferretdbPort);
  if (options.mongodPort) env.MONGOD_PORT = String(options.mongodPort);
  if (options.ferretdbBackend) env.FERRETDB_BACKEND = options.ferretdbBackend;
  if (options.ferretdbPgDatabase) env.FERRETDB_PG_DATABASE = options.ferretdbPgDatabase;
  if (options.dir) delete env.MONGODB_URI; // a private set must not fall back to the shared server
  return env;
}

/** Runs `bash scripts/services.sh <args>`; resolves with its exit code, lines go to `log`. */
export function runServicesScript(args: string[], options: ServicesOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO_ROOT, 'scripts', 'services.sh'), ...args], {
      cwd: REPO_ROOT,
      env: envOf(options),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) log(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (buffered.trim()) log(buffered);
      resolve(code ?? 1);
    });
  });
}

/** Parses `export NAME='value'` lines. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)=(?:'([^']*)'|"([^"]*)"|(\S*))\s*$/.exec(line);
    if (m) out[m[1]!] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return out;
}

/** Makes sure both servers run (starting what is missing) and returns where they are. */
export async function ensureServices(options: ServicesOptions = {}): Promise<Services> {
  const code = await runServicesScript(['start'], options);
  if (code !== 0) throw new Error(`scripts/services.sh start failed (exit ${code})`);
  const dir = options.dir ?? path.join(REPO_ROOT, '.run');
  const env = parseEnvFile(readFileSync(path.join(dir, 'services.env'), 'utf8'));
  if (!env.MONGODB_URI || !env.AMQP_URL) throw new Error(`${dir}/services.env lacks MONGODB_URI or AMQP_URL`);
  return {
    amqpUrl: env.AMQP_URL,
    mongodbUri: env.MONGODB_URI,
    mongoServer: env.EPIX_MONGO_SERVER ?? 'unknown',
    dir,
  };
}

/** `uri` with `database` as its path (keeps host, credentials and query). */
export function withDatabase(uri: string, database: string): string {
  const url = new URL(uri);
  url.pathname = `/${database}`;
  return url.toString();
}

/** `url` with `vhost` as its virtual host. */
export function withVhost(amqpUrl: string, vhost: string): string {
  const url = new URL(amqpUrl);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return url.toString();
}
