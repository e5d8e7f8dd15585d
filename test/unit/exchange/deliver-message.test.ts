/**
 * deliverMessage as a pure flow: the in-memory message repository (held to the MongoDB contract), a stub
 * partner transport and a recording queue. It covers the worker's decisions without RabbitMQ, MongoDB or
 * TLS; the exchange e2e test covers the same flow across two real gateways.
 */
import { sha256Base64, toReceiptXml } from '../../../src/domain/exchange/envelope-xml';
import type { RetryPolicy } from '../../../src/domain/exchange/backoff';
import type { ReceiptStatus } from '../../../src/domain/exchange/message';
import type { OutboundMessage } from '../../../src/domain/exchange/records';
import type { DirectoryPartner } from '../../../src/domain/partners/directory-snapshot';
import { createCountryPki } from '../../../src/domain/pki/dev-pki';
import { TrustAnchors } from '../../../src/domain/pki/trust-anchors';
import { XmlSigner } from '../../../src/domain/signing/xml-signer';
import {
  deliverMessage,
  EXCHANGE_MESSAGES_PATH,
  type DeliverMessageDeps,
  type PartnerTransport,
} from '../../../src/flows/deliver-message';
import { MessageSweeper } from '../../../src/flows/sweep-messages';
import { createSilentLogger } from '../../../src/logging/logger';
import type { ExchangeQueue } from '../../../src/messaging/exchange-queues';
import { InMemoryAlertStore } from '../../contract/twins/in-memory-alert-store';
import { InMemoryMessageRepository } from '../../contract/twins/in-memory-message-repository';
import { queuedMessage } from '../../support/messages';
import { partnerRecord } from '../partners/support/test-certificates';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const LEASE_MS = 30_000;
const RETRY: RetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  multiplier: 2,
  jitter: 0,
  windowMs: 3_600_000,
};
const ENVELOPE = '<ExchangeMessage>signed by KE</ExchangeMessage>';

type Response = Awaited<ReturnType<PartnerTransport['request']>>;

/** A partner that answers each POST with the next of `responses` and records what it got. */
class StubTransport implements PartnerTransport {
  readonly requests: Array<{ partner: string; method: string; path: string; body: string }> = [];
  constructor(private readonly responses: Response[]) {}

  request(partner: DirectoryPartner, request: Parameters<PartnerTransport['request']>[1]): Promise<Response> {
    this.requests.push({
      partner: partner.code,
      method: request.method,
      path: request.path,
      body: String(request.body),
    });
    const response = this.responses.shift();
    return response ? Promise.resolve(response) : Promise.reject(new Error('no answer left'));
  }
}

class RecordingQueue implements ExchangeQueue {
  readonly retries: Array<{ messageId: string; tierMs: number; delayMs: number }> = [];
  readonly outbound: string[] = [];
  publishOutbound(messageId: string): Promise<void> {
    this.outbound.push(messageId);
    return Promise.resolve();
  }
  publishRetry(messageId: string, tierMs: number, delayMs: number): Promise<void> {
    this.retries.push({ messageId, tierMs, delayMs });
    return Promise.resolve();
  }
  publishInbound(): Promise<void> {
    return Promise.reject(new Error('the delivery worker publishes no inbound id'));
  }
}

const json = (status: number, code: string, message: string): Response => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify({ error: { code, message } })),
});

let chSigner: XmlSigner;
let chTrust: TrustAnchors;

beforeAll(async () => {
  const ch = await createCountryPki({
    country: 'CH',
    keyType: 'ec',
    notBefore: new Date('2026-01-01T00:00:00Z'),
  });
  chSigner = await XmlSigner.create({ keyPem: ch.signing.keyPem, certPem: ch.signing.certPem });
  chTrust = TrustAnchors.from({ anchors: [ch.ca.certPem] });
});

/** A receipt signed by CH for `message`, as CH's gateway answers a POST. */
async function signedReceipt(
  message: Pick<OutboundMessage, 'messageId' | 'digest'>,
  status: ReceiptStatus = 'ACCEPTED',
): Promise<{ response: Response; xml: string }> {
  const xml = await chSigner.sign(
    toReceiptXml({
      receiptId: `receipt-${message.messageId}`,
      refToMessageId: message.messageId,
      from: 'CH',
      to: 'KE',
      status,
      ...(status === 'REJECTED' && { code: 'PERMIT_INVALID', reason: 'the permit does not verify' }),
      warnings: [],
      receivedDigest: message.digest,
      receivedAt: new Date(T0),
    }),
  );
  return {
    xml,
    response: { status: 200, headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml, 'utf8') },
  };
}

