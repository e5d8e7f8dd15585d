/** What every RetentionStore must do; run against the in-memory twin here and MongoDB in integration. */
import type { RetentionStore } from '../../src/domain/retention/retention-store';

const T0 = new Date('2026-01-01T00:00:00Z');
const day = (n: number): Date => new Date(T0.getTime() + n * 86_400_000);

export function retentionStoreContract(
  name: string,
  create: () => Promise<{
    store: RetentionStore;
    /** Stores alerts with these ids and times. */
    seedAlerts: (alerts: Array<{ id: string; at: Date }>) => Promise<void>;
    cleanup: () => Promise<void>;
  }>,
): void {
  describe(`RetentionStore contract: ${name}`, () => {
    let context: Awaited<ReturnType<typeof create>>;
    beforeEach(async () => {
      context = await create();
    });
    afterEach(async () => {
      await context.cleanup();
    });

    test('when five instances claim one run at once, then exactly one gets it; another run is free', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => context.store.claimRun('purge:1', `i${i}`, T0)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await context.store.claimRun('purge:2', 'i0', T0)).toBe(true);
    });

    test('when old records are paged, then only those before the cutoff come, in id order, after the given id, at most limit', async () => {
      await context.seedAlerts([
        { id: 'c', at: day(1) },
        { id: 'a', at: day(2) },
        { id: 'e', at: day(3) },
        { id: 'b', at: day(10) },
        { id: 'd', at: day(4) },
      ]);
      const page = (afterId?: string) =>
        context.store.oldAlerts({ before: day(5), limit: 2, ...(afterId !== undefined && { afterId }) });
      expect((await page()).map((c) => c.id)).toEqual(['a', 'c']);
      expect((await page('c')).map((c) => c.id)).toEqual(['d', 'e']);
      expect(await page('e')).toEqual([]);
      expect((await page()).map((c) => c.at)).toEqual([day(2), day(1)]);
    });

    test('when records are deleted, then the count is of those that existed and they no longer come', async () => {
      await context.seedAlerts([
        { id: 'x', at: day(1) },
        { id: 'y', at: day(1) },
      ]);
      expect(await context.store.delete('alerts', ['x', 'missing'])).toBe(1);
      expect((await context.store.oldAlerts({ before: day(5), limit: 10 })).map((c) => c.id)).toEqual(['y']);
    });
  });
}
