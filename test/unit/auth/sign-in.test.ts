/** Console sign-in, lockout, idle timeout and sign-out on the in-memory twins, with a movable clock. */
import type { Clock } from '../../../src/domain/ports';
import { SessionAuthenticator } from '../../../src/flows/authenticate-session';
import { createUser } from '../../../src/flows/create-user';
import { disableUser } from '../../../src/flows/disable-user';
import { signIn, type SignInDeps } from '../../../src/flows/sign-in';
import { InMemoryAuditLog } from '../../contract/twins/in-memory-audit-log';
import { InMemorySessionRepository } from '../../contract/twins/in-memory-session-repository';
import { InMemoryUserRepository } from '../../contract/twins/in-memory-user-repository';

const MINUTE = 60_000;
const PASSWORD = 'correct horse battery';

function world() {
  let now = new Date('2026-06-01T08:00:00Z').getTime();
  const clock: Clock = { now: () => new Date(now) };
  const advance = (ms: number) => {
    now += ms;
  };
  const users = new InMemoryUserRepository();
  const sessions = new InMemorySessionRepository();
  const audit = new InMemoryAuditLog(clock);
  const deps: SignInDeps = {
    users,
    sessions,
    audit,
    clock,
    lockout: { maxAttempts: 3, lockoutMs: 15 * MINUTE },
  };
  const authenticator = new SessionAuthenticator({
    sessions,
    audit,
    clock,
    policy: { idleTimeoutMs: 30 * MINUTE, maxAgeMs: 12 * 60 * MINUTE },
  });
  return { clock, advance, users, sessions, audit, deps, authenticator };
}

async function actions(audit: InMemoryAuditLog): Promise<string[]> {
  return (await audit.page({ after: 0, limit: 100 })).map((e) => `${e.action} ${e.target}`);
}

describe('console sign-in', () => {
  test('when a user signs in with the right password, then a session acts with the user role and is audited', async () => {
    const w = world();
    const user = await createUser(w.deps, {
      role: 'customs',
      name: 'amina',
      password: PASSWORD,
      createdBy: 'cli:root',
    });
    const { secret, session } = await signIn(w.deps, { name: 'AMINA', password: PASSWORD });
    expect(session).toMatchObject({ name: 'amina', role: 'customs', userId: user.id });
    expect(session.id).not.toBe(secret);
    expect(await w.authenticator.authenticate(secret)).toEqual(session);
    expect(await actions(w.audit)).toEqual([
      `user.created user:${user.id}`,
      `user.signed-in user:${user.id}`,
    ]);
    expect(JSON.stringify(await w.audit.page({ after: 0, limit: 100 }))).not.toContain(PASSWORD);
  });

  test('when the password is wrong three times, then the account is locked even for the right one until the lockout ends', async () => {
    const w = world();
    await createUser(w.deps, { role: 'admin', name: 'root', password: PASSWORD, createdBy: 'cli:root' });
    for (const expected of ['SIGN_IN_FAILED', 'SIGN_IN_FAILED', 'ACCOUNT_LOCKED']) {
      await expect(signIn(w.deps, { name: 'root', password: 'wrong password!' })).rejects.toMatchObject({
        code: expected,
      });
    }
    await expect(signIn(w.deps, { name: 'root', password: PASSWORD })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
      details: { lockedUntil: '2026-06-01T08:15:00.000Z' },
    });
    w.advance(15 * MINUTE + 1);
    await expect(signIn(w.deps, { name: 'root', password: PASSWORD })).resolves.toMatchObject({
      session: { role: 'admin' },
    });
    expect((await actions(w.audit)).filter((a) => a.startsWith('user.sign-in-failed'))).toHaveLength(4);
  });

  test('when a success follows failures, then the failure count starts again from zero', async () => {
    const w = world();
    await createUser(w.deps, { role: 'admin', name: 'root', password: PASSWORD, createdBy: 'cli:root' });
    for (let i = 0; i < 2; i++)
      await signIn(w.deps, { name: 'root', password: 'nope' }).catch(() => undefined);
    await signIn(w.deps, { name: 'root', password: PASSWORD });
    for (let i = 0; i < 2; i++)
      await signIn(w.deps, { name: 'root', password: 'nope' }).catch(() => undefined);
    expect(await w.users.findByName('root')).toMatchObject({ failedAttempts: 2, lockedUntil: null });
  });

  test('when the name is unknown, then SIGN_IN_FAILED like a wrong password, and the failure is audited', async () => {
    const w = world();
    await expect(signIn(w.deps, { name: 'ghost', password: PASSWORD })).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
    });
    expect(await actions(w.audit)).toEqual(['user.sign-in-failed user-name:ghost']);
  });

  test('when a session is idle longer than the timeout, then it no longer authenticates and is deleted', async () => {
    const w = world();
    await createUser(w.deps, { role: 'auditor', name: 'eve', password: PASSWORD, createdBy: 'cli:root' });
    const { secret, session } = await signIn(w.deps, { name: 'eve', password: PASSWORD });
    w.advance(29 * MINUTE);
    expect(await w.authenticator.authenticate(secret)).not.toBeNull();
    w.advance(29 * MINUTE);
    expect(await w.authenticator.authenticate(secret)).not.toBeNull();
    w.advance(30 * MINUTE + 1);
    expect(await w.authenticator.authenticate(secret)).toBeNull();
    expect(await w.sessions.findById(session.id)).toBeNull();
  });

  test('when the user signs out, then the session is gone and the sign-out is audited', async () => {
    const w = world();
    await createUser(w.deps, { role: 'issuer', name: 'ivy', password: PASSWORD, createdBy: 'cli:root' });
    const { secret, session } = await signIn(w.deps, { name: 'ivy', password: PASSWORD });
    await w.authenticator.signOut(session);
    expect(await w.authenticator.authenticate(secret)).toBeNull();
    expect((await actions(w.audit)).at(-1)).toBe(`user.signed-out user:${session.userId}`);
  });

  test('when a user is created with a short password or an unknown role, then VALIDATION_FAILED', async () => {
    const w = world();
    await expect(
      createUser(w.deps, { role: 'customs', name: 'a', password: 'short', createdBy: 'x' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      createUser(w.deps, { role: 'superuser', name: 'a', password: PASSWORD, createdBy: 'x' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('disabling a console user', () => {
  test('when an administrator disables a signed-in user, then the session ends and the right password is refused', async () => {
    const w = world();
    const user = await createUser(w.deps, {
      role: 'issuer',
      name: 'juma',
      password: PASSWORD,
      createdBy: 'root',
    });
    const { secret } = await signIn(w.deps, { name: 'juma', password: PASSWORD });
    const disabled = await disableUser(w, user.id, 'root');
    expect(disabled).toMatchObject({ user: { id: user.id, disabledBy: 'root' }, endedSessions: 1 });
    expect(await w.authenticator.authenticate(secret)).toBeNull();
    await expect(signIn(w.deps, { name: 'juma', password: PASSWORD })).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
    });
    expect(await actions(w.audit)).toContain(`user.sign-in-failed user:${user.id}`);
    await expect(disableUser(w, 'no-such-id', 'root')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    const root = await createUser(w.deps, {
      role: 'admin',
      name: 'root',
      password: PASSWORD,
      createdBy: 'cli',
    });
    await expect(disableUser(w, root.id, 'root')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await w.users.findByName('root'))?.disabledAt).toBeUndefined();
  });
});