interface World {
  deps: DeliverMessageDeps;
  messages: InMemoryMessageRepository;
  transport: StubTransport;
  queue: RecordingQueue;
  alerts: InMemoryAlertStore;
  outcomes: string[];
  /** Moves the clock on. */
  advance(ms: number): void;
  now(): Date;
}

async function world(responses: Response[], message = queued('m1')): Promise<World> {
  let now = T0;
  const clock = { now: () => new Date(now) };
  const messages = new InMemoryMessageRepository();
  await messages.insertOutbound(message);
  const transport = new StubTransport(responses);
  const queue = new RecordingQueue();
  const alerts = new InMemoryAlertStore(clock);
  const outcomes: string[] = [];
  const partner: DirectoryPartner = { ...partnerRecord('CH'), certificates: [] };
  const deps: DeliverMessageDeps = {
    country: 'KE',
    owner: 'worker-1',
    messages,
    directory: {
      current: () => ({ findPartner: (code) => (code === 'CH' ? partner : undefined) }),
      signingTrustFor: () => chTrust,
    },
    transport,
    queue,
    alerts,
    clock,
    logger: createSilentLogger(),
    retry: RETRY,
    leaseMs: LEASE_MS,
    onOutcome: (outcome) => outcomes.push(outcome),
  };
  return {
    deps,
    messages,
    transport,
    queue,
    alerts,
    outcomes,
    advance: (ms) => {
      now += ms;
    },
    now: clock.now,
  };
}

const queued = (messageId: string): OutboundMessage =>
  queuedMessage(messageId, new Date(T0), { envelopeXml: ENVELOPE });

