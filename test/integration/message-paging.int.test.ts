/**
 * GET /api/v1/messages paged through its `next` cursor on a real gateway, when many records share one
 * millisecond (as they do under load) and pages end inside it: every record comes once, newest first, and a
 * cursor half given is a VALIDATION_FAILED naming the field.
 */
import { queuedMessage } from '../support/messages';
import { followPages, type ListPage } from '../support/paging';
import { startCountry, type TestCountry } from '../support/two-countries';
import { dropDatabaseOf } from '../support/services';

let ke: TestCountry;
const SAME_MS = new Date('2026-03-04T05:06:07.089Z');

beforeAll(async () => {
  ke = await startCountry('KE');
  const messages = ke.gateway.exchange.messages;
  for (let i = 0; i < 7; i++) await messages.insertOutbound(queuedMessage(`pg-out-${i}`, SAME_MS));
  for (let i = 0; i < 5; i++)
    await messages.insertInbound({
      id: `in:CH:pg-in-${i}`,
      messageId: `pg-in-${i}`,
      direction: 'inbound',
      partner: 'CH',
      state: 'RECEIVED',
      receivedAt: SAME_MS,
      archiveId: `archive-pg-in-${i}`,
      digest: 'digest',
      receipt: {
        receiptId: `r-${i}`,
        status: 'ACCEPTED',
        warnings: [],
        receivedDigest: 'digest',
        receivedAt: SAME_MS,
      },
    });
  await messages.insertOutbound(queuedMessage('pg-older', new Date(SAME_MS.getTime() - 1)));
}, 60_000);
afterAll(async () => {
  await ke?.gateway.close();
  if (ke) await dropDatabaseOf(ke.gateway.config.mongodbUri);
});

async function pageAll(limit: number): Promise<{ ids: string[]; pages: number }> {
  const query = { limit, to: '2026-03-05T00:00:00Z' };
  const pages = await followPages<{ messageId: string }>(ke, '/api/v1/messages', ke.tokens.auditor, query);
  return { ids: pages.flatMap((page) => page.items.map((m) => m.messageId)), pages: pages.length };
}

describe('paging the message list', () => {
  test('when twelve records share one millisecond and pages of five end inside it, then every record comes once, the older one last', async () => {
    const { ids, pages } = await pageAll(5);
    expect(pages).toBe(3);
    expect(ids).toHaveLength(13);
    expect(new Set(ids).size).toBe(13);
    expect(ids.slice(0, 12).sort()).toEqual(
      [
        ...Array.from({ length: 7 }, (_, i) => `pg-out-${i}`),
        ...Array.from({ length: 5 }, (_, i) => `pg-in-${i}`),
      ].sort(),
    );
    expect(ids[12]).toBe('pg-older');
  });

  test('when the next cursor is followed, then it carries the last record’s time and record key', async () => {
    const res = await ke
      .api()
      .get('/api/v1/messages?limit=2&to=2026-03-05T00:00:00Z')
      .set('Authorization', `Bearer ${ke.tokens.admin}`);
    const page = res.body as ListPage<{ messageId: string }>;
    expect(page.next).toEqual({ before: SAME_MS.toISOString(), beforeKey: 'out:pg-out-5' });
    expect(page.items.map((m) => m.messageId)).toEqual(['pg-out-6', 'pg-out-5']);
  });

  test('when beforeKey comes without before, then 400 VALIDATION_FAILED on beforeKey', async () => {
    const res = await ke
      .api()
      .get('/api/v1/messages?beforeKey=out:pg-out-5')
      .set('Authorization', `Bearer ${ke.tokens.admin}`);
    expect([res.status, res.body.error.code, res.body.error.details[0].field]).toEqual([
      400,
      'VALIDATION_FAILED',
      'beforeKey',
    ]);
  });
});
