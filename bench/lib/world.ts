/**
 * The system under test for the exchange benches: both gateways as separate processes (scripts/lib's
 * launcher), onboarded, with tokens, on the services scripts/services.sh provides, plus the ledger reader.
 */
import path from 'node:path';
import { runDir } from '../../scripts/lib/paths';
import {
  ensureServices,
  runServicesScript,
  type Services,
  type ServicesOptions,
} from '../../scripts/lib/services';
import { LedgerReader } from '../../scripts/lib/ledger';
import { TwoCountries } from '../../scripts/lib/two-countries';
import { findRabbitmqPid, pidFromFile } from './cpu';

/**
 * Gateway configuration overrides from `--set key=value[,key=value]` (dotted keys, e.g.
 * `--set delivery.concurrency=8,delivery.sweepIntervalMs=30000`), for tuning runs.
 */
export function configOverrides(value: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of (value ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`--set expects key=value, got ${pair}`);
    const path = pair.slice(0, eq).split('.');
    const raw = pair.slice(eq + 1);
    let node = out;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  return out;
}

export interface BenchWorld {
  world: TwoCountries;
  services: Services;
  ledger: LedgerReader;
  /** Processes whose CPU time the benches report: the gateways, the database server, RabbitMQ. */
  processes(): Record<string, number | undefined>;
  close(): Promise<void>;
}

/**
 * Which database server a bench uses: `shared` is what scripts/services.sh provides (the README's route);
 * `sqlite` / `postgresql` start a private FerretDB with that backend for the bench alone (and stop it after).
 */
export type BenchDb = 'shared' | 'sqlite' | 'postgresql';

/** Parses `--db`. */
export function benchDbOf(value: string | undefined): BenchDb {
  const db = value ?? 'shared';
  if (db !== 'shared' && db !== 'sqlite' && db !== 'postgresql') {
    throw new Error(`--db must be shared, sqlite or postgresql, got ${db}`);
  }
  return db;
}

/** Starts KE and CH for a bench (log level warn: per-message info lines would cost CPU the figures need). */
export async function startBenchWorld(
  options: { config?: Record<string, unknown>; db?: BenchDb; log?: (line: string) => void } = {},
): Promise<BenchWorld> {
  const log = options.log ?? ((line: string) => process.stderr.write(`  ${line}\n`));
  const privateServices: ServicesOptions | undefined =
    options.db && options.db !== 'shared'
      ? {
          dir: runDir('bench-services'),
          ferretdbPort: 27068,
          mongodPort: 27069,
          ferretdbBackend: options.db,
          ferretdbPgDatabase: 'ferretdb_bench',
          log,
        }
      : undefined;
  const services = await ensureServices(privateServices ?? { log });
  const stopServices = async () => {
    if (privateServices) await runServicesScript(['stop'], privateServices);
  };
  const world = await TwoCountries.prepare({
    name: 'bench',
    services,
    log,
    config: () => ({ logLevel: 'warn', ...options.config }),
  }).catch(async (error: unknown) => {
    await stopServices();
    throw error;
  });
  try {
    await world.startAll();
    await world.createTokens();
    await world.onboardAll();
    const ledger = await LedgerReader.open(world.country('KE').mongodbUri, world.country('CH').mongodbUri);
    return {
      world,
      services,
      ledger,
      processes: () => ({
        KE: world.process('KE').pid,
        CH: world.process('CH').pid,
        database:
          pidFromFile(path.join(services.dir, 'ferretdb.pid')) ??
          pidFromFile(path.join(services.dir, 'mongod.pid')),
        rabbitmq: findRabbitmqPid(),
      }),
      async close() {
        await ledger.close();
        await world.stopAll();
        await world.cleanup();
        await stopServices();
      },
    };
  } catch (error) {
    await world.stopAll();
    await stopServices();
    throw error;
  }
}
