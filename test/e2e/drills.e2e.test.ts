/**
 * The fault drills of `npm run drills`, CI-sized: 100 permits per drill, CH down 5 s, the database down 2 s,
 * a 10 s delivery lease. Both gateways run as separate `epix serve` processes (the compiled dist/, built by
 * scripts/test.sh) on a private MongoDB-compatible server and a private RabbitMQ virtual host.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DRILL_NAMES, runDrills, type DrillReport } from '../../scripts/lib/drills';

// All four faults, the database restart included (it once hung the gateways' MongoDB driver for good:
// src/storage/mongo-monitor-watchdog.ts).
const CI_DRILLS = DRILL_NAMES;

const built = existsSync(path.join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js'));

describe('fault drills (two gateway processes, 100 permits per drill)', () => {
  let report: DrillReport;
  const lines: string[] = [];

  beforeAll(async () => {
    if (!built) throw new Error('dist/ is missing: run `npm run build` (scripts/test.sh does)');
    report = await runDrills({
      runName: 'drills-ci',
      only: CI_DRILLS,
      // EPIX_DRILLS_FERRETDB_PORT: another free port when 27058 is taken on this machine
      ferretdbPort: Number(process.env.EPIX_DRILLS_FERRETDB_PORT ?? 27058),
      count: 100,
      chDownSeconds: 5,
      mongoDownSeconds: 2,
      timeoutMs: 180_000,
      config: { delivery: { leaseMs: 10_000, partnerTimeoutCapMs: 4_000 }, retry: { maxDelayMs: 10_000 } },
      log: (line) => lines.push(line),
    });
  }, 900_000);

  it.each(CI_DRILLS)(
    'when the %s fault hits mid-batch, then 0 lost, 0 duplicated, every message DELIVERED',
    (name) => {
      const result = report.results.find((r) => r.drill === name);
      if (!result?.ok) process.stderr.write(`${lines.join('\n')}\n`);
      expect(result).toBeDefined();
      // A drill whose prerequisite is missing (no rabbitmqctl, no private database server) fails here:
      // it did not run, so it proves nothing.
      expect(result!.skipped).toBeUndefined();
      expect(result!.error).toBeUndefined();
      expect({ lost: result!.lost, duplicated: result!.duplicated }).toEqual({ lost: 0, duplicated: 0 });
      expect(result!.states).toEqual({ DELIVERED: 100 });
      expect(result!.storedAtCh).toBe(100);
      expect(result!.ok).toBe(true);
    },
  );
});