describe('deliverMessage', () => {
  test('when the partner answers with a receipt it signed for our message, then DELIVERED with the receipt kept', async () => {
    const { response, xml } = await signedReceipt(queued('m1'));
    const w = await world([response]);
    expect(await deliverMessage(w.deps, 'm1')).toBe('ack');

    expect(w.transport.requests).toEqual([
      { partner: 'CH', method: 'POST', path: EXCHANGE_MESSAGES_PATH, body: ENVELOPE },
    ]);
    const stored = await w.messages.findOutbound('m1');
    expect(stored).toMatchObject({
      state: 'DELIVERED',
      receipt: {
        receiptId: 'receipt-m1',
        status: 'ACCEPTED',
        receivedDigest: sha256Base64(ENVELOPE),
        signedXml: xml,
      },
      attempts: [{ attempt: 1, outcome: 'delivered', httpStatus: 200, startedAt: w.now(), endedAt: w.now() }],
    });
    expect(stored?.leaseUntil).toBeUndefined();
    expect(await w.messages.listOpen(new Date(T0 + 3_600_000))).toEqual([]);
    expect(w.queue.retries).toEqual([]);
    expect(w.outcomes).toEqual(['delivered']);
  });

  test('when the partner signs a receipt for another digest, then it is not taken as delivered but retried', async () => {
    const { response } = await signedReceipt({ messageId: 'm1', digest: sha256Base64('<other/>') });
    const w = await world([response]);
    await deliverMessage(w.deps, 'm1');
    expect(await w.messages.findOutboundState('m1')).toMatchObject({
      state: 'RETRY_WAIT',
      attempts: [{ attempt: 1, outcome: 'transient-failure', code: 'RECEIPT_MISMATCH' }],
    });
  });

  test('when the partner answers 4xx with a code our catalogue retries, then the message waits for a retry', async () => {
    const w = await world([json(409, 'AUDIT_APPEND_CONFLICT', 'busy')]);
    await deliverMessage(w.deps, 'm1');
    expect(await w.messages.findOutboundState('m1')).toMatchObject({
      state: 'RETRY_WAIT',
      attempts: [
        { attempt: 1, outcome: 'transient-failure', code: 'AUDIT_APPEND_CONFLICT', httpStatus: 409 },
      ],
    });
  });

  test('when the partner answers 4xx with a code we do not know, then the delivery FAILED with that code', async () => {
    const w = await world([json(403, 'SOMEONE_ELSES_CODE', 'refused')]);
    await deliverMessage(w.deps, 'm1');
    expect(await w.messages.findOutboundState('m1')).toMatchObject({
      state: 'FAILED',
      failure: { code: 'SOMEONE_ELSES_CODE', message: 'refused' },
    });
    expect(w.outcomes).toEqual(['rejected']);
  });

  test('when a copy of the id arrives before the retry is due, then it is acked without an attempt', async () => {
    const w = await world([]);
    await w.messages.updateOutbound('m1', {
      state: 'RETRY_WAIT',
      nextAttemptAt: new Date(T0 + 60_000),
      updatedAt: new Date(T0),
    });
    expect(await deliverMessage(w.deps, 'm1')).toBe('ack');
    expect(w.transport.requests).toEqual([]);
    expect(await w.messages.findOutboundState('m1')).toMatchObject({ state: 'RETRY_WAIT', attempts: [] });
    // No attempt was claimed either: the first claim is still free.
    expect(await w.messages.claim('m1', 'worker-2', w.now(), LEASE_MS)).toBe(1);
  });

  test('when another worker holds the claim, then the id is acked and nothing is posted', async () => {
    const w = await world([json(503, 'X', 'x')]);
    expect(await w.messages.claim('m1', 'worker-2', w.now(), LEASE_MS)).toBe(1);
    expect(await deliverMessage(w.deps, 'm1')).toBe('ack');
    expect(w.transport.requests).toEqual([]);
    expect(await w.messages.findOutboundState('m1')).toMatchObject({ state: 'QUEUED', attempts: [] });
  });

  test('when the partner answers 5xx, then RETRY_WAIT with the attempt recorded, a delayed re-publish and the lease cleared', async () => {
    const w = await world([json(503, 'PARTNER_BUSY', 'try later')]);
    expect(await deliverMessage(w.deps, 'm1')).toBe('ack');

    const stored = await w.messages.findOutboundState('m1');
    expect(stored).toMatchObject({
      state: 'RETRY_WAIT',
      nextAttemptAt: new Date(T0 + 1000),
      publishedAt: w.now(),
      attempts: [
        {
          attempt: 1,
          outcome: 'transient-failure',
          httpStatus: 503,
          code: 'PARTNER_BUSY',
          error: 'try later',
        },
      ],
    });
    expect(stored?.leaseUntil).toBeUndefined();
    expect(w.queue.retries).toEqual([{ messageId: 'm1', tierMs: 1000, delayMs: 1000 }]);
    // The claim is finished: the retry can claim attempt 2 at once.
    expect(await w.messages.claim('m1', 'worker-2', w.now(), LEASE_MS, 1)).toBe(2);
    expect(w.outcomes).toEqual(['transient-failure']);
  });

  test('when the partner refuses with a 4xx and no receipt, then FAILED with an alert and the claim finished', async () => {
    const w = await world([json(400, 'ENVELOPE_INVALID', 'not an envelope')]);
    expect(await deliverMessage(w.deps, 'm1')).toBe('ack');

    expect(await w.messages.findOutboundState('m1')).toMatchObject({
      state: 'FAILED',
      failure: { code: 'ENVELOPE_INVALID', message: 'not an envelope' },
      attempts: [{ attempt: 1, outcome: 'rejected', httpStatus: 400 }],
    });
    expect(await w.alerts.list({ limit: 10 })).toEqual([
      expect.objectContaining({
        id: 'delivery-failed:m1:1',
        kind: 'delivery-failed',
        severity: 'critical',
        details: expect.objectContaining({
          messageId: 'm1',
          partner: 'CH',
          code: 'ENVELOPE_INVALID',
        }) as unknown,
      }),
    ]);
    expect(w.queue.retries).toEqual([]);
    expect(await w.messages.listOpen(new Date(T0 + 3_600_000))).toEqual([]);
    expect(await w.messages.claim('m1', 'admin-resend', w.now(), LEASE_MS, 1)).toBe(2);
  });

  test('when the partner signs a REJECTED receipt, then FAILED with its code and the receipt kept', async () => {
    const { response } = await signedReceipt(queued('m1'), 'REJECTED');
    const w = await world([response]);
    await deliverMessage(w.deps, 'm1');
    expect(await w.messages.findOutbound('m1')).toMatchObject({
      state: 'FAILED',
      failure: { code: 'PERMIT_INVALID', message: 'the permit does not verify' },
      receipt: { status: 'REJECTED', code: 'PERMIT_INVALID' },
    });
    expect(w.outcomes).toEqual(['rejected']);
  });

  test('when every attempt of the retry budget fails, then FAILED as DELIVERY_EXHAUSTED with an alert', async () => {
    const w = await world([json(503, 'BUSY', 'a'), json(502, 'BUSY', 'b'), json(500, 'BUSY', 'c')]);
    for (let i = 0; i < 3; i++) {
      expect(await deliverMessage(w.deps, 'm1')).toBe('ack');
      w.advance(10_000);
    }

    const stored = await w.messages.findOutboundState('m1');
    expect(stored).toMatchObject({ state: 'FAILED', failure: { code: 'DELIVERY_EXHAUSTED' } });
    expect(stored?.failure?.message).toContain('attempts-exhausted');
    expect(stored?.attempts.map((a) => [a.attempt, a.httpStatus])).toEqual([
      [1, 503],
      [2, 502],
      [3, 500],
    ]);
    expect(w.queue.retries.map((r) => r.tierMs)).toEqual([1000, 2000]);
    expect(await w.alerts.list({ kind: 'delivery-failed', limit: 10 })).toHaveLength(1);
    expect(w.outcomes).toEqual(['transient-failure', 'transient-failure', 'permanent-failure']);
  });

  test('when the record is DELIVERED already or unknown, then the id is acked without a POST', async () => {
    const w = await world([]);
    await w.messages.updateOutbound('m1', { state: 'DELIVERED', updatedAt: w.now() });
    expect(await deliverMessage(w.deps, 'm1')).toBe('ack');
    expect(await deliverMessage(w.deps, 'unknown')).toBe('ack');
    expect(w.transport.requests).toEqual([]);
  });
});

