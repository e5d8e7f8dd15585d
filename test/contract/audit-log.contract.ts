/** What every AuditLog must do; run against the in-memory twin here and MongoDB in integration. */
import {
  AuditChainVerifier,
  type AuditEntry,
  type AuditEntryInput,
  type AuditLog,
} from '../../src/domain/audit/audit-entry';

const input = (n: number, extra: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actor: `admin ${n}`,
  action: 'certificate.added',
  target: `partner:KE/certificate:tls-ca:${n}`,
  before: null,
  after: { n, nested: { empty: {}, list: [1, 'two', null, true] }, at: '2026-01-01T00:00:00.000Z' },
  ...extra,
});

async function readAll(log: AuditLog): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const entry of log.entries()) all.push(entry);
  return all;
}

export function auditLogContract(
  name: string,
  create: () => Promise<{ log: AuditLog; cleanup: () => Promise<void> }>,
): void {
  describe(`AuditLog contract: ${name}`, () => {
    let log: AuditLog;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ log, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when entries are appended, then they read back in order, unchanged, and the chain verifies', async () => {
      for (let n = 1; n <= 3; n++) await log.append(input(n));
      const all = await readAll(log);
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(all[1]).toMatchObject({ actor: 'admin 2', after: input(2).after, before: null });
      const verifier = new AuditChainVerifier();
      for (const entry of all) verifier.push(entry);
      expect(verifier.result()).toMatchObject({ ok: true, entries: 3 });
    });

    test('when many appends run at once, then every one gets its own seq and the chain stays intact', async () => {
      const appended = await Promise.all(Array.from({ length: 12 }, (_, i) => log.append(input(i + 1))));
      expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
      const verifier = new AuditChainVerifier();
      for (const entry of await readAll(log)) verifier.push(entry);
      expect(verifier.result()).toMatchObject({ ok: true, entries: 12 });
    });

    test('when paged, then entries after the cursor come in order, at most limit', async () => {
      for (let n = 1; n <= 5; n++) await log.append(input(n));
      expect((await log.page({ after: 0, limit: 2 })).map((e) => e.seq)).toEqual([1, 2]);
      expect((await log.page({ after: 2, limit: 10 })).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect(await log.page({ after: 5, limit: 10 })).toEqual([]);
    });
  });
}
