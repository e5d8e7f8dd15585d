/**
 * Two countries' gateways (KE exports, CH imports) as separate processes on localhost with real mutual TLS,
 * set up the way an operator would: development PKI from `epix pki init`, one JSON configuration per
 * country, tokens from `epix token create`, and each country onboarded as the other's partner through the
 * admin API. Everything lives in one run folder (.run/<name>) with a state.json, so a later process can find
 * the gateways again (`npm run demo -- --stop`) and stop exactly what was started.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import { MongoClient } from 'mongodb';
import { deepMerge, parseConfig } from '../../src/config/loader';
import type { GatewayConfig } from '../../src/config/schema';
import { ROLES, type Role } from '../../src/domain/auth/token';
import { retryTiers } from '../../src/domain/exchange/backoff';
import { PKI_FILES } from '../../src/domain/pki/dev-pki';
import { deleteTopology, topologyFor } from '../../src/messaging/topology';
import { ApiClient } from './api-client';
import { freePort } from './free-port';
import { GatewayProcess } from './gateway-process';
import { CHECKOUT_TAG, EPIX_BIN, REPO_ROOT, runDir } from './paths';
import { withDatabase, type Services } from './services';

const run = promisify(execFile);

/** The internal API's roles; the scripts create one token for each. */
export { ROLES, type Role };
export type Tokens = Record<Role, string>;

/** One country's gateway as started: where it listens, its files, its tokens. */
export interface CountryRun {
  country: string;
  apiUrl: string;
  exchangeUrl: string;
  /** The country's development root CA (trust anchor of its TLS and signing certificates). */
  caCert: string;
  configFile: string;
  logFile: string;
  pidFile: string;
  mongodbUri: string;
  amqpUrl: string;
  amqpPrefix: string;
  tokens?: Tokens;
}

/** What state.json holds. */
export interface LaunchState {
  name: string;
  createdAt: string;
  mongoServer: string;
  countries: CountryRun[];
}

export interface LaunchOptions {
  /** Run folder name under .run/ (demo, bench, drills); also part of database and queue names. */
  name: string;
  services: Services;
  countries?: readonly string[];
  /** Broker URL for the gateways (default services.amqpUrl), e.g. with a private virtual host. */
  amqpUrl?: string;
  /** Extra configuration per country (retry policy, log level, ...), merged over the defaults. */
  config?: (country: string) => Record<string, unknown>;
  log?: (line: string) => void;
}

/**
 * One country's configuration file, written as an operator would (its own ports, certificates, database and
 * broker prefix), with its earlier stores cleaned; returns where everything is.
 */
async function configureCountry(country: string, dir: string, options: LaunchOptions): Promise<CountryRun> {
  const [apiPort, exchangePort] = [await freePort(), await freePort()];
  const certs = path.join(dir, 'certs', country);
  const lower = country.toLowerCase();
  const mongodbUri = withDatabase(
    options.services.mongodbUri,
    `epix_${options.name.replace(/\W/g, '')}_${CHECKOUT_TAG}_${lower}`,
  );
  const amqpUrl = options.amqpUrl ?? options.services.amqpUrl;
  const amqpPrefix = `epix-${options.name.replace(/[^a-z0-9]/gi, '').toLowerCase()}-${CHECKOUT_TAG}.${lower}`;
  const raw = deepMerge(
    {
      country,
      name: `${country} gateway (${options.name})`,
      exchange: { host: '127.0.0.1', port: exchangePort, publicUrl: `https://127.0.0.1:${exchangePort}` },
      api: { host: '127.0.0.1', port: apiPort },
      signing: {
        keyFile: path.join(certs, PKI_FILES.signingKey),
        certFile: path.join(certs, PKI_FILES.signingCert),
      },
      tls: {
        keyFile: path.join(certs, PKI_FILES.tlsServerKey),
        certFile: path.join(certs, PKI_FILES.tlsServerCert),
        clientKeyFile: path.join(certs, PKI_FILES.tlsClientKey),
        clientCertFile: path.join(certs, PKI_FILES.tlsClientCert),
      },
      mongodbUri,
      amqpUrl,
      amqpPrefix,
      logLevel: 'info',
    },
    options.config?.(country) ?? {},
  );
  const config = parseConfig(raw); // fails here, listing every problem, rather than in a child process
  const configFile = path.join(dir, 'config', `${lower}.json`);
  writeFileSync(configFile, `${JSON.stringify(raw, null, 2)}\n`);
  await cleanStores(config);
  return {
    country,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    exchangeUrl: `https://127.0.0.1:${exchangePort}`,
    caCert: path.join(certs, PKI_FILES.caCert),
    configFile,
    logFile: path.join(dir, 'logs', `${lower}.log`),
    pidFile: path.join(dir, `${lower}.pid`),
    mongodbUri,
    amqpUrl,
    amqpPrefix,
  };
}

