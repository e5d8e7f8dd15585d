/**
 * Least privilege on every route of the internal API, generated from one table (test/support/route-roles.ts)
 * and the real Express app: each route the app registers is called with no token, an expired token, a
 * revoked token and a token of each role in ROLES, and the set of roles let through must be exactly the
 * table's. A route the app has but the table lacks (or the reverse) fails.
 */
import request from 'supertest';
import { ROLES, type Role } from '../../src/domain/auth/token';
import { fixedClock, systemClock } from '../../src/domain/ports';
import { createToken } from '../../src/flows/create-token';
import { revokeToken } from '../../src/flows/revoke-token';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { MongoTokenRepository } from '../../src/storage/mongo-token-repository';
import { routesOf } from '../support/express-routes';
import { testGatewayConfig } from '../support/gateway';
import { ROUTE_ROLES, type RouteAccess } from '../support/route-roles';
import { dropDatabaseOf } from '../support/services';

/** A concrete URL for a route pattern: parameters get values that name nothing that exists. */
function concrete(path: string): string {
  return path
    .replace(':key', encodeURIComponent('ZZ/2026/ZZ-ROUTE-TEST'))
    .replace(':code', 'ZZ')
    .replace(':fingerprint', 'ab'.repeat(32))
    .replace(':seq', '999999')
    .replace(':id', 'no-such-id');
}

let gateway: Gateway;
const callers: Record<string, string> = {};

beforeAll(async () => {
  gateway = new Gateway(await testGatewayConfig('KE', { audit: { checkpointIntervalMs: 0 } }), {
    logger: createSilentLogger(),
  });
  await gateway.start();
  const tokens = new MongoTokenRepository(gateway.mongo);
  for (const role of ROLES) {
    callers[role] = (
      await createToken(
        { tokens, clock: systemClock },
        { role, name: `route test ${role}`, createdBy: 'test' },
      )
    ).token;
  }
  const expired = await createToken(
    { tokens, clock: fixedClock(new Date(Date.now() - 3_600_000)) },
    { role: 'admin', name: 'expired admin', createdBy: 'test', expiresIn: '30m' },
  );
  callers.expired = expired.token;
  const revoked = await createToken(
    { tokens, clock: systemClock },
    { role: 'admin', name: 'revoked admin', createdBy: 'test' },
  );
  await revokeToken({ tokens, clock: systemClock }, { id: revoked.record.id, revokedBy: 'test' });
  callers.revoked = revoked.token;
});

afterAll(async () => {
  await gateway?.close();
  if (gateway) await dropDatabaseOf(gateway.config.mongodbUri);
});

async function call(
  route: RouteAccess,
  token: string | undefined,
): Promise<{ status: number; code?: string }> {
  const agent = request(gateway.apiUrl);
  const url = concrete(route.path);
  let req =
    route.method === 'GET'
      ? agent.get(url)
      : route.method === 'POST'
        ? agent.post(url)
        : route.method === 'PATCH'
          ? agent.patch(url)
          : route.method === 'PUT'
            ? agent.put(url)
            : agent.delete(url);
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  const res = route.method === 'GET' || route.method === 'DELETE' ? await req : await req.send({});
  return { status: res.status, code: (res.body as { error?: { code?: string } })?.error?.code };
}

describe('route-by-role access of the internal API', () => {
  test('when the app is walked, then every route it registers is in the route table and every table line is a route', () => {
    // a path registered twice (e.g. a timing middleware ahead of the route) is one route
    const registered = [...new Set(routesOf(gateway.apiApp!))].sort();
    const table = ROUTE_ROLES.map((r) => `${r.method} ${r.path}`).sort();
    expect(registered).toEqual(table);
  });

  test.each(ROUTE_ROLES.map((r) => [`${r.method} ${r.path}`, r] as const))(
    "when %s is called without a token, with an expired, a revoked and each role's token, then exactly the table's roles get through",
    async (_name, route) => {
      if (route.allowed === 'public') {
        for (const token of [undefined, callers.expired]) {
          const res = await call(route, token);
          expect([401, 403]).not.toContain(res.status);
        }
        return;
      }
      if (route.allowed === 'session') {
        for (const token of [undefined, callers.expired, callers.revoked, ...ROLES.map((r) => callers[r])]) {
          expect((await call(route, token)).status).toBe(401);
        }
        return;
      }
      expect(await call(route, undefined)).toEqual({ status: 401, code: 'AUTH_REQUIRED' });
      expect(await call(route, callers.expired)).toEqual({ status: 401, code: 'AUTH_TOKEN_EXPIRED' });
      expect(await call(route, callers.revoked)).toEqual({ status: 401, code: 'AUTH_TOKEN_REVOKED' });
      const through: Role[] = [];
      for (const role of ROLES) {
        const res = await call(route, callers[role]);
        if (res.status === 403) expect(res.code).toBe('FORBIDDEN');
        else {
          expect(res.status).not.toBe(401);
          through.push(role);
        }
      }
      expect(through.sort()).toEqual([...route.allowed].sort());
    },
  );
});
