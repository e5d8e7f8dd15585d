/**
 * The system under test for the exchange benches: both gateways as separate processes (scripts/lib's
 * launcher), onboarded, with tokens, on the services scripts/services.sh provides, plus the ledger reader.
 */
import { ensureServices, type Services } from '../../scripts/lib/services';
import { LedgerReader } from '../../scripts/lib/ledger';
import { TwoCountries } from '../../scripts/lib/two-countries';

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
  close(): Promise<void>;
}

/** Starts KE and CH for a bench (log level warn: per-message info lines would cost CPU the figures need). */
export async function startBenchWorld(
  options: { config?: Record<string, unknown>; log?: (line: string) => void } = {},
): Promise<BenchWorld> {
  const log = options.log ?? ((line: string) => process.stderr.write(`  ${line}\n`));
  const services = await ensureServices({ log });
  const world = await TwoCountries.prepare({
    name: 'bench',
    services,
    log,
    config: () => ({ logLevel: 'warn', ...options.config }),
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
      async close() {
        await ledger.close();
        await world.stopAll();
        await world.cleanup();
      },
    };
  } catch (error) {
    await world.stopAll();
    throw error;
  }
}
