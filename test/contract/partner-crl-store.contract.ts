/** What every PartnerCrlStore must do; run against the in-memory twin here and MongoDB in integration. */
import type { PartnerCrl, PartnerCrlStore } from '../../src/domain/partners/partner-crl';

function crl(code: string, n: number, extra: Partial<PartnerCrl> = {}): PartnerCrl {
  const sha256 = n.toString(16).padStart(64, '0');
  return {
    id: `${code}:${sha256}`,
    partnerCode: code,
    issuer: `CN=CA, C=${code}`,
    issuerFingerprint: 'f'.repeat(64),
    thisUpdate: new Date(Date.UTC(2026, 5, n)),
    nextUpdate: new Date(Date.UTC(2026, 6, n)),
    revokedCount: n,
    sha256,
    der: Buffer.from(`crl ${n}`).toString('base64'),
    uploadedAt: new Date(Date.UTC(2026, 5, 20, 0, 0, n)),
    uploadedBy: 'admin',
    ...extra,
  };
}

export function partnerCrlStoreContract(
  name: string,
  create: () => Promise<{ store: PartnerCrlStore; cleanup: () => Promise<void> }>,
): void {
  describe(`PartnerCrlStore contract: ${name}`, () => {
    let store: PartnerCrlStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when CRLs are inserted, then each is found by id with every field and listed per partner, newest first', async () => {
      expect(await store.insertCrl(crl('UG', 1))).toBe('inserted');
      expect(await store.insertCrl(crl('UG', 3))).toBe('inserted');
      expect(await store.insertCrl(crl('TZ', 2))).toBe('inserted');
      expect(await store.findCrl(crl('UG', 1).id)).toEqual(crl('UG', 1));
      expect(await store.findCrl('UG:none')).toBeNull();
      expect((await store.listCrls('UG')).map((c) => c.revokedCount)).toEqual([3, 1]);
      expect((await store.listCrls()).map((c) => c.id)).toEqual([
        crl('UG', 3).id,
        crl('TZ', 2).id,
        crl('UG', 1).id,
      ]);
      expect(await store.listCrls('KE')).toEqual([]);
    });

    test('when the same CRL is inserted twice, even at once, then it is stored once and the second says exists', async () => {
      const outcomes = await Promise.all([
        store.insertCrl(crl('UG', 1)),
        store.insertCrl(crl('UG', 1, { uploadedBy: 'someone else' })),
      ]);
      expect(outcomes.sort()).toEqual(['exists', 'inserted']);
      expect(await store.listCrls('UG')).toHaveLength(1);
    });

    test('when two CRLs have the same thisUpdate, then the later upload is listed first; a CRL without nextUpdate keeps none', async () => {
      const { nextUpdate: _none, ...noNext } = crl('UG', 1);
      await store.insertCrl(noNext);
      await store.insertCrl(crl('UG', 2, { thisUpdate: noNext.thisUpdate }));
      const listed = await store.listCrls('UG');
      expect(listed.map((c) => c.revokedCount)).toEqual([2, 1]);
      expect(listed[1]).toEqual(noNext);
      expect('nextUpdate' in listed[1]!).toBe(false);
    });
  });
}
