/**
 * Issue 13, point 3, end to end: KE delivers to CH through a slow partner front (real mutual TLS both
 * ways, real RabbitMQ and database) that answers KE's first attempt only after its lease ran out and a
 * second worker took the message over and delivered it. The late answer must not change anything: exactly
 * one DELIVERED, the state never goes back, every attempt recorded (the late one kept apart), CH stores the
 * permit once.
 *
 * A lease shorter than the partner timeout is refused at start-up (checked below); the gateway here is
 * built with such a configuration on purpose, standing in for any send that outlives its lease (a paused
 * process, a stalled database after the answer), so that fencing itself is what is tested.
 */
import { randomUUID } from 'node:crypto';
import { parseConfig } from '../../src/config/loader';
import type { OutboundMessage } from '../../src/domain/exchange/records';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { isoDay, samplePermit } from '../../scripts/lib/sample-permits';
import { testGatewayConfig } from '../support/gateway';
import { dropDatabaseOf } from '../support/services';
import { startSlowPartner, type SlowPartner } from '../support/slow-partner';
import { createTokens, eventually, onboard, startCountry, type TestCountry } from '../support/two-countries';
import request from 'supertest';

const LEASE_MS = 1_500;

describe('fencing of deliveries when a partner answers after the lease ran out', () => {
  let ch: TestCountry;
  let ke: TestCountry;
  let front: SlowPartner;

  beforeAll(async () => {
    ch = await startCountry('CH');
    const config = await testGatewayConfig('KE');
    config.delivery = {
      ...config.delivery,
      leaseMs: LEASE_MS,
      partnerTimeoutCapMs: 20_000,
      sweepIntervalMs: 300,
    };
    const gateway = new Gateway(config, { logger: createSilentLogger() });
    await gateway.start();
    ke = { country: 'KE', gateway, tokens: await createTokens(gateway), api: () => request(gateway.apiUrl) };
    front = await startSlowPartner({ partner: 'CH', sender: 'KE', target: ch.gateway.exchangeUrl });
    await Promise.all([
      onboard(ke, { country: 'CH', exchangeUrl: front.url }, { timeoutMs: 15_000 }),
      onboard(ch, { country: 'KE', exchangeUrl: ke.gateway.exchangeUrl }),
    ]);
  }, 90_000);

  afterAll(async () => {
    await front?.close();
    for (const side of [ke, ch]) {
      if (!side) continue;
      await side.gateway.close();
      await dropDatabaseOf(side.gateway.config.mongodbUri);
    }
  });

  it('when the lease does not exceed the partner timeout cap plus the margin, then start-up refuses the configuration', async () => {
    const raw = await testGatewayConfig('KE');
    expect(() =>
      parseConfig({
        ...raw,
        delivery: { leaseMs: LEASE_MS, partnerTimeoutCapMs: 20_000, leaseMarginMs: 5_000 },
      }),
    ).toThrow(/delivery\.leaseMs \(EPIX_DELIVERY_LEASE_MS\): must exceed/);
  });

  async function submit(): Promise<string> {
    const today = new Date();
    const res = await ke
      .api()
      .post('/api/v1/permits')
      .set('Authorization', `Bearer ${ke.tokens.issuer}`)
      .send(
        samplePermit({
          permitNumber: `KE-FENCE-${randomUUID().slice(0, 8)}`,
          issueDate: isoDay(today),
          validFrom: isoDay(today),
          validUntil: isoDay(today, 90),
        }),
      );
    expect(res.status).toBe(202);
    return (res.body as { messageId: string }).messageId;
  }

  /** Reads KE's record every 25 ms and keeps every state seen, in order (until stopped). */
  function watchStates(messageId: string): { seen: string[]; stop(): void } {
    const seen: string[] = [];
    let running = true;
    void (async () => {
      while (running) {
        const state = (await ke.gateway.exchange.messages.findOutboundState(messageId))?.state;
        if (state && seen[seen.length - 1] !== state) seen.push(state);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    return { seen, stop: () => (running = false) };
  }

  async function deliveredRecord(messageId: string): Promise<OutboundMessage> {
    return eventually(
      async () => {
        const record = await ke.gateway.exchange.messages.findOutboundState(messageId);
        return record?.state === 'DELIVERED' ? record : undefined;
      },
      { what: `${messageId} DELIVERED by a second attempt`, timeoutMs: 15_000 },
    );
  }

  async function storedAtCh(messageId: string): Promise<number> {
    const res = await ch
      .api()
      .get(`/api/v1/messages?direction=inbound&partner=KE&limit=500`)
      .set('Authorization', `Bearer ${ch.tokens.auditor}`);
    const items = (res.body as { items: Array<{ messageId: string; state: string }> }).items;
    return items.filter((m) => m.messageId === messageId && m.state === 'RECEIVED').length;
  }

  it.each([
    ['answers with its receipt', 'deliver'],
    ['answers 503', 'fail'],
  ] as const)(
    'when the partner %s after the lease ran out and a second attempt delivered, then exactly one DELIVERED, the state never goes back and every attempt is recorded',
    async (_what, late) => {
      const held = front.holdNext();
      const messageId = await submit();
      const first = await held;
      const watch = watchStates(messageId);
      try {
        const delivered = await deliveredRecord(messageId);
        expect(delivered.attempts.map((a) => a.attempt)).toEqual([1, 2]);
        first[late]();
        const lateAttempts = await eventually(
          async () => {
            const found = await ke.gateway.exchange.messages.findLateAttempts(messageId);
            return found.length ? found : undefined;
          },
          { what: 'the late outcome of attempt 1 to be recorded', timeoutMs: 20_000 },
        );
        expect(lateAttempts).toEqual([
          expect.objectContaining({
            attempt: 1,
            outcome: late === 'deliver' ? 'delivered' : 'transient-failure',
          }),
        ]);
        await new Promise((resolve) => setTimeout(resolve, 2 * LEASE_MS)); // any retry would have run
        const final = await ke.gateway.exchange.messages.findOutboundState(messageId);
        expect(final?.state).toBe('DELIVERED');
        expect(final?.attempts.map((a) => [a.attempt, a.outcome, a.code ?? null])).toEqual([
          [1, 'transient-failure', 'DELIVERY_LEASE_EXPIRED'],
          [2, 'delivered', null],
        ]);
        expect(await storedAtCh(messageId)).toBe(1);
      } finally {
        watch.stop();
      }
      expect(watch.seen.slice(watch.seen.indexOf('DELIVERED'))).toEqual(['DELIVERED']);
    },
    60_000,
  );
});
