/**
 * What every AlertDeliveryStore and AlertAcknowledgements must do; run against the in-memory twins here
 * and MongoDB in integration.
 */
import type { AlertAcknowledgements } from '../../src/domain/alerts/alert-acknowledgement';
import type { AlertDeliveryStore } from '../../src/domain/alerts/alert-delivery';
import type { AlertNotification } from '../../src/domain/alerts/alert-notification';

const T0 = new Date('2026-06-01T00:00:00Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

function notification(id: string, alertId = id): AlertNotification {
  return {
    id,
    alertId,
    kind: 'delivery-failed',
    severity: 'critical',
    subject: `message ${alertId}`,
    message: `delivery of ${alertId} failed`,
    at: T0,
    details: { messageId: alertId, nested: { n: 1 } },
  };
}

export function alertDeliveryStoreContract(
  name: string,
  create: () => Promise<{
    store: AlertDeliveryStore;
    acknowledgements: AlertAcknowledgements;
    cleanup: () => Promise<void>;
  }>,
): void {
  describe(`AlertDeliveryStore contract: ${name}`, () => {
    let store: AlertDeliveryStore;
    let acknowledgements: AlertAcknowledgements;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, acknowledgements, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when one notification is enqueued twice for two channels, then each channel gets one pending delivery due at once', async () => {
      const items = [
        { channel: 'ops-webhook', notification: notification('a1') },
        { channel: 'ops-mail', notification: notification('a1') },
      ];
      const [first, second] = await Promise.all([store.enqueue(items, at(0)), store.enqueue(items, at(1))]);
      expect([...first, ...second].sort()).toEqual(['a1|ops-mail', 'a1|ops-webhook']);
      const due = await store.findDue(at(1), 10);
      expect(due.map((d) => d.id).sort()).toEqual(['a1|ops-mail', 'a1|ops-webhook']);
      expect(due[0]).toMatchObject({ state: 'PENDING', attempts: [], notification: notification('a1') });
    });

    test('when many callers claim one attempt, then exactly one gets it and the others learn when it was claimed', async () => {
      await store.enqueue([{ channel: 'c', notification: notification('a2') }], at(0));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.claim('a2|c', 1, `worker-${i}`, at(5))),
      );
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
      for (const result of results.filter((r) => !r.claimed))
        expect(result).toEqual({ claimed: false, claimedAt: at(5) });
      expect((await store.claim('a2|c', 2, 'w', at(6))).claimed).toBe(true);
    });

    test('when an attempt fails and is retried later, then the delivery is not due before its time and the log keeps both attempts', async () => {
      await store.enqueue([{ channel: 'c', notification: notification('a3') }], at(0));
      const failed = { attempt: 1, startedAt: at(1), endedAt: at(2), ok: false, error: 'HTTP 503' };
      await store.recordAttempt('a3|c', failed, { state: 'PENDING', nextAttemptAt: at(60) });
      await store.recordAttempt('a3|c', { ...failed, error: 'again' }, { state: 'FAILED' });
      expect(await store.findDue(at(59), 10)).toEqual([]);
      expect((await store.findDue(at(60), 10)).map((d) => d.id)).toEqual(['a3|c']);
      expect(await store.pendingAlertIds(['a3', 'other'])).toEqual(new Set(['a3']));
      const ok = { attempt: 2, startedAt: at(61), endedAt: at(62), ok: true };
      await store.recordAttempt('a3|c', ok, { state: 'DELIVERED' });
      const [logged] = await store.list({ alertId: 'a3', limit: 10 });
      expect(logged).toMatchObject({ state: 'DELIVERED', deliveredAt: at(62), attempts: [failed, ok] });
      expect(await store.findDue(at(100), 10)).toEqual([]);
      expect(await store.pendingAlertIds(['a3'])).toEqual(new Set());
    });

    test('when the log is listed, then newest first, filtered by alert and state, at most limit', async () => {
      await store.enqueue([{ channel: 'c', notification: notification('b1@warn-0', 'b1') }], at(0));
      await store.enqueue([{ channel: 'c', notification: notification('b1@warn-1', 'b1') }], at(10));
      await store.enqueue([{ channel: 'c', notification: notification('b2') }], at(20));
      await store.recordAttempt(
        'b2|c',
        { attempt: 1, startedAt: at(21), endedAt: at(21), ok: true },
        { state: 'DELIVERED' },
      );
      expect((await store.list({ limit: 10 })).map((d) => d.id)).toEqual([
        'b2|c',
        'b1@warn-1|c',
        'b1@warn-0|c',
      ]);
      expect((await store.list({ alertId: 'b1', limit: 1 })).map((d) => d.id)).toEqual(['b1@warn-1|c']);
      expect((await store.list({ state: 'DELIVERED', limit: 10 })).map((d) => d.id)).toEqual(['b2|c']);
    });

    test('when an alert is acknowledged twice at once, then the first acknowledgement is kept and returned to both', async () => {
      const results = await Promise.all([
        acknowledgements.acknowledge({ alertId: 'x', by: 'alice', at: at(1), note: 'on it' }),
        acknowledgements.acknowledge({ alertId: 'x', by: 'bob', at: at(2) }),
      ]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results[0].acknowledgement).toEqual(results[1].acknowledgement);
      const found = await acknowledgements.find(['x', 'y']);
      expect([...found.keys()]).toEqual(['x']);
      expect(found.get('x')).toEqual(results.find((r) => r.created)!.acknowledgement);
    });
  });
}
