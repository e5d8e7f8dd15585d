/**
 * What every issued and received permit store must do; run against the in-memory twins here and MongoDB in
 * integration (test/integration/exchange-stores.int.test.ts).
 */
import {
  listedAt,
  type IssuedPermitRepository,
  type ListedPermit,
  type ReceivedPermitRepository,
} from '../../src/domain/exchange/permit-repository';
import {
  issuedRecord as issued,
  RECORD_AT as AT,
  receivedRecord as received,
} from '../support/permit-records';

export function permitRepositoryContract(
  name: string,
  create: () => Promise<{
    issued: IssuedPermitRepository;
    received: ReceivedPermitRepository;
    cleanup: () => Promise<void>;
  }>,
): void {
  describe(`IssuedPermitRepository and ReceivedPermitRepository contract: ${name}`, () => {
    let issuedPermits: IssuedPermitRepository;
    let receivedPermits: ReceivedPermitRepository;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ issued: issuedPermits, received: receivedPermits, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when a permit is inserted, then it is found by its key exactly as given', async () => {
      const record = issued('KE-2026-000001');
      expect(await issuedPermits.insert(record)).toBe(true);
      expect(await issuedPermits.find(record.permitKey)).toEqual(record);
      expect(await issuedPermits.find('KE/2026/KE-2026-999999')).toBeNull();
    });

    test('when a second permit comes under a stored key, then insert answers false and the first one stays', async () => {
      const first = received('KE-2026-000002');
      expect(await receivedPermits.insert(first)).toBe(true);
      const other = received('KE-2026-000002', { messageId: 'another', digest: 'other' });
      const answers = await Promise.all([receivedPermits.insert(other), receivedPermits.insert(other)]);
      expect(answers).toEqual([false, false]);
      expect(await receivedPermits.find(first.permitKey)).toEqual(first);
    });

    test('when a permit is updated, then only the given fields change; an unknown key changes nothing', async () => {
      const record = received('KE-2026-000003');
      await receivedPermits.insert(record);
      const later = new Date('2026-05-02T00:00:00Z');
      const cancellation = { reason: 'issued in error', at: later, messageId: 'm-cancel' };
      await receivedPermits.update(record.permitKey, { status: 'CANCELLED', cancellation, updatedAt: later });
      await receivedPermits.update('KE/2026/KE-2026-999999', { status: 'CANCELLED' });

      expect(await receivedPermits.find(record.permitKey)).toEqual({
        ...record,
        status: 'CANCELLED',
        cancellation,
        updatedAt: later,
      });
      expect(await receivedPermits.existing(['KE/2026/KE-2026-999999'])).toEqual([]);
    });

    test('when a record read back is changed, then the stored one is not', async () => {
      const record = issued('KE-2026-000004');
      await issuedPermits.insert(record);
      record.status = 'USED';
      const read = await issuedPermits.find(record.permitKey);
      read!.permit.permitNumber = 'changed';
      expect(await issuedPermits.find(record.permitKey)).toEqual(issued('KE-2026-000004'));
    });

    test('when keys are probed, then those stored come back in the order asked', async () => {
      await receivedPermits.insert(received('KE-2026-000005'));
      await receivedPermits.insert(received('KE-2026-000006'));
      expect(
        await receivedPermits.existing([
          'KE/2026/KE-2026-000006',
          'KE/2026/KE-2026-000404',
          'KE/2026/KE-2026-000005',
        ]),
      ).toEqual(['KE/2026/KE-2026-000006', 'KE/2026/KE-2026-000005']);
    });

    test('when permits are listed, then newest first and by key descending within one instant, filtered by status, at most limit, without signedXml', async () => {
      const later = new Date(AT.getTime() + 60_000);
      await issuedPermits.insert(issued('KE-2026-000009'));
      await issuedPermits.insert(issued('KE-2026-000007', { status: 'CANCELLED', createdAt: later }));
      await issuedPermits.insert(issued('KE-2026-000008'));

      const all = await issuedPermits.list({}, 10);
      expect(all.map((p) => p.permitKey)).toEqual([
        'KE/2026/KE-2026-000007',
        'KE/2026/KE-2026-000009',
        'KE/2026/KE-2026-000008',
      ]);
      expect(all.every((p) => !('signedXml' in p))).toBe(true);
      const { signedXml: _, ...withoutXml } = issued('KE-2026-000008');
      expect(all[2]).toEqual(withoutXml);
      expect((await issuedPermits.list({ status: 'ISSUED' }, 1)).map((p) => p.permitKey)).toEqual([
        'KE/2026/KE-2026-000009',
      ]);
      expect(await issuedPermits.list({ status: 'USED' }, 10)).toEqual([]);
    });

    test('when thirty permits, ten to an instant, are paged three at a time after each page’s last, then every one comes once, in order, in both stores', async () => {
      const numbers = Array.from({ length: 30 }, (_, i) => `KE-2026-1${String(i).padStart(5, '0')}`);
      const at = (i: number) => new Date(AT.getTime() + Math.floor(i / 10) * 1000);
      for (const [i, n] of numbers.entries()) {
        await issuedPermits.insert(issued(n, { createdAt: at(i) }));
        await receivedPermits.insert(received(n, { receivedAt: at(i) }));
      }
      const expected = numbers.map((n) => `KE/2026/${n}`).reverse(); // later instants hold the higher numbers
      const pageThrough = async (
        list: (page?: { before: Date; beforeKey: string }) => Promise<ListedPermit[]>,
      ): Promise<string[]> => {
        const keys: string[] = [];
        for (let page = await list(); page.length > 0;) {
          keys.push(...page.map((p) => p.permitKey));
          const last = page[page.length - 1]!;
          page = await list({ before: listedAt(last), beforeKey: last.permitKey });
        }
        return keys;
      };
      expect(await pageThrough((page) => issuedPermits.list({}, 3, page))).toEqual(expected);
      expect(await pageThrough((page) => receivedPermits.list({}, 7, page))).toEqual(expected);
    });

    test('when a key is stored as issued, then the received store does not see it (two separate stores)', async () => {
      await issuedPermits.insert(issued('KE-2026-000010'));
      expect(await receivedPermits.find('KE/2026/KE-2026-000010')).toBeNull();
      expect(await receivedPermits.insert(received('KE-2026-000010'))).toBe(true);
    });
  });
}
