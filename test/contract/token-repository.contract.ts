/** What every TokenRepository must do; run against the in-memory twin here and MongoDB in integration. */
import type { StoredToken, TokenRepository } from '../../src/domain/auth/token';

const at = (iso: string): Date => new Date(iso);

const token = (n: number, extra: Partial<StoredToken> = {}): StoredToken => ({
  id: `id-${n}`,
  name: `token ${n}`,
  role: 'issuer',
  hash: `${n}`.padStart(64, 'a'),
  createdAt: at(`2026-06-0${n}T00:00:00Z`),
  createdBy: 'setup',
  revoked: false,
  expiresAt: at('2026-09-01T00:00:00Z'),
  ...extra,
});

export function tokenRepositoryContract(
  name: string,
  create: () => Promise<{ repository: TokenRepository; cleanup: () => Promise<void> }>,
): void {
  describe(`TokenRepository contract: ${name}`, () => {
    let repo: TokenRepository;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ repository: repo, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when a token is stored, then it is found by hash with its expiry, and by id and in the list without its hash', async () => {
      await repo.insert(token(2));
      await repo.insert(token(1, { role: 'admin' }));
      expect(await repo.findByHash(token(2).hash)).toEqual(token(2));
      const byId = await repo.findById('id-1');
      expect(byId).toMatchObject({ name: 'token 1', role: 'admin', expiresAt: at('2026-09-01T00:00:00Z') });
      expect(byId).not.toHaveProperty('hash');
      const list = await repo.list();
      expect(list.map((t) => t.id)).toEqual(['id-1', 'id-2']);
      expect(list.some((t) => 'hash' in t)).toBe(false);
      expect(await repo.findByHash('f'.repeat(64))).toBeNull();
      expect(await repo.findById('nope')).toBeNull();
    });

    test('when a second token has the same hash, then the insert fails', async () => {
      await repo.insert(token(1));
      await expect(repo.insert(token(2, { hash: token(1).hash }))).rejects.toMatchObject({ code: 11000 });
    });

    test('when a token is revoked, then it reads back revoked with who and when, and a second revoke answers null', async () => {
      await repo.insert(token(1));
      const revoked = await repo.revoke('id-1', at('2026-06-10T00:00:00Z'), 'chief');
      expect(revoked).toMatchObject({
        revoked: true,
        revokedAt: at('2026-06-10T00:00:00Z'),
        revokedBy: 'chief',
      });
      expect(await repo.findByHash(token(1).hash)).toMatchObject({ revoked: true });
      expect(await repo.revoke('id-1', at('2026-06-11T00:00:00Z'), 'other')).toBeNull();
      expect(await repo.findById('id-1')).toMatchObject({ revokedBy: 'chief' });
      expect(await repo.revoke('nope', at('2026-06-11T00:00:00Z'), 'other')).toBeNull();
    });

    test('when uses are recorded out of order, then lastUsedAt only moves forward', async () => {
      await repo.insert(token(1));
      expect(await repo.findById('id-1')).not.toHaveProperty('lastUsedAt');
      await repo.recordUse('id-1', at('2026-06-05T10:00:00Z'));
      await repo.recordUse('id-1', at('2026-06-05T09:00:00Z'));
      expect((await repo.findById('id-1'))?.lastUsedAt).toEqual(at('2026-06-05T10:00:00Z'));
    });
  });
}
