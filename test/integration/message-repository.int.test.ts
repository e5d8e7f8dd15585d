/**
 * MongoMessageRepository against the real MongoDB-compatible server: the shared contract, plus the cases
 * that need the collections themselves (a partial write the drills found, and where the large texts live).
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { sha256Base64 } from '../../src/domain/exchange/envelope-xml';
import type { OutboundMessage } from '../../src/domain/exchange/records';
import { connectMongo } from '../../src/storage/mongo-connection';
import { MongoMessageRepository } from '../../src/storage/mongo-message-repository';
import { messageRepositoryContract } from '../contract/message-repository.contract';
import { queuedMessage } from '../support/messages';
import { dropDatabaseOf, freshDatabase, freshMongoUri } from '../support/services';

const outbound = (messageId: string, envelopeXml: string): OutboundMessage =>
  queuedMessage(messageId, new Date(), { envelopeXml });

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

  it('keeps the envelope and the receipt text out of the message record, which changes often', async () => {
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
    expect(raw).not.toHaveProperty('envelopeXml');
    expect(raw?.receipt).not.toHaveProperty('signedXml');
    expect((await messages.findOutbound(id))?.receipt).toEqual(receipt);
  });

  it('when the writer of a DELIVERED outcome stopped before its record write, then the next claimer finishes the write instead of sending again', async () => {
    const id = randomUUID();
    const now = Date.now();
    await messages.insertOutbound(outbound(id, '<a/>'));
    expect(await messages.claim(id, 'worker-1', new Date(now), 1_000)).toBe(1);
    const outcome = {
      attempt: 1,
      startedAt: new Date(now),
      endedAt: new Date(now + 500),
      outcome: 'delivered' as const,
    };
    expect(
      await messages.completeAttempt(id, outcome, { state: 'DELIVERED', updatedAt: new Date(now + 500) }, [
        'leaseUntil',
      ]),
    ).toBe(true);
    // The crash: the outcome's turn was taken, the record write never happened.
    await connection
      .db!.collection('messages')
      .updateOne({ _id: `out:${id}` } as never, { $set: { state: 'SENDING' } });
    expect(await messages.claim(id, 'worker-2', new Date(now + 2_000), 1_000, 1)).toBeNull();
    expect((await messages.findOutboundState(id))?.state).toBe('DELIVERED');
  });

  it('drops a marker left without its record by a crash between the two writes', async () => {
    await connection
      .db!.collection('open_messages')
      .insertOne({ _id: 'out:never', since: new Date(Date.now() - 60_000) } as never);
    expect(await messages.listOpen(new Date())).toContain('out:never');
    expect(await messages.checkOpen(['out:never'], new Date(), new Date())).toEqual([]);
    expect(await messages.listOpen(new Date())).not.toContain('out:never');
  });
});

messageRepositoryContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('message-contract');
  const repository = new MongoMessageRepository(connection);
  await repository.init();
  return { repository, cleanup: drop };
});
