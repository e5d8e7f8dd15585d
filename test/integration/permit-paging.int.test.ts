/**
 * GET /api/v1/permits and /api/v1/received-permits paged through their `next` cursor on a real gateway:
 * newest first, every permit once when pages end inside a busy millisecond, and a cursor half given is a
 * VALIDATION_FAILED naming the missing half.
 */
import { followPages } from '../support/paging';
import { issuedRecord, receivedRecord } from '../support/permit-records';
import { startCountry, type TestCountry } from '../support/two-countries';
import { dropDatabaseOf } from '../support/services';

let ch: TestCountry;
const SAME_MS = new Date('2026-04-05T06:07:08.091Z');
const OLDER = new Date(SAME_MS.getTime() - 60_000);
const issued = (number: string, at: Date) =>
  issuedRecord(number, { permitKey: `CH/2026/${number}`, destination: 'KE', createdAt: at, updatedAt: at });
const received = (number: string, at: Date) => receivedRecord(number, { receivedAt: at, updatedAt: at });

beforeAll(async () => {
  ch = await startCountry('CH');
  const { issued: issuedStore, received: receivedStore } = ch.gateway.exchange;
  await issuedStore.insert(issued('CH-OLD-1', OLDER));
  for (let i = 0; i < 7; i++) await issuedStore.insert(issued(`CH-PG-${i}`, SAME_MS));
  await receivedStore.insert(received('KE-OLD-1', OLDER));
  for (let i = 0; i < 5; i++) await receivedStore.insert(received(`KE-PG-${i}`, SAME_MS));
}, 60_000);
afterAll(async () => {
  await ch?.gateway.close();
  if (ch) await dropDatabaseOf(ch.gateway.config.mongodbUri);
});

async function pageAll(path: string, token: string, limit: number) {
  const pages = await followPages<{ permitKey: string }>(ch, path, token, { limit });
  return {
    keys: pages.flatMap((page) => page.items.map((p) => p.permitKey)),
    cursors: pages.flatMap((page) => (page.next ? [page.next] : [])),
  };
}

describe('paging the permit lists', () => {
  test('when seven issued permits share one millisecond and pages of three end inside it, then each comes once, newest first, by key descending within the instant', async () => {
    const { keys, cursors } = await pageAll('/api/v1/permits', ch.tokens.issuer, 3);
    const sameMs = Array.from({ length: 7 }, (_, i) => `CH/2026/CH-PG-${6 - i}`);
    expect(keys).toEqual([...sameMs, 'CH/2026/CH-OLD-1']);
    expect(cursors[0]).toEqual({ before: SAME_MS.toISOString(), beforeKey: 'CH/2026/CH-PG-4' });
  });

  test('when five received permits share one millisecond and pages of two end inside it, then each comes once, newest first', async () => {
    const { keys, cursors } = await pageAll('/api/v1/received-permits', ch.tokens.customs, 2);
    const sameMs = Array.from({ length: 5 }, (_, i) => `KE/2026/KE-PG-${4 - i}`);
    expect(keys).toEqual([...sameMs, 'KE/2026/KE-OLD-1']);
    expect(cursors).toHaveLength(3);
  });

  test('when before comes without beforeKey, then 400 VALIDATION_FAILED on beforeKey and nothing is listed', async () => {
    const res = await ch
      .api()
      .get(`/api/v1/received-permits?before=${SAME_MS.toISOString()}`)
      .set('Authorization', `Bearer ${ch.tokens.customs}`);
    expect([res.status, res.body.error.code, res.body.error.details[0].field]).toEqual([
      400,
      'VALIDATION_FAILED',
      'beforeKey',
    ]);
    expect(res.body.items).toBeUndefined();
  });
});
