/** What every AuditCheckpointStore must do; run against the in-memory twin here and MongoDB in integration. */
import type { AuditCheckpoint, AuditCheckpointStore } from '../../src/domain/audit/audit-checkpoint';

const checkpoint = (seq: number, extra: Partial<AuditCheckpoint> = {}): AuditCheckpoint => ({
  country: 'KE',
  seq,
  headHash: String(seq).padStart(64, '0'),
  signedAt: new Date(`2026-06-0${seq}T00:00:00Z`),
  signedXml: `<AuditCheckpoint>${seq}</AuditCheckpoint>`,
  ...extra,
});

export function auditCheckpointStoreContract(
  name: string,
  create: () => Promise<{ store: AuditCheckpointStore; cleanup: () => Promise<void> }>,
): void {
  describe(`AuditCheckpointStore contract: ${name}`, () => {
    let store: AuditCheckpointStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when checkpoints are stored out of order, then list is in seq order, latest is the highest and find reads one back unchanged', async () => {
      expect(await store.latest()).toBeNull();
      for (const seq of [3, 1, 7]) expect(await store.insert(checkpoint(seq))).toBe(true);
      expect((await store.list()).map((c) => c.seq)).toEqual([1, 3, 7]);
      expect(await store.latest()).toEqual(checkpoint(7));
      expect(await store.find(3)).toEqual(checkpoint(3));
      expect(await store.find(4)).toBeNull();
    });

    test('when a second checkpoint for the same seq is stored, then it answers false and the first one stays', async () => {
      await store.insert(checkpoint(2));
      expect(await store.insert(checkpoint(2, { headHash: 'f'.repeat(64) }))).toBe(false);
      expect(await store.find(2)).toEqual(checkpoint(2));
    });
  });
}
