/** MongoMessageRepository against the real MongoDB-compatible server: the cases the drills found. */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { sha256Base64 } from '../../src/domain/exchange/envelope-xml';
import type { InboundMessage, OutboundMessage } from '../../src/domain/exchange/records';
import { connectMongo } from '../../src/storage/mongo-connection';
import { MongoMessageRepository } from '../../src/storage/mongo-message-repository';
import { dropDatabaseOf, freshMongoUri } from '../support/services';

function outbound(messageId: string, envelopeXml: string, now = new Date()): OutboundMessage {
  return {
    messageId,
    direction: 'outbound',
    partner: 'CH',
    documentType: 'permit',
    permitKey: 'KE/2026/X',
    state: 'QUEUED',
    envelopeXml,
    digest: sha256Base64(envelopeXml),
    attempts: [],
    createdAt: now,
    updatedAt: now,
    publishedAt: now,
  };
}

describe('MongoMessageRepository', () => {
  const uri = freshMongoUri('messages');
  let connection: Connection;
  let messages: MongoMessageRepository;

  beforeAll(async () => {
    connection = await connectMongo(uri);
    messages = new MongoMessageRepository(connection);
    await messages.init();
  });

  afterAll(async () => {
    await connection.close();
    await dropDatabaseOf(uri);
  });

  it('keeps the envelope and the digest of the stored record together when an enqueue is retried', async () => {
    const id = randomUUID();
    // A first try stored its envelope text, then the database went away before the record was written.
    const first = outbound(id, '<ExchangeMessage><CreatedAt>first</CreatedAt></ExchangeMessage>');
    await connection.db!.collection('message_blobs').insertOne({
      _id: `out:${id}:envelope:${first.digest}`,
      text: first.envelopeXml,
    } as never);
    // The retry signs again (another CreatedAt) and stores the record.
    const retried = outbound(id, '<ExchangeMessage><CreatedAt>retried</CreatedAt></ExchangeMessage>');
    expect(await messages.insertOutbound(retried)).toBe(true);

    const stored = await messages.findOutbound(id);
    expect(stored?.digest).toBe(retried.digest);
    expect(stored?.envelopeXml).toBe(retried.envelopeXml);
    expect(await messages.findEnvelope(stored!)).toBe(retried.envelopeXml);
    expect(sha256Base64(stored!.envelopeXml)).toBe(stored!.digest);
  });

  it('stores a message id once: a second insert changes nothing', async () => {
    const id = randomUUID();
    const original = outbound(id, '<a>one</a>');
    expect(await messages.insertOutbound(original)).toBe(true);
    expect(await messages.insertOutbound(outbound(id, '<a>two</a>'))).toBe(false);
    const stored = await messages.findOutbound(id);
    expect(stored?.envelopeXml).toBe('<a>one</a>');
    expect(stored?.digest).toBe(original.digest);
  });

  it('keeps the receipt text apart from the record and gives it back whole', async () => {
    const id = randomUUID();
    await messages.insertOutbound(outbound(id, '<a/>'));
    const receipt = {
      receiptId: randomUUID(),
      status: 'ACCEPTED' as const,
      warnings: [],
      receivedDigest: sha256Base64('<a/>'),
      receivedAt: new Date(),
      signedXml: '<Receipt>signed</Receipt>',
    };
    await messages.updateOutbound(id, { state: 'DELIVERED', receipt });
    const raw = await connection.db!.collection('messages').findOne({ _id: `out:${id}` } as never);
    expect(raw?.receipt).not.toHaveProperty('signedXml');
    expect((await messages.findOutbound(id))?.receipt).toEqual(receipt);
    expect((await messages.findOutboundState(id))?.receipt?.signedXml).toBeUndefined();
  });

  it('lets exactly one of two workers claim an attempt (unique insert)', async () => {
    const id = randomUUID();
    await messages.insertOutbound(outbound(id, '<a/>'));
    const now = new Date();
    const claims = await Promise.all([
      messages.claim(id, 'worker-1', now, 30_000),
      messages.claim(id, 'worker-2', now, 30_000),
    ]);
    expect(claims.filter((c) => c === 1)).toHaveLength(1);
    expect(claims.filter((c) => c === null)).toHaveLength(1);
    // The lease holds until it expires; then the next attempt can be claimed.
    expect(await messages.claim(id, 'worker-2', new Date(now.getTime() + 1000), 30_000, 0)).toBeNull();
    expect(await messages.claim(id, 'worker-2', new Date(now.getTime() + 31_000), 30_000, 1)).toBe(2);
  });

  describe('open markers (what the sweeper reads)', () => {
    const minuteAgo = () => new Date(Date.now() - 60_000);
    const isOpen = async (recordId: string) => (await messages.listOpen(new Date())).includes(recordId);

    it('keeps an outbound message open from enqueue until DELIVERED, and a resend opens it again', async () => {
      const id = randomUUID();
      const key = `out:${id}`;
      await messages.insertOutbound(outbound(id, '<a/>', minuteAgo()));
      expect(await isOpen(key)).toBe(true);
      expect(await messages.listOpen(new Date(Date.now() - 120_000))).not.toContain(key);
      // Published a minute ago and still QUEUED: the publish was lost, so it is due.
      expect(await messages.checkOpen([key], new Date(), new Date(Date.now() - 30_000))).toEqual([
        { recordId: key, direction: 'outbound', messageId: id, due: true },
      ]);

      await messages.updateOutbound(id, { state: 'FAILED', updatedAt: new Date() });
      expect(await isOpen(key)).toBe(false);
      await messages.updateOutbound(id, { state: 'QUEUED', updatedAt: minuteAgo() });
      expect(await isOpen(key)).toBe(true);
      await messages.updateOutbound(id, { state: 'DELIVERED', updatedAt: new Date() });
      expect(await isOpen(key)).toBe(false);
    });

    it('says a SENDING message is due only once its lease has expired, and when to look again', async () => {
      const id = randomUUID();
      const key = `out:${id}`;
      await messages.insertOutbound(outbound(id, '<a/>', minuteAgo()));
      const leaseUntil = new Date(Date.now() + 10_000);
      await messages.updateOutbound(id, { state: 'SENDING', leaseUntil, updatedAt: new Date() });
      const staleBefore = new Date(Date.now() - 30_000);
      expect(await messages.checkOpen([key], new Date(), staleBefore)).toEqual([
        { recordId: key, direction: 'outbound', messageId: id, due: false, recheckAt: leaseUntil },
      ]);
      expect(await messages.checkOpen([key], new Date(leaseUntil.getTime() + 1), staleBefore)).toEqual([
        { recordId: key, direction: 'outbound', messageId: id, due: true },
      ]);
    });

    it('keeps an inbound record open until processed, and drops markers of records never written', async () => {
      const id = randomUUID();
      const record: InboundMessage = {
        id: `in:KE:${id}`,
        messageId: id,
        direction: 'inbound',
        partner: 'KE',
        documentType: 'permit',
        permitKey: 'KE/2026/X',
        state: 'RECEIVED',
        digest: 'd',
        receivedAt: minuteAgo(),
        archiveId: 'a',
        receipt: {
          receiptId: randomUUID(),
          status: 'ACCEPTED',
          warnings: [],
          receivedDigest: 'd',
          receivedAt: new Date(),
        },
      };
      expect(await messages.insertInbound(record)).toBe(true);
      expect(await messages.checkOpen([record.id], new Date(), new Date(Date.now() - 30_000))).toEqual([
        { recordId: record.id, direction: 'inbound', messageId: id, due: true },
      ]);
      await messages.markProcessed(record.id, new Date());
      expect(await isOpen(record.id)).toBe(false);

      // A crash between the marker and the record leaves a marker alone; the next check removes it.
      await connection
        .db!.collection('open_messages')
        .insertOne({ _id: 'out:never', since: minuteAgo() } as never);
      expect(await messages.checkOpen(['out:never'], new Date(), new Date())).toEqual([]);
      expect(await isOpen('out:never')).toBe(false);
    });
  });
});
