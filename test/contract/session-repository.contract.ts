/** What every SessionRepository must do; run against the in-memory twin here and MongoDB in integration. */
import type { Session, SessionRepository } from '../../src/domain/auth/session';

const session: Session = {
  id: 'a'.repeat(64),
  userId: 'u-1',
  name: 'amina',
  role: 'customs',
  csrfToken: 'csrf-token-1',
  createdAt: new Date('2026-05-01T08:00:00Z'),
  lastSeenAt: new Date('2026-05-01T08:00:00Z'),
};

export function sessionRepositoryContract(
  name: string,
  create: () => Promise<{ repository: SessionRepository; cleanup: () => Promise<void> }>,
): void {
  describe(`SessionRepository contract: ${name}`, () => {
    let repository: SessionRepository;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ repository, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when a session is stored, then it is found by its id and no other', async () => {
      await repository.insert(session);
      expect(await repository.findById(session.id)).toEqual(session);
      expect(await repository.findById('b'.repeat(64))).toBeNull();
    });

    test('when a session id is inserted twice, then the second insert fails and the first stays', async () => {
      await repository.insert(session);
      await expect(repository.insert({ ...session, userId: 'u-2', role: 'admin' })).rejects.toThrow();
      expect(await repository.findById(session.id)).toEqual(session);
    });

    test('when a session is touched, then lastSeenAt moves forward and never back', async () => {
      await repository.insert(session);
      const later = new Date('2026-05-01T08:10:00Z');
      await repository.touch(session.id, later);
      await repository.touch(session.id, new Date('2026-05-01T08:05:00Z'));
      expect(await repository.findById(session.id)).toEqual({ ...session, lastSeenAt: later });
    });

    test('when a session is deleted, then it is gone, and deleting it again changes nothing', async () => {
      await repository.insert(session);
      await repository.delete(session.id);
      await repository.delete(session.id);
      expect(await repository.findById(session.id)).toBeNull();
    });

    test("when a user's sessions are ended, then only that user's go", async () => {
      await repository.insert(session);
      await repository.insert({ ...session, id: 'b'.repeat(64) });
      await repository.insert({ ...session, id: 'c'.repeat(64), userId: 'u-2' });
      expect(await repository.deleteForUser('u-1')).toBe(2);
      expect(await repository.findById(session.id)).toBeNull();
      expect(await repository.findById('c'.repeat(64))).not.toBeNull();
      expect(await repository.deleteForUser('u-1')).toBe(0);
    });
  });
}
