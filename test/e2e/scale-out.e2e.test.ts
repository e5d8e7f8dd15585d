/**
 * Scale-out: two instances of KE's gateway share MongoDB and RabbitMQ. They split the delivery work, and
 * no message is POSTed to CH twice (CH archives every POST it receives) or stored twice.
 */
import { randomUUID } from 'node:crypto';
import { samplePermit } from '../support/permits';
import { eventually, onboard, startCountry, type TestCountry } from '../support/two-countries';
import { dropDatabaseOf } from '../support/services';

const PERMITS = 60;

describe('two KE instances sharing MongoDB and RabbitMQ', () => {
  let ke1: TestCountry;
  let ke2: TestCountry;
  let ch: TestCountry;

  beforeAll(async () => {
    ke1 = await startCountry('KE');
    ke2 = await startCountry('KE', {
      mongodbUri: ke1.gateway.config.mongodbUri,
      amqpPrefix: ke1.gateway.config.amqpPrefix,
    });
    ch = await startCountry('CH');
    await onboard(ke1, { country: 'CH', exchangeUrl: ch.gateway.exchangeUrl });
    await onboard(ch, { country: 'KE', exchangeUrl: ke1.gateway.exchangeUrl });
    // The second instance learns about CH from the broadcast, not from a restart.
    await eventually(async () => (ke2.gateway.directory.current().findPartner('CH')?.status === 'active' ? true : undefined), {
      what: 'CH in the second instance directory',
    });
  }, 60_000);

  afterAll(async () => {
    for (const side of [ke1, ke2, ch]) await side?.gateway.close();
    await dropDatabaseOf(ke1.gateway.config.mongodbUri);
    await dropDatabaseOf(ch.gateway.config.mongodbUri);
  });

  it('delivers every permit exactly once, with both instances doing work', async () => {
    const batch = randomUUID().slice(0, 6);
    const submitted = await Promise.all(
      Array.from({ length: PERMITS }, async (_, i) => {
        const side = i % 2 === 0 ? ke1 : ke2;
        const res = await side
          .api()
          .post('/api/v1/permits')
          .set('Authorization', `Bearer ${ke1.tokens.issuer}`)
          .send(samplePermit({ permitNumber: `KE-SO-${batch}-${i}` }));
        expect(res.status).toBe(202);
        return res.body as { messageId: string; permitKey: string };
      }),
    );

    const messages = ke1.gateway.exchange.messages;
    await eventually(
      async () => {
        const counts = await messages.countByState('outbound');
        return counts.DELIVERED === PERMITS ? counts : undefined;
      },
      { timeoutMs: 60_000, what: `${PERMITS} DELIVERED` },
    );

    const records = await Promise.all(submitted.map((s) => messages.findOutbound(s.messageId)));
    expect(records.every((r) => r?.state === 'DELIVERED' && r.attempts.length === 1)).toBe(true);
    const claimsByOwner = await ke1.gateway.mongo.db!
      .collection('delivery_claims')
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$owner', n: { $sum: 1 } } }])
      .toArray();
    expect(claimsByOwner.length).toBe(2);
    expect(claimsByOwner.reduce((sum, row) => sum + row.n, 0)).toBe(PERMITS);

    const chDb = ch.gateway.mongo.db!;
    expect(await chDb.collection('received_permits').countDocuments({ permitKey: { $regex: `KE-SO-${batch}-` } })).toBe(PERMITS);
    expect(await chDb.collection('messages').countDocuments({ direction: 'inbound', state: 'RECEIVED' })).toBe(PERMITS);
    expect(await chDb.collection('inbound_archive').countDocuments({})).toBe(PERMITS);
  }, 90_000);
});
