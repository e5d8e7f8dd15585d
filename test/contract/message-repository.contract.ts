/**
 * What every MessageRepository must do, seen only through its methods; run against the in-memory twin here
 * and MongoDB in integration. The flows rely on each rule: a message id stored once, the envelope that
 * matches the record's digest, one worker per delivery attempt, and open markers that tell the sweeper
 * which records still have work left.
 */
import { sha256Base64 } from '../../src/domain/exchange/envelope-xml';
import type { DeliveryAttempt } from '../../src/domain/exchange/message';
import {
  recordKeyOf,
  type MessageFilter,
  type MessageRepository,
} from '../../src/domain/exchange/message-repository';
import type { InboundMessage, OutboundMessage, ReceiptSummary } from '../../src/domain/exchange/records';
import { queuedMessage } from '../support/messages';

const T0 = Date.parse('2026-06-01T00:00:00Z');
/** A fixed instant `seconds` after T0 (every time here is explicit, so both stores see the same clock). */
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);

const outbound = (messageId: string, extra: Partial<OutboundMessage> = {}): OutboundMessage =>
  queuedMessage(messageId, at(0), extra);

function receiptSummary(extra: Partial<ReceiptSummary> = {}): ReceiptSummary {
  return {
    receiptId: 'r-1',
    status: 'ACCEPTED',
    warnings: [{ code: 'W1', message: 'a warning' }],
    receivedDigest: 'digest',
    receivedAt: at(5),
    ...extra,
  };
}

function inbound(partner: string, messageId: string, extra: Partial<InboundMessage> = {}): InboundMessage {
  return {
    id: `in:${partner}:${messageId}`,
    messageId,
    direction: 'inbound',
    partner,
    documentType: 'permit',
    permitKey: `${partner}/2026/1`,
    state: 'RECEIVED',
    receivedAt: at(0),
    archiveId: `archive-${messageId}`,
    digest: 'digest',
    receipt: receiptSummary({ receiptId: `r-${messageId}` }),
    ...extra,
  };
}

interface HistoryRecord {
  messageId: string;
  direction: 'outbound' | 'inbound';
  partner: string;
  state: string;
  at: number;
  /** The record key (search's tie-break within one instant). */
  key: string;
}

/**
 * Stores `count` records, `perInstant` to a second, in a shuffled order (a fixed shuffle, so a failure
 * repeats): both directions, three partners, two states each. Returns what was stored.
 */
async function storeShuffledHistory(
  repository: MessageRepository,
  count: number,
  perInstant = 1,
): Promise<HistoryRecord[]> {
  const seconds = Array.from({ length: count }, (_, i) => i);
  let seed = 7;
  for (let i = count - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [seconds[i], seconds[j]] = [seconds[j]!, seconds[i]!];
  }
  const records = seconds.map((second, i): HistoryRecord => {
    const direction = i % 3 === 0 ? 'inbound' : 'outbound';
    const state =
      direction === 'inbound' ? (i % 2 ? 'REJECTED' : 'RECEIVED') : i % 2 ? 'DELIVERED' : 'QUEUED';
    const partner = ['CH', 'US', 'KE'][(i % 4) % 3]!;
    return {
      messageId: `h${i}`,
      direction,
      partner,
      state,
      at: at(Math.floor(second / perInstant)).getTime(),
      key: direction === 'inbound' ? `in:${partner}:h${i}` : `out:h${i}`,
    };
  });
  for (let i = 0; i < records.length; i += 20) {
    await Promise.all(
      records.slice(i, i + 20).map(async (r) => {
        const time = new Date(r.at);
        if (r.direction === 'inbound') {
          await repository.insertInbound(
            inbound(r.partner, r.messageId, { receivedAt: time, state: r.state as InboundMessage['state'] }),
          );
        } else {
          const state = r.state as OutboundMessage['state'];
          await repository.insertOutbound(
            outbound(r.messageId, { createdAt: time, partner: r.partner, state }),
          );
        }
      }),
    );
  }
  return records;
}

