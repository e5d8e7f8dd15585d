import type { Clock } from '../../../src/domain/ports';
import { TokenAuthenticator } from '../../../src/flows/authenticate-token';
import { createToken } from '../../../src/flows/create-token';
import { revokeToken } from '../../../src/flows/revoke-token';
import { InMemoryTokenRepository } from '../../contract/twins/in-memory-token-repository';

/** A clock the test moves by hand. */
function manualClock(start: string): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

class CountingTokens extends InMemoryTokenRepository {
  lookups = 0;
  useWrites = 0;
  override findByHash(hash: string) {
    this.lookups += 1;
    return super.findByHash(hash);
  }
  override recordUse(id: string, at: Date) {
    this.useWrites += 1;
    return super.recordUse(id, at);
  }
}

async function setup(options: { cacheMs?: number; lastUseWriteIntervalMs?: number } = {}) {
  const clock = manualClock('2026-06-01T00:00:00Z');
  const tokens = new CountingTokens();
  const created = await createToken(
    { tokens, clock },
    { role: 'customs', name: 'border post', createdBy: 't', expiresIn: '2d' },
  );
  const auth = new TokenAuthenticator({ tokens, clock }, options);
  return { clock, tokens, created, auth, header: `Bearer ${created.token}` };
}

describe('token authenticator', () => {
  test('when a valid token is presented, then the actor carries its name, role and id', async () => {
    const { auth, header, created } = await setup();
    await expect(auth.authenticate(header)).resolves.toEqual({
      name: 'border post',
      role: 'customs',
      tokenId: created.record.id,
    });
  });

  test('when a token is revoked, then a cached lookup keeps it at most one second', async () => {
    const { auth, header, tokens, clock, created } = await setup({ cacheMs: 60_000 });
    await auth.authenticate(header);
    await revokeToken({ tokens, clock }, { id: created.record.id, revokedBy: 'admin' });
    clock.advance(999);
    await expect(auth.authenticate(header)).resolves.toMatchObject({ role: 'customs' });
    clock.advance(1);
    await expect(auth.authenticate(header)).rejects.toMatchObject({ code: 'AUTH_TOKEN_REVOKED' });
  });

  test('when the expiry passes, then the very next request is refused, cached or not', async () => {
    const { auth, header, clock } = await setup();
    await auth.authenticate(header);
    clock.advance(2 * 86_400_000 - 1);
    await expect(auth.authenticate(header)).resolves.toMatchObject({ role: 'customs' });
    clock.advance(1);
    await expect(auth.authenticate(header)).rejects.toMatchObject({ code: 'AUTH_TOKEN_EXPIRED' });
  });

  test('when requests keep coming, then the last use is written once per interval, not per request', async () => {
    const { auth, header, clock, tokens, created } = await setup({ lastUseWriteIntervalMs: 60_000 });
    for (let i = 0; i < 50; i++) {
      await auth.authenticate(header);
      clock.advance(1000);
    }
    await Promise.resolve();
    expect(tokens.useWrites).toBe(1);
    expect((await tokens.findById(created.record.id))?.lastUsedAt).toEqual(new Date('2026-06-01T00:00:00Z'));
    clock.advance(11_000);
    await auth.authenticate(header);
    await Promise.resolve();
    expect(tokens.useWrites).toBe(2);
    expect(tokens.lookups).toBe(51);
  });

  test('when the header is missing, malformed or names an unknown token, then the matching code', async () => {
    const { auth } = await setup();
    await expect(auth.authenticate(undefined)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    await expect(auth.authenticate('Basic abc')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    await expect(auth.authenticate('Bearer nope')).rejects.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
    await expect(auth.authenticate(`Bearer epx_${'x'.repeat(43)}`)).rejects.toMatchObject({
      code: 'AUTH_INVALID_TOKEN',
    });
  });
});
