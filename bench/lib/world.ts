/**
 * The system under test for the exchange benches: both gateways as separate processes (scripts/lib's
 * launcher), onboarded, with tokens, on the services scripts/services.sh provides, plus the ledger reader.
 */
import { ensureServices, type Services } from '../../scripts/lib/services';
import { LedgerReader } from '../../scripts/lib/ledger';
import { TwoCountries } from '../../scripts/lib/two-countries';

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