/** Every record `filter` finds, read a page of `limit` at a time as the API's `next` cursor pages on. */
async function pageThrough(
  repository: MessageRepository,
  filter: MessageFilter,
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: Pick<MessageFilter, 'before' | 'beforeKey'> = {};
  for (;;) {
    const page = await repository.search({ ...filter, limit, ...cursor });
    ids.push(...page.map((m) => m.messageId));
    if (page.length < limit) return ids;
    const last = page[page.length - 1]!;
    cursor = {
      before: last.direction === 'outbound' ? last.createdAt : last.receivedAt,
      beforeKey: recordKeyOf(last),
    };
  }
}

export function messageRepositoryContract(
  name: string,
  create: () => Promise<{ repository: MessageRepository; cleanup: () => Promise<void> }>,
): void {
  describe(`MessageRepository contract: ${name}`, () => {
    let repository: MessageRepository;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ repository, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    const isOpen = async (recordId: string): Promise<boolean> =>
      (await repository.listOpen(at(3600))).includes(recordId);

    describe('outbound records', () => {
      test('when a message id is inserted twice, then the second insert is refused and the original kept', async () => {
        const original = outbound('m1', { envelopeXml: '<a>one</a>', digest: sha256Base64('<a>one</a>') });
        expect(await repository.insertOutbound(original)).toBe(true);
        const second = outbound('m1', {
          envelopeXml: '<a>two</a>',
          digest: sha256Base64('<a>two</a>'),
          partner: 'US',
        });
        expect(await repository.insertOutbound(second)).toBe(false);
        expect(await repository.findOutbound('m1')).toEqual(original);
        expect(await repository.findOutbound('unknown')).toBeNull();
        expect(await repository.findOutboundState('unknown')).toBeNull();
      });

      test('when the state is read, then it has every field but the envelope, which findEnvelope gives for the record digest', async () => {
        const message = outbound('m1');
        await repository.insertOutbound(message);
        const state = await repository.findOutboundState('m1');
        expect(state).toEqual({ ...message, envelopeXml: '' });
        expect(await repository.findEnvelope(state!)).toBe(message.envelopeXml);
        expect(sha256Base64((await repository.findEnvelope(state!))!)).toBe(state!.digest);
        expect(
          await repository.findEnvelope({ messageId: 'm1', digest: sha256Base64('<other/>') }),
        ).toBeNull();
      });

      test('when an outbound record is updated, then the changes apply, the unset fields go and the rest stays', async () => {
        const message = outbound('m1');
        await repository.insertOutbound(message);
        const attempts = [{ attempt: 1, startedAt: at(1), outcome: 'in-progress' as const }];
        await repository.updateOutbound('m1', {
          state: 'RETRY_WAIT',
          attempts,
          nextAttemptAt: at(60),
          leaseUntil: at(30),
          failure: { code: 'X', message: 'x' },
          updatedAt: at(2),
        });
        await repository.updateOutbound('m1', { updatedAt: at(3) }, ['leaseUntil', 'failure']);
        const { leaseUntil, failure, ...stored } = (await repository.findOutbound('m1'))!;
        expect(leaseUntil).toBeUndefined();
        expect(failure).toBeUndefined();
        expect(stored).toEqual({
          ...message,
          state: 'RETRY_WAIT',
          attempts,
          nextAttemptAt: at(60),
          updatedAt: at(3),
        });
      });

      test('when a receipt with its signed text is stored, then findOutbound gives the text back and findOutboundState leaves it out', async () => {
        await repository.insertOutbound(outbound('m1'));
        const receipt = { ...receiptSummary(), signedXml: '<Receipt>signed</Receipt>' };
        await repository.updateOutbound('m1', { state: 'DELIVERED', receipt, updatedAt: at(6) });
        expect((await repository.findOutbound('m1'))?.receipt).toEqual(receipt);
        expect((await repository.findOutboundState('m1'))?.receipt).toEqual(receiptSummary());
      });
    });

    describe('delivery claims', () => {
      test('when two workers claim the first attempt at once, then exactly one gets it', async () => {
        await repository.insertOutbound(outbound('m1'));
        const claims = await Promise.all([
          repository.claim('m1', 'worker-1', at(1), 30_000),
          repository.claim('m1', 'worker-2', at(1), 30_000),
        ]);
        expect(claims.filter((c) => c === 1)).toHaveLength(1);
        expect(claims.filter((c) => c === null)).toHaveLength(1);
      });

      test('when the lease of a claim is live, then the next attempt is refused; once expired, it is claimed', async () => {
        await repository.insertOutbound(outbound('m1'));
        expect(await repository.claim('m1', 'worker-1', at(0), 30_000)).toBe(1);
        expect(await repository.claim('m1', 'worker-2', at(10), 30_000, 0)).toBeNull();
        expect(await repository.claim('m1', 'worker-2', at(29), 30_000, 1)).toBeNull();
        expect(await repository.claim('m1', 'worker-2', at(31), 30_000, 1)).toBe(2);
        expect(await repository.claim('m1', 'worker-1', at(32), 30_000, 2)).toBeNull();
      });

      test('when a claim is finished, then the next attempt can be claimed before the lease ends', async () => {
        await repository.insertOutbound(outbound('m1'));
        expect(await repository.claim('m1', 'worker-1', at(0), 30_000)).toBe(1);
        await repository.finishClaim('m1', 1);
        expect(await repository.claim('m1', 'worker-2', at(1), 30_000, 1)).toBe(2);
        expect(await repository.claim('m2', 'worker-2', at(1), 30_000)).toBe(1);
      });
    });

    describe('fencing of attempt outcomes', () => {
      const ended = (
        attempt: number,
        outcome: DeliveryAttempt['outcome'],
        seconds: number,
      ): DeliveryAttempt => ({
        attempt,
        startedAt: at(0),
        endedAt: at(seconds),
        outcome,
      });

      test('when a later attempt was claimed after the lease ran out, then the late outcome is not applied but kept, and the newer one applies', async () => {
        await repository.insertOutbound(outbound('m1'));
        expect(await repository.claim('m1', 'worker-1', at(0), 30_000)).toBe(1);
        expect(await repository.claim('m1', 'worker-2', at(31), 30_000, 1)).toBe(2);
        const late = ended(1, 'transient-failure', 40);
        expect(
          await repository.completeAttempt('m1', late, {
            state: 'RETRY_WAIT',
            nextAttemptAt: at(99),
            updatedAt: at(40),
          }),
        ).toBe(false);
        expect((await repository.findOutboundState('m1'))?.state).toBe('QUEUED');
        expect(await repository.findLateAttempts('m1')).toEqual([late]);
        expect(
          await repository.completeAttempt('m1', ended(2, 'delivered', 41), {
            state: 'DELIVERED',
            updatedAt: at(41),
          }),
        ).toBe(true);
        expect((await repository.findOutboundState('m1'))?.state).toBe('DELIVERED');
      });

      test('when a late outcome and the next claim race, then exactly one of them wins', async () => {
        for (const id of ['r1', 'r2', 'r3', 'r4']) {
          await repository.insertOutbound(outbound(id));
          expect(await repository.claim(id, 'worker-1', at(0), 30_000)).toBe(1);
          const [applied, claimed] = await Promise.all([
            repository.completeAttempt(id, ended(1, 'delivered', 31), {
              state: 'DELIVERED',
              updatedAt: at(31),
            }),
            repository.claim(id, 'worker-2', at(31), 30_000, 1),
          ]);
          expect([applied, claimed]).toEqual(applied ? [true, null] : [false, 2]);
        }
      });

      test('when an attempt ended in time, then its outcome applies and the next attempt can be claimed', async () => {
        await repository.insertOutbound(outbound('m1'));
        expect(await repository.claim('m1', 'worker-1', at(0), 30_000)).toBe(1);
        expect(
          await repository.completeAttempt('m1', ended(1, 'transient-failure', 5), {
            state: 'RETRY_WAIT',
            updatedAt: at(5),
          }),
        ).toBe(true);
        await repository.finishClaim('m1', 1);
        expect((await repository.findOutboundState('m1'))?.state).toBe('RETRY_WAIT');
        expect(await repository.claim('m1', 'worker-2', at(6), 30_000, 1)).toBe(2);
        expect(await repository.findLateAttempts('m1')).toEqual([]);
      });

      test('when a message was DELIVERED, then no further attempt is claimed and no other state is written over it', async () => {
        await repository.insertOutbound(outbound('m1'));
        expect(await repository.claim('m1', 'worker-1', at(0), 30_000)).toBe(1);
        expect(
          await repository.completeAttempt('m1', ended(1, 'delivered', 5), {
            state: 'DELIVERED',
            updatedAt: at(5),
          }),
        ).toBe(true);
        expect(await repository.claim('m1', 'worker-2', at(40), 30_000, 1)).toBeNull();
        await repository.updateOutbound('m1', { state: 'SENDING', updatedAt: at(41) });
        expect((await repository.findOutboundState('m1'))?.state).toBe('DELIVERED');
      });
    });

    describe('inbound records', () => {
      test('when an inbound record is inserted twice, then the second insert is refused and the original kept', async () => {
        const record = inbound('KE', 'm1');
        expect(await repository.insertInbound(record)).toBe(true);
        expect(await repository.insertInbound({ ...record, archiveId: 'other', digest: 'other' })).toBe(
          false,
        );
        expect(await repository.findInbound('KE', 'm1')).toEqual(record);
        expect(await repository.findById(record.id)).toEqual(record);
        expect(await repository.findInbound('US', 'm1')).toBeNull();
        expect(await repository.findById('in:US:m1')).toBeNull();
      });

      test('when an inbound record is processed, then it carries the time and has no work left', async () => {
        const record = inbound('KE', 'm1');
        await repository.insertInbound(record);
        expect(await isOpen(record.id)).toBe(true);
        await repository.markProcessed(record.id, at(9));
        expect(await repository.findInbound('KE', 'm1')).toEqual({ ...record, processedAt: at(9) });
        expect(await isOpen(record.id)).toBe(false);
      });

      test('when an inbound record is stored REJECTED or already processed, then it is never open', async () => {
        await repository.insertInbound(
          inbound('KE', 'm1', {
            id: 'rejected-1',
            state: 'REJECTED',
            failure: { code: 'SIGNATURE_INVALID', message: 'no' },
          }),
        );
        await repository.insertInbound(inbound('KE', 'm2', { processedAt: at(1) }));
        expect(await repository.listOpen(at(3600))).toEqual([]);
        expect(await repository.findById('rejected-1')).toMatchObject({ state: 'REJECTED', messageId: 'm1' });
      });
    });

    describe('reading across directions', () => {
      test('when a message id is our own, then findByMessageId gives our whole record alone', async () => {
        const own = outbound('m1');
        await repository.insertOutbound(own);
        await repository.insertInbound(inbound('KE', 'm1'));
        expect(await repository.findByMessageId('m1')).toEqual([own]);
      });

      test("when a message id is a partner's, then findByMessageId gives every inbound record with it", async () => {
        await repository.insertInbound(inbound('KE', 'm1'));
        await repository.insertInbound(inbound('US', 'm1'));
        await repository.insertInbound(inbound('US', 'm2'));
        const found = await repository.findByMessageId('m1');
        expect(found.map((m) => m.partner).sort()).toEqual(['KE', 'US']);
        expect(await repository.findByMessageId('m9')).toEqual([]);
      });

      test('when searched, then records match every filter, newest first, at most limit, without large texts', async () => {
        await repository.insertOutbound(outbound('o1', { createdAt: at(1), permitKey: 'KE/2026/A' }));
        await repository.insertOutbound(outbound('o2', { createdAt: at(3), partner: 'US' }));
        await repository.insertOutbound(outbound('o3', { createdAt: at(5), permitKey: 'KE/2026/A' }));
        await repository.updateOutbound('o3', { state: 'FAILED', updatedAt: at(6) });
        await repository.insertInbound(inbound('CH', 'i1', { receivedAt: at(2), permitKey: 'KE/2026/A' }));
        await repository.insertInbound(inbound('US', 'i2', { receivedAt: at(4) }));
        const ids = async (filter: Parameters<MessageRepository['search']>[0]): Promise<string[]> =>
          (await repository.search(filter)).map((m) => m.messageId);

        expect(await ids({})).toEqual(['o3', 'i2', 'o2', 'i1', 'o1']);
        expect(await ids({ direction: 'outbound' })).toEqual(['o3', 'o2', 'o1']);
        expect(await ids({ direction: 'inbound' })).toEqual(['i2', 'i1']);
        expect(await ids({ state: 'FAILED' })).toEqual(['o3']);
        expect(await ids({ partner: 'US' })).toEqual(['i2', 'o2']);
        expect(await ids({ permitKey: 'KE/2026/A' })).toEqual(['o3', 'i1', 'o1']);
        expect(await ids({ direction: 'outbound', partner: 'CH', state: 'QUEUED' })).toEqual(['o1']);
        expect(await ids({ limit: 2 })).toEqual(['o3', 'i2']);
        expect(await ids({ from: at(2), to: at(5) })).toEqual(['i2', 'o2', 'i1']);
        expect(await ids({ before: at(4), limit: 2 })).toEqual(['o2', 'i1']);
        const [first] = await repository.search({ direction: 'outbound', limit: 1 });
        expect(first).toMatchObject({ messageId: 'o3', envelopeXml: '' });
      });

      test('when a few hundred records stored in shuffled time order are paged with `before`, then every page is newest first and the pages hold every match once', async () => {
        const stored = await storeShuffledHistory(repository, 240);
        const expected = (keep: (r: HistoryRecord) => boolean): string[] =>
          stored
            .filter(keep)
            .sort((a, b) => b.at - a.at)
            .map((r) => r.messageId);

        expect(await pageThrough(repository, {}, 50)).toEqual(expected(() => true));
        expect(await pageThrough(repository, { direction: 'inbound' }, 20)).toEqual(
          expected((r) => r.direction === 'inbound'),
        );
        expect(await pageThrough(repository, { direction: 'outbound', state: 'DELIVERED' }, 20)).toEqual(
          expected((r) => r.direction === 'outbound' && r.state === 'DELIVERED'),
        );
        expect(await pageThrough(repository, { partner: 'US', from: at(60), to: at(200) }, 7)).toEqual(
          expected((r) => r.partner === 'US' && r.at >= at(60).getTime() && r.at < at(200).getTime()),
        );
      });

      test('when many records share each instant and pages end inside one, then paging with `next` holds every match once, newest first and then by record key', async () => {
        const stored = await storeShuffledHistory(repository, 90, 6);
        const expected = (keep: (r: HistoryRecord) => boolean): string[] =>
          stored
            .filter(keep)
            .sort((a, b) => b.at - a.at || (a.key < b.key ? 1 : -1))
            .map((r) => r.messageId);

        expect(await pageThrough(repository, {}, 4)).toEqual(expected(() => true));
        expect(await pageThrough(repository, { direction: 'outbound' }, 5)).toEqual(
          expected((r) => r.direction === 'outbound'),
        );
        expect(await pageThrough(repository, { partner: 'US', from: at(3), to: at(12) }, 2)).toEqual(
          expected((r) => r.partner === 'US' && r.at >= at(3).getTime() && r.at < at(12).getTime()),
        );
        // `before` alone keeps its meaning: strictly older than that instant.
        const older = await repository.search({ before: at(10), limit: 500 });
        expect(older.map((m) => m.messageId)).toEqual(expected((r) => r.at < at(10).getTime()));
      });

      test('when counted, then each state of one direction has its number of records', async () => {
        await repository.insertOutbound(outbound('o1'));
        await repository.insertOutbound(outbound('o2'));
        await repository.insertOutbound(outbound('o3'));
        await repository.updateOutbound('o3', { state: 'DELIVERED', updatedAt: at(1) });
        await repository.insertInbound(inbound('KE', 'i1'));
        expect(await repository.countByState('outbound')).toEqual({ QUEUED: 2, DELIVERED: 1 });
        expect(await repository.countByState('inbound')).toEqual({ RECEIVED: 1 });
      });
    });

    describe('open markers (what the sweeper reads)', () => {
      test('when an outbound message is enqueued, then it is open until DELIVERED or FAILED, and a resend opens it again', async () => {
        await repository.insertOutbound(outbound('m1', { createdAt: at(0), publishedAt: at(0) }));
        expect(await isOpen('out:m1')).toBe(true);
        expect(await repository.listOpen(at(0))).not.toContain('out:m1');
        // Published a minute ago and still QUEUED: the publish was lost, so it is due.
        expect(await repository.checkOpen(['out:m1'], at(60), at(30))).toEqual([
          { recordId: 'out:m1', direction: 'outbound', messageId: 'm1', due: true },
        ]);
        // Published recently: the queue still holds it.
        expect(await repository.checkOpen(['out:m1'], at(20), at(-10))).toEqual([
          { recordId: 'out:m1', direction: 'outbound', messageId: 'm1', due: false },
        ]);

        await repository.updateOutbound('m1', { state: 'SENDING', updatedAt: at(61) });
        expect(await isOpen('out:m1')).toBe(true);
        await repository.updateOutbound('m1', { state: 'FAILED', updatedAt: at(62) });
        expect(await isOpen('out:m1')).toBe(false);
        await repository.updateOutbound('m1', { state: 'QUEUED', updatedAt: at(63) });
        expect(await isOpen('out:m1')).toBe(true);
        expect(await repository.listOpen(at(63))).not.toContain('out:m1');
        await repository.updateOutbound('m1', { state: 'DELIVERED', updatedAt: at(64) });
        expect(await isOpen('out:m1')).toBe(false);
      });

      test('when FAILED is written with a pending alert, then the record stays open, is due once stale, and closes when the alert is cleared', async () => {
        await repository.insertOutbound(outbound('m1'));
        await repository.updateOutbound('m1', { state: 'SENDING', leaseUntil: at(40), updatedAt: at(10) });
        const alert = {
          kind: 'delivery-failed',
          severity: 'critical' as const,
          key: 'delivery-failed:m1:1',
          at: at(20),
        };
        await repository.updateOutbound(
          'm1',
          { state: 'FAILED', failure: { code: 'X', message: 'x' }, pendingAlert: alert, updatedAt: at(20) },
          ['leaseUntil'],
        );
        expect(await repository.findOutboundState('m1')).toMatchObject({
          state: 'FAILED',
          pendingAlert: alert,
        });
        expect(await isOpen('out:m1')).toBe(true);
        // Written 5 s ago with a 10 s stale time: its worker may still be raising it; look again at 30 s.
        expect(await repository.checkOpen(['out:m1'], at(25), at(15))).toEqual([
          { recordId: 'out:m1', direction: 'outbound', messageId: 'm1', due: false, recheckAt: at(30) },
        ]);
        expect(await repository.checkOpen(['out:m1'], at(31), at(21))).toEqual([
          { recordId: 'out:m1', direction: 'outbound', messageId: 'm1', due: true },
        ]);

        await repository.updateOutbound('m1', {}, ['pendingAlert']);

        const cleared = await repository.findOutboundState('m1');
        expect(cleared).toMatchObject({ state: 'FAILED', failure: { code: 'X' }, updatedAt: at(20) });
        expect(cleared && 'pendingAlert' in cleared).toBe(false);
        expect(await isOpen('out:m1')).toBe(false);
      });

      test('when a pending alert is cleared from a record a resend opened again, then it stays open', async () => {
        await repository.insertOutbound(outbound('m1'));
        const alert = { kind: 'delivery-failed', severity: 'critical' as const, key: 'delivery-failed:m1:1' };
        await repository.updateOutbound('m1', { state: 'FAILED', pendingAlert: alert, updatedAt: at(20) });
        await repository.updateOutbound('m1', { state: 'QUEUED', resentAt: at(30), updatedAt: at(30) });
        await repository.updateOutbound('m1', {}, ['pendingAlert']);
        expect(await isOpen('out:m1')).toBe(true);
        expect((await repository.findOutboundState('m1'))?.state).toBe('QUEUED');
      });

      test('when a message is SENDING, then it is due only once its lease has expired, and says when to look again', async () => {
        await repository.insertOutbound(outbound('m1'));
        await repository.updateOutbound('m1', { state: 'SENDING', leaseUntil: at(40), updatedAt: at(10) });
        expect(await repository.checkOpen(['out:m1'], at(20), at(-10))).toEqual([
          { recordId: 'out:m1', direction: 'outbound', messageId: 'm1', due: false, recheckAt: at(40) },
        ]);
        expect(await repository.checkOpen(['out:m1'], at(41), at(-10))).toEqual([
          { recordId: 'out:m1', direction: 'outbound', messageId: 'm1', due: true },
        ]);
      });

      test('when a message waits for a retry, then it is due only after its retry time', async () => {
        await repository.insertOutbound(outbound('m1'));
        await repository.updateOutbound('m1', {
          state: 'RETRY_WAIT',
          nextAttemptAt: at(100),
          publishedAt: at(10),
          updatedAt: at(10),
        });
        expect(await repository.checkOpen(['out:m1'], at(50), at(20))).toEqual([
          { recordId: 'out:m1', direction: 'outbound', messageId: 'm1', due: false, recheckAt: at(100) },
        ]);
        expect(await repository.checkOpen(['out:m1'], at(101), at(20))).toEqual([
          { recordId: 'out:m1', direction: 'outbound', messageId: 'm1', due: true },
        ]);
      });

      test('when an inbound record is unprocessed, then it is due once older than the stale time', async () => {
        const record = inbound('KE', 'm1', { receivedAt: at(0) });
        await repository.insertInbound(record);
        expect(await repository.checkOpen([record.id], at(10), at(-5))).toEqual([
          { recordId: record.id, direction: 'inbound', messageId: 'm1', due: false },
        ]);
        expect(await repository.checkOpen([record.id], at(60), at(30))).toEqual([
          { recordId: record.id, direction: 'inbound', messageId: 'm1', due: true },
        ]);
      });

      test('when a marker has no record behind it or its record is done, then a check drops it', async () => {
        // A resend of a record that is not there leaves only its marker (as a crash between the two writes would).
        await repository.updateOutbound('never', { state: 'QUEUED', updatedAt: at(0) });
        await repository.insertOutbound(outbound('m1'));
        expect((await repository.listOpen(at(3600))).sort()).toEqual(['out:m1', 'out:never']);
        expect(await repository.checkOpen(['out:never', 'out:m1'], at(60), at(30))).toEqual([
          { recordId: 'out:m1', direction: 'outbound', messageId: 'm1', due: true },
        ]);
        expect(await repository.listOpen(at(3600))).toEqual(['out:m1']);
        expect(await repository.checkOpen(['out:unknown'], at(60), at(30))).toEqual([]);
      });
    });
  });
}