describe('deliverMessage: the alert of a FAILED delivery survives a crash', () => {
  /** An alert store whose process "dies" (throws) on the first raise, then works again. */
  function crashingOnce(alerts: InMemoryAlertStore): { store: InMemoryAlertStore; crashes: number } {
    const state = { store: alerts, crashes: 0 };
    const raise = alerts.raise.bind(alerts);
    let crashed = false;
    alerts.raise = (alert) => {
      if (!crashed) {
        crashed = true;
        state.crashes += 1;
        return Promise.reject(new Error('the worker process stopped here'));
      }
      return raise(alert);
    };
    return state;
  }

  const sweeper = (w: World) =>
    new MessageSweeper({
      messages: w.messages,
      queue: w.queue,
      clock: { now: w.now },
      logger: createSilentLogger(),
      staleAfterMs: 5_000,
    });

  test('when the worker stops after recording FAILED and before storing the alert, then FAILED carries the alert and the record stays open', async () => {
    const w = await world([json(400, 'ENVELOPE_INVALID', 'not an envelope')]);
    const crash = crashingOnce(w.alerts);

    await expect(deliverMessage(w.deps, 'm1')).rejects.toThrow('the worker process stopped here');

    expect(crash.crashes).toBe(1);
    expect(await w.alerts.list({ limit: 10 })).toEqual([]);
    const stored = await w.messages.findOutboundState('m1');
    expect(stored).toMatchObject({
      state: 'FAILED',
      failure: { code: 'ENVELOPE_INVALID' },
      pendingAlert: { kind: 'delivery-failed', key: 'delivery-failed:m1:1', severity: 'critical' },
    });
    expect(await w.messages.listOpen(new Date(T0 + 3_600_000))).toEqual(['out:m1']);
  });

  test('when the queue hands the same id to another worker, then it raises the pending alert once, posts nothing and closes the record', async () => {
    const w = await world([json(400, 'ENVELOPE_INVALID', 'not an envelope')]);
    crashingOnce(w.alerts);
    await deliverMessage(w.deps, 'm1').catch(() => undefined);

    expect(await deliverMessage({ ...w.deps, owner: 'worker-2' }, 'm1')).toBe('ack');
    expect(await deliverMessage({ ...w.deps, owner: 'worker-3' }, 'm1')).toBe('ack');

    expect(w.transport.requests).toHaveLength(1);
    expect(await w.alerts.list({ limit: 10 })).toEqual([
      expect.objectContaining({
        id: 'delivery-failed:m1:1',
        kind: 'delivery-failed',
        at: new Date(T0),
        details: expect.objectContaining({ messageId: 'm1', code: 'ENVELOPE_INVALID' }) as unknown,
      }),
    ]);
    expect((await w.messages.findOutboundState('m1'))?.pendingAlert).toBeUndefined();
    expect(await w.messages.listOpen(new Date(T0 + 3_600_000))).toEqual([]);
  });

  test('when the queue message is gone too, then the sweeper hands the id back once it is stale and the alert is raised', async () => {
    const w = await world([json(500, 'BUSY', 'a'), json(500, 'BUSY', 'b'), json(500, 'BUSY', 'c')]);
    for (let i = 0; i < 2; i++) {
      await deliverMessage(w.deps, 'm1');
      w.advance(10_000);
    }
    crashingOnce(w.alerts);
    await expect(deliverMessage(w.deps, 'm1')).rejects.toThrow('stopped');
    expect(await w.messages.findOutboundState('m1')).toMatchObject({
      state: 'FAILED',
      failure: { code: 'DELIVERY_EXHAUSTED' },
      pendingAlert: { key: 'delivery-failed:m1:3' },
    });

    // Right after the write the worker may still be raising it: not due yet.
    w.queue.outbound.length = 0;
    expect(await sweeper(w).sweep()).toEqual({ outbound: 0, inbound: 0 });
    w.advance(6_000);
    expect(await sweeper(w).sweep()).toEqual({ outbound: 1, inbound: 0 });
    expect(w.queue.outbound).toEqual(['m1']);

    expect(await deliverMessage(w.deps, 'm1')).toBe('ack');
    expect(await w.alerts.list({ kind: 'delivery-failed', limit: 10 })).toEqual([
      expect.objectContaining({
        id: 'delivery-failed:m1:3',
        details: expect.objectContaining({ code: 'DELIVERY_EXHAUSTED' }) as unknown,
      }),
    ]);
    expect(w.transport.requests).toHaveLength(3);
    w.advance(60_000);
    expect(await sweeper(w).sweep()).toEqual({ outbound: 0, inbound: 0 });
    expect(await w.messages.listOpen(new Date(T0 + 3_600_000))).toEqual([]);
  });

  test('when the worker stops after storing the alert but before clearing it, then the next hand-over stores no second alert', async () => {
    const w = await world([json(400, 'ENVELOPE_INVALID', 'not an envelope')]);
    const clear = w.messages.updateOutbound.bind(w.messages);
    let stopped = false;
    w.messages.updateOutbound = (id, changes, unset) => {
      if (!stopped && unset?.includes('pendingAlert')) {
        stopped = true;
        return Promise.reject(new Error('the worker process stopped here'));
      }
      return clear(id, changes, unset);
    };
    await expect(deliverMessage(w.deps, 'm1')).rejects.toThrow('stopped');
    expect(await w.alerts.list({ limit: 10 })).toHaveLength(1);

    await deliverMessage(w.deps, 'm1');

    expect(await w.alerts.list({ limit: 10 })).toHaveLength(1);
    expect((await w.messages.findOutboundState('m1'))?.pendingAlert).toBeUndefined();
  });

  test('when a resend follows a FAILED whose alert is still pending, then the alert is raised before the new attempt', async () => {
    const { response } = await signedReceipt(queued('m1'));
    const w = await world([json(400, 'ENVELOPE_INVALID', 'not an envelope'), response]);
    crashingOnce(w.alerts);
    await deliverMessage(w.deps, 'm1').catch(() => undefined);
    w.advance(LEASE_MS); // the stopped worker never finished its claim
    await w.messages.updateOutbound('m1', { state: 'QUEUED', resentAt: w.now(), updatedAt: w.now() }, [
      'failure',
    ]);

    expect(await deliverMessage(w.deps, 'm1')).toBe('ack');

    expect((await w.messages.findOutboundState('m1'))?.state).toBe('DELIVERED');
    expect((await w.alerts.list({ limit: 10 })).map((a) => a.id)).toEqual(['delivery-failed:m1:1']);
  });
});
