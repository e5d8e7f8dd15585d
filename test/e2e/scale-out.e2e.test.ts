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
    await onboard(ke1, { country: 'CH', exchangeUrl: ch.gateway.exchangeUrl }, { timeoutMs: 30_000 });
    await onboard(ch, { country: 'KE', exchangeUrl: ke1.gateway.exchangeUrl });
    // The second instance learns about CH from the broadcast, not from a restart.
    await eventually(
      () =>
        Promise.resolve(
          ke2.gateway.directory.current().findPartner('CH')?.status === 'active' ? true : undefined,
        ),
      {
        what: 'CH in the second instance directory',
      },
    );
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

    // Never two attempts of one message in flight at once: each started after the previous one ended.
    const records = await Promise.all(submitted.map((s) => messages.findOutbound(s.messageId)));
    for (const record of records) {
      expect(record?.state).toBe('DELIVERED');
      const attempts = record!.attempts;
      expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i + 1));
      for (let i = 1; i < attempts.length; i++) {
        expect(new Date(attempts[i]!.startedAt).getTime()).toBeGreaterThanOrEqual(
          new Date(attempts[i - 1]!.endedAt!).getTime(),
        );
      }
    }
    const claimsByOwner = await ke1.gateway.mongo
      .db!.collection('delivery_claims')
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$owner', n: { $sum: 1 } } }])
      .toArray();
    expect(claimsByOwner.length).toBe(2);
    const totalAttempts = records.reduce((sum, r) => sum + r!.attempts.length, 0);
    expect(claimsByOwner.reduce((sum, row) => sum + row.n, 0)).toBe(totalAttempts);

    const chDb = ch.gateway.mongo.db!;
    expect(
      await chDb
        .collection('received_permits')
        .countDocuments({ _id: { $regex: `KE-SO-${batch}-` } } as never),
    ).toBe(PERMITS);
    expect(
      await chDb.collection('messages').countDocuments({ direction: 'inbound', state: 'RECEIVED' }),
    ).toBe(PERMITS);
    // CH archives every POST: one per attempt at most (a timed-out attempt may still have arrived).
    expect(await chDb.collection('inbound_archive').countDocuments({})).toBeLessThanOrEqual(totalAttempts);
  }, 90_000);
});
