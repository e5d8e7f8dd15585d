import type { AlertChannel } from '../../../src/domain/alerts/alert-channel';
import type { AlertNotification } from '../../../src/domain/alerts/alert-notification';
import type { Clock } from '../../../src/domain/ports';
import { deliverAlert, type DeliverAlertDeps } from '../../../src/flows/alerts/deliver-alert';
import { createLogger } from '../../../src/logging/logger';
import { InMemoryAlertDeliveryStore } from '../../contract/twins/in-memory-alert-delivery-store';

const T0 = new Date('2026-06-01T00:00:00Z').getTime();
const notification: AlertNotification = {
  id: 'n1',
  alertId: 'n1',
  kind: 'delivery-failed',
  severity: 'critical',
  subject: 'message m1',
  message: 'failed',
  at: new Date(T0),
  details: {},
};

class ScriptedChannel implements AlertChannel {
  readonly name = 'hook';
  readonly received: string[] = [];
  constructor(private readonly answers: Array<'ok' | 'fail'>) {}
  send(n: AlertNotification, deliveryId: string): Promise<void> {
    const answer = this.answers.shift() ?? 'ok';
    if (answer === 'fail') return Promise.reject(new Error('HTTP 503'));
    this.received.push(`${n.id}/${deliveryId}`);
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function setup(answers: Array<'ok' | 'fail'>, maxAttempts = 5) {
  let now = T0;
  const clock: Clock = { now: () => new Date(now) };
  const store = new InMemoryAlertDeliveryStore();
  const channel = new ScriptedChannel(answers);
  const outcomes: string[] = [];
  const deps: DeliverAlertDeps = {
    deliveries: store,
    channels: new Map([['hook', channel]]),
    owner: 'test',
    retry: {
      maxAttempts,
      initialDelayMs: 1000,
      maxDelayMs: 8000,
      multiplier: 2,
      jitter: 0,
      windowMs: 3_600_000,
    },
    leaseMs: 60_000,
    clock,
    logger: createLogger({ level: 'error' }),
    onOutcome: (_channel, outcome) => outcomes.push(outcome),
  };
  const advance = (ms: number): void => {
    now += ms;
  };
  /** Runs every due delivery once, as one sweep does. */
  const sweep = async (): Promise<void> => {
    for (const delivery of await store.findDue(clock.now(), 10)) await deliverAlert(deps, delivery);
  };
  return { store, channel, outcomes, advance, sweep, deps, clock };
}

describe('deliverAlert', () => {
  test('when the receiver fails twice then accepts, then it gets the notification once after backoffs of 1 s and 2 s', async () => {
    const t = setup(['fail', 'fail', 'ok']);
    await t.store.enqueue([{ channel: 'hook', notification }], new Date(T0));
    await t.sweep();
    await t.sweep(); // not due yet
    t.advance(999);
    await t.sweep(); // still not due
    t.advance(1);
    await t.sweep();
    t.advance(2000);
    await t.sweep();
    t.advance(60_000);
    await t.sweep();
    expect(t.channel.received).toEqual(['n1/n1|hook']);
    expect(t.outcomes).toEqual(['retry', 'retry', 'delivered']);
    const [logged] = await t.store.list({ limit: 1 });
    expect(logged?.state).toBe('DELIVERED');
    expect(logged?.attempts.map((a) => [a.attempt, a.ok, a.error])).toEqual([
      [1, false, 'HTTP 503'],
      [2, false, 'HTTP 503'],
      [3, true, undefined],
    ]);
  });

  test('when every attempt fails, then the delivery ends FAILED after maxAttempts and is no longer due', async () => {
    const t = setup(['fail', 'fail', 'fail', 'fail'], 3);
    await t.store.enqueue([{ channel: 'hook', notification }], new Date(T0));
    for (let i = 0; i < 6; i++) {
      await t.sweep();
      t.advance(10_000);
    }
    expect(t.outcomes).toEqual(['retry', 'retry', 'failed']);
    expect((await t.store.list({ limit: 1 }))[0]?.state).toBe('FAILED');
    expect(await t.store.findDue(t.clock.now(), 10)).toEqual([]);
  });

  test('when another instance holds the attempt, then nothing is sent until its lease runs out, then the attempt is logged as lost and retried', async () => {
    const t = setup(['ok']);
    await t.store.enqueue([{ channel: 'hook', notification }], new Date(T0));
    await t.store.claim('n1|hook', 1, 'dead-instance', new Date(T0));
    await t.sweep();
    expect(t.outcomes).toEqual([]);
    t.advance(60_000);
    await t.sweep(); // records the lost attempt 1, due again at once
    await t.sweep(); // attempt 2
    expect(t.outcomes).toEqual(['lost', 'delivered']);
    expect(t.channel.received).toEqual(['n1/n1|hook']);
  });

  test('when the channel named by the delivery is no longer configured, then the attempt fails and is retried', async () => {
    const t = setup([]);
    await t.store.enqueue([{ channel: 'gone', notification }], new Date(T0));
    await t.sweep();
    const [logged] = await t.store.list({ limit: 1 });
    expect(logged?.attempts[0]?.error).toBe('channel gone is not configured');
    expect(logged?.state).toBe('PENDING');
  });
});
