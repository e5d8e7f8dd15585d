/**
 * Issue 13, point 5: rate limits over the real interfaces. The exchange endpoint (real mutual TLS) limits
 * each partner, the internal API each bearer token; both answer 429 RATE_LIMITED with Retry-After. Two
 * instances of one gateway (same database and RabbitMQ) split the limit by the live instance count that
 * RabbitMQ reports, so together they allow no more than the configured burst.
 */
import { postExchange } from '../support/crafted-exchange';
import { dropDatabaseOf } from '../support/services';
import { onboard, startCountry, type TestCountry } from '../support/two-countries';

const API_BURST = 20;
const LIMITS = {
  rateLimits: {
    exchangePerPartnerPerMinute: 6,
    exchangeBurst: 4,
    apiPerTokenPerMinute: 6,
    // The set-up's admin calls (onboarding two partners) come out of the admin token's burst.
    apiBurst: API_BURST,
    instanceRefreshMs: 200,
  },
};

describe('rate limits', () => {
  let ch: TestCountry;
  let ch2: TestCountry;

  beforeAll(async () => {
    ch = await startCountry('CH', LIMITS);
    await onboard(ch, { country: 'KE', exchangeUrl: 'https://127.0.0.1:9/' });
    await onboard(ch, { country: 'TZ', exchangeUrl: 'https://127.0.0.1:9/' });
  }, 60_000);

  afterAll(async () => {
    await ch2?.gateway.close();
    await ch?.gateway.close();
    if (ch) await dropDatabaseOf(ch.gateway.config.mongodbUri);
  });

  const statuses = (answers: Array<{ status: number }>) => answers.map((a) => a.status);

  it('when one partner exceeds its burst on the exchange endpoint, then it gets 429 RATE_LIMITED with Retry-After, and another partner does not', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await postExchange(ch, 'KE', '<x/>'));
    expect(
      statuses(answers)
        .slice(0, 4)
        .every((s) => s !== 429),
    ).toBe(true);
    const limited = answers[4]!;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((JSON.parse(limited.body) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect((await postExchange(ch, 'TZ', '<x/>')).status).not.toBe(429);
  });

  it('when one token exceeds its burst on the internal API, then it gets 429 RATE_LIMITED with Retry-After, and another token does not', async () => {
    const get = (token: string) => ch.api().get('/api/v1/messages').set('Authorization', `Bearer ${token}`);
    const answers = [];
    for (let i = 0; i <= API_BURST; i++) answers.push(await get(ch.tokens.auditor));
    expect(statuses(answers)).toEqual([...Array<number>(API_BURST).fill(200), 429]);
    const limited = answers[API_BURST]!;
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((limited.body as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect((await get(ch.tokens.issuer)).status).not.toBe(429);
  });

  it('when two instances run, then each allows its share and together they allow the configured burst', async () => {
    ch2 = await startCountry('CH', {
      ...LIMITS,
      mongodbUri: ch.gateway.config.mongodbUri,
      amqpPrefix: ch.gateway.config.amqpPrefix,
    });
    // Both instances count each other once RabbitMQ shows two consumers and their timers have read it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const token = ch.tokens.customs;
    const get = (side: TestCountry) =>
      side.api().get('/api/v1/verifications').set('Authorization', `Bearer ${token}`);
    const share = [...Array<number>(API_BURST / 2).fill(200), 429];
    const first = [];
    for (let i = 0; i < share.length; i++) first.push((await get(ch)).status);
    const second = [];
    for (let i = 0; i < share.length; i++) second.push((await get(ch2)).status);
    expect({ first, second }).toEqual({ first: share, second: share });
  }, 60_000);
});