/** Runs the `epix` command (compiled) and returns its standard output. */
export async function epix(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('EPIX_') && k !== 'NODE_OPTIONS') clean[k] = v;
  const { stdout } = await run(process.execPath, [EPIX_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...clean, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** One token per role, named `<label> <role>`, made with `epix token create` against a gateway's database. */
export async function createRoleTokens(mongodbUri: string, label: string): Promise<Tokens> {
  const entries = await Promise.all(
    ROLES.map(async (role) => {
      const out = await epix([
        'token',
        'create',
        '--role',
        role,
        '--name',
        `${label} ${role}`,
        '--mongodb-uri',
        mongodbUri,
      ]);
      return [role, (JSON.parse(out) as { token: string }).token] as const;
    }),
  );
  return Object.fromEntries(entries) as Tokens;
}

/** A run of two (or more) country gateways: prepare, start, tokens, onboarding, stop, clean-up. */
export class TwoCountries {
  private readonly processes = new Map<string, GatewayProcess>();
  private readonly clients: ApiClient[] = [];

  private constructor(
    readonly dir: string,
    readonly state: LaunchState,
    private readonly log: (line: string) => void,
  ) {
    for (const c of state.countries) {
      this.processes.set(
        c.country,
        new GatewayProcess({
          country: c.country,
          configFile: c.configFile,
          logFile: c.logFile,
          pidFile: c.pidFile,
          apiUrl: c.apiUrl,
        }),
      );
    }
  }

  /**
   * A fresh run folder: development PKI, free ports, one configuration file per country, empty databases
   * and queues. Refuses when gateways of an earlier run in that folder still run (stop them first).
   */
  static async prepare(options: LaunchOptions): Promise<TwoCountries> {
    const log = options.log ?? (() => undefined);
    const dir = runDir(options.name);
    const earlier = TwoCountries.load(options.name, log);
    if (earlier?.anyRunning()) {
      throw new Error(
        `gateways of an earlier ${options.name} run still run (pids ${earlier.pids().join(', ')}): stop them first`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
    for (const sub of ['certs', 'config', 'logs'])
      mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o700 });

    const countries = options.countries ?? ['KE', 'CH'];
    log(
      `PKI: epix pki init --countries ${countries.join(',')} --out ${path.relative(REPO_ROOT, path.join(dir, 'certs'))}`,
    );
    await epix(['pki', 'init', '--countries', countries.join(','), '--out', path.join(dir, 'certs')]);

    const runs: CountryRun[] = [];
    for (const country of countries) runs.push(await configureCountry(country, dir, options));
    const launched = new TwoCountries(
      dir,
      {
        name: options.name,
        createdAt: new Date().toISOString(),
        mongoServer: options.services.mongoServer,
        countries: runs,
      },
      log,
    );
    launched.save();
    return launched;
  }

  /** The run recorded in .run/<name>/state.json, if any. */
  static load(name: string, log: (line: string) => void = () => undefined): TwoCountries | undefined {
    const file = path.join(runDir(name), 'state.json');
    if (!existsSync(file)) return undefined;
    return new TwoCountries(runDir(name), JSON.parse(readFileSync(file, 'utf8')) as LaunchState, log);
  }

  /** Writes state.json (0600: it holds the tokens). */
  save(): void {
    writeFileSync(path.join(this.dir, 'state.json'), `${JSON.stringify(this.state, null, 2)}\n`, {
      mode: 0o600,
    });
  }

  get countries(): CountryRun[] {
    return this.state.countries;
  }

  country(code: string): CountryRun {
    const found = this.state.countries.find((c) => c.country === code);
    if (!found) throw new Error(`no ${code} in this run`);
    return found;
  }

  process(code: string): GatewayProcess {
    const found = this.processes.get(code);
    if (!found) throw new Error(`no ${code} gateway in this run`);
    return found;
  }

  anyRunning(): boolean {
    return [...this.processes.values()].some((p) => p.isRunning());
  }

  pids(): number[] {
    return [...this.processes.values()].flatMap((p) => (p.pid === undefined ? [] : [p.pid]));
  }

  /** Starts every gateway (in parallel) and waits until each is ready. */
  async startAll(): Promise<void> {
    await Promise.all(
      this.state.countries.map(async (c) => {
        const pid = await this.process(c.country).start();
        this.log(`${c.country}: gateway started (pid ${pid}), API ${c.apiUrl}, exchange ${c.exchangeUrl}`);
      }),
    );
  }

  /** One token per role and country, made with `epix token create` against the country's database. */
  async createTokens(): Promise<void> {
    for (const c of this.state.countries) {
      c.tokens = await createRoleTokens(c.mongodbUri, this.state.name);
      this.log(`${c.country}: tokens created with epix token create (${ROLES.join(', ')})`);
    }
    this.save();
  }

  /** An API client of `code` acting with `role`'s token. */
  api(code: string, role: Role, options: { maxSockets?: number } = {}): ApiClient {
    const c = this.country(code);
    if (!c.tokens) throw new Error(`no tokens for ${code} yet (createTokens first)`);
    const client = new ApiClient(c.apiUrl, { token: c.tokens[role], ...options });
    this.clients.push(client);
    return client;
  }

  /** Each country onboards every other as an active partner: partner record, TLS CA, signing CA. */
  async onboardAll(options: { timeoutMs?: number } = {}): Promise<void> {
    for (const host of this.state.countries) {
      const admin = this.api(host.country, 'admin');
      for (const partner of this.state.countries) {
        if (partner.country === host.country) continue;
        // Onboarding as an administrator does it: record the partner (pending), upload its CAs, activate it.
        const created = await admin.expect<{ status?: string }>(201, 'POST', '/api/v1/partners', {
          code: partner.country,
          name: `${partner.country} Management Authority`,
          endpointUrl: partner.exchangeUrl,
          timeoutMs: options.timeoutMs ?? 5000,
          allowedDocumentTypes: ['export', 're-export', 'other'],
        });
        const pem = readFileSync(partner.caCert, 'utf8');
        for (const role of ['tls-ca', 'signing-ca']) {
          await admin.expect([200, 201], 'POST', `/api/v1/partners/${partner.country}/certificates`, {
            role,
            pem,
          });
        }
        if (created.status !== 'active') {
          await admin.expect(200, 'PATCH', `/api/v1/partners/${partner.country}`, { status: 'active' });
        }
        this.log(
          `${host.country}: onboarded ${partner.country} (${partner.exchangeUrl}; TLS and signing CA) through the admin API`,
        );
      }
    }
  }

  /** Stops every gateway of the run (SIGTERM, then SIGKILL after a grace period). */
  async stopAll(): Promise<void> {
    for (const client of this.clients.splice(0)) client.close();
    await Promise.all(
      this.state.countries.map(async (c) => {
        const p = this.process(c.country);
        const pid = p.pid;
        if (pid === undefined) return;
        await p.stop();
        this.log(`${c.country}: gateway stopped (pid ${pid})`);
      }),
    );
  }

  /** Drops the run's databases and deletes its queues and exchanges (gateways must be stopped). */
  async cleanup(): Promise<void> {
    for (const c of this.state.countries) {
      const raw = JSON.parse(readFileSync(c.configFile, 'utf8')) as Record<string, unknown>;
      await cleanStores(parseConfig(raw));
    }
  }
}

/** Empties a gateway's database and deletes its queues and exchanges (a run starts from nothing). */
async function cleanStores(config: GatewayConfig): Promise<void> {
  const client = new MongoClient(config.mongodbUri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
  const connection = await amqp.connect(config.amqpUrl);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    await deleteTopology(channel, topologyFor(config.amqpPrefix), retryTiers(config.retry));
    await channel.close();
  } finally {
    await connection.close();
  }
}
