/** What every AlertStore must do; run against the in-memory twin here and MongoDB in integration. */
import type { AlertStore } from '../../src/domain/alerts/alert';

export function alertStoreContract(
  name: string,
  create: () => Promise<{ store: AlertStore; cleanup: () => Promise<void> }>,
): void {
  describe(`AlertStore contract: ${name}`, () => {
    let store: AlertStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when an alert is raised twice with one key, then it is stored once and the first one is returned', async () => {
      const first = await store.raise({
        kind: 'delivery-failed',
        severity: 'critical',
        subject: 'message:m1',
        message: 'delivery of m1 to CH failed',
        details: { messageId: 'm1', attempts: 12, nested: { ok: false } },
        key: 'delivery-failed:m1',
        at: new Date('2026-05-01T00:00:00Z'),
      });
      const again = await Promise.all([
        store.raise({
          kind: 'delivery-failed',
          severity: 'warning',
          subject: 'x',
          message: 'y',
          key: 'delivery-failed:m1',
        }),
        store.raise({
          kind: 'delivery-failed',
          severity: 'warning',
          subject: 'x',
          message: 'y',
          key: 'delivery-failed:m1',
        }),
      ]);
      expect(again).toEqual([first, first]);
      expect(first).toEqual({
        id: 'delivery-failed:m1',
        kind: 'delivery-failed',
        severity: 'critical',
        subject: 'message:m1',
        message: 'delivery of m1 to CH failed',
        details: { messageId: 'm1', attempts: 12, nested: { ok: false } },
        at: new Date('2026-05-01T00:00:00Z'),
      });
      expect(await store.list({ limit: 10 })).toEqual([first]);
    });

    test('when alerts are listed, then newest first, filtered by kind or subject, at most limit', async () => {
      const day = (d: number): Date => new Date(Date.UTC(2026, 4, d));
      await store.raise({ kind: 'a', severity: 'info', subject: 's1', message: 'm', at: day(1) });
      await store.raise({ kind: 'b', severity: 'warning', subject: 's2', message: 'm', at: day(3) });
      await store.raise({ kind: 'a', severity: 'critical', subject: 's2', message: 'm', at: day(2) });
      expect((await store.list({ limit: 10 })).map((a) => a.at)).toEqual([day(3), day(2), day(1)]);
      expect((await store.list({ kind: 'a', limit: 10 })).map((a) => a.severity)).toEqual([
        'critical',
        'info',
      ]);
      expect((await store.list({ subject: 's2', limit: 10 })).map((a) => a.kind)).toEqual(['b', 'a']);
      expect(await store.list({ limit: 1 })).toHaveLength(1);
    });

    test('when subject and message are left out, then they default to the key and the kind', async () => {
      const alert = await store.raise({
        kind: 'receipt-invalid',
        severity: 'warning',
        key: 'receipt-invalid:m9',
      });
      expect(alert).toMatchObject({ subject: 'receipt-invalid:m9', message: 'receipt-invalid', details: {} });
    });
  });
}
