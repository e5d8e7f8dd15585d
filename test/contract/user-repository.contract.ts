/** What every UserRepository must do; run against the in-memory twin here and MongoDB in integration. */
import { GatewayError } from '../../src/domain/errors';
import type { StoredUser, UserRepository } from '../../src/domain/auth/user';

function user(overrides: Partial<StoredUser> = {}): StoredUser {
  return {
    id: 'u-1',
    name: 'Amina.Otieno',
    role: 'customs',
    createdAt: new Date('2026-05-01T08:00:00Z'),
    createdBy: 'cli:root',
    passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA',
    failedAttempts: 0,
    lockedUntil: null,
    ...overrides,
  };
}

export function userRepositoryContract(
  name: string,
  create: () => Promise<{ repository: UserRepository; cleanup: () => Promise<void> }>,
): void {
  describe(`UserRepository contract: ${name}`, () => {
    let repository: UserRepository;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ repository, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when a user is stored, then it is found by its name in any letter case, hash included', async () => {
      await repository.insert(user());
      expect(await repository.findByName('amina.otieno')).toEqual(user());
      expect(await repository.findByName('AMINA.OTIENO')).toEqual(user());
      expect(await repository.findByName('someone.else')).toBeNull();
    });

    test('when two users take one name in different letter case, then the second is USER_EXISTS', async () => {
      await repository.insert(user());
      const second = repository.insert(user({ id: 'u-2', name: 'AMINA.otieno', role: 'admin' }));
      await expect(second).rejects.toBeInstanceOf(GatewayError);
      await expect(second).rejects.toMatchObject({ code: 'USER_EXISTS' });
      expect((await repository.findByName('amina.otieno'))?.role).toBe('customs');
    });

    test('when the sign-in state is updated, then failures and the lockout are read back', async () => {
      await repository.insert(user());
      const lockedUntil = new Date('2026-05-01T08:15:00Z');
      await repository.updateSignInState('u-1', { failedAttempts: 5, lockedUntil });
      expect(await repository.findByName('Amina.Otieno')).toMatchObject({ failedAttempts: 5, lockedUntil });
      await repository.updateSignInState('u-1', { failedAttempts: 0, lockedUntil: null });
      expect(await repository.findByName('Amina.Otieno')).toMatchObject({
        failedAttempts: 0,
        lockedUntil: null,
      });
    });

    test('when users are listed, then oldest first and without password hashes or sign-in state', async () => {
      await repository.insert(
        user({ id: 'u-2', name: 'later', createdAt: new Date('2026-05-02T00:00:00Z') }),
      );
      await repository.insert(user());
      expect(await repository.list()).toEqual([
        {
          id: 'u-1',
          name: 'Amina.Otieno',
          role: 'customs',
          createdAt: user().createdAt,
          createdBy: 'cli:root',
        },
        {
          id: 'u-2',
          name: 'later',
          role: 'customs',
          createdAt: new Date('2026-05-02T00:00:00Z'),
          createdBy: 'cli:root',
        },
      ]);
    });

    test('when a user is disabled twice, then the first time and actor stay, and an unknown id gives null', async () => {
      await repository.insert(user());
      const first = { at: new Date('2026-05-03T00:00:00Z'), by: 'root' };
      expect(await repository.disable('u-1', first)).toMatchObject({
        disabledAt: first.at,
        disabledBy: 'root',
      });
      const again = await repository.disable('u-1', { at: new Date('2026-05-04T00:00:00Z'), by: 'other' });
      expect(again).toMatchObject({ id: 'u-1', disabledAt: first.at, disabledBy: 'root' });
      expect(again).not.toHaveProperty('passwordHash');
      expect(await repository.findByName('amina.otieno')).toMatchObject({ disabledAt: first.at });
      expect(await repository.disable('u-unknown', first)).toBeNull();
    });
  });
}
