/**
 * The console's administrator and auditor API on a real gateway: console users (create, list, disable),
 * the overview counted by the database, alerts with their acknowledgement, and the audit chain's status.
 */
import request from 'supertest';
import { systemClock } from '../../src/domain/ports';
import { SESSION_COOKIE } from '../../src/domain/auth/console-session-api';
import { queuedMessage } from '../support/messages';
import { startCountry, type TestCountry } from '../support/two-countries';
import { dropDatabaseOf } from '../support/services';

const PASSWORD = 'a long test passphrase';
let ke: TestCountry;
const auth = (role: 'admin' | 'auditor' | 'customs') => `Bearer ${ke.tokens[role]}`;

beforeAll(async () => {
  ke = await startCountry('KE');
}, 60_000);
afterAll(async () => {
  await ke?.gateway.close();
  if (ke) await dropDatabaseOf(ke.gateway.config.mongodbUri);
});

async function signIn(name: string): Promise<request.Response> {
  return request(ke.gateway.apiUrl).post('/api/v1/session').send({ name, password: PASSWORD });
}

describe('console users over the API', () => {
  test('when an administrator creates a user, then it is listed without any secret, can sign in, and a second one of the same name is USER_EXISTS', async () => {
    const created = await ke
      .api()
      .post('/api/v1/users')
      .set('Authorization', auth('admin'))
      .send({ name: 'wanjiru', role: 'issuer', password: PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'wanjiru', role: 'issuer', createdBy: 'test admin' });
    expect(JSON.stringify(created.body)).not.toMatch(/password|scrypt|passphrase/i);
    const list = await ke.api().get('/api/v1/users').set('Authorization', auth('admin'));
    expect((list.body as { items: Array<{ name: string }> }).items.map((u) => u.name)).toContain('wanjiru');
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt/);
    expect((await signIn('wanjiru')).status).toBe(201);
    const again = await ke
      .api()
      .post('/api/v1/users')
      .set('Authorization', auth('admin'))
      .send({ name: 'WANJIRU', role: 'admin', password: PASSWORD });
    expect([again.status, again.body.error.code]).toEqual([409, 'USER_EXISTS']);
    const weak = await ke
      .api()
      .post('/api/v1/users')
      .set('Authorization', auth('admin'))
      .send({ name: 'short', role: 'issuer', password: 'short' });
    expect([weak.status, weak.body.error.details[0].field]).toEqual([400, 'password']);
    const byAuditor = await ke.api().get('/api/v1/users').set('Authorization', auth('auditor'));
    expect(byAuditor.status).toBe(403);
  });

  test('when an administrator disables a signed-in user, then its session ends at once, it cannot sign in again, and the action is audited', async () => {
    const created = await ke
      .api()
      .post('/api/v1/users')
      .set('Authorization', auth('admin'))
      .send({ name: 'otieno', role: 'customs', password: PASSWORD });
    const id = (created.body as { id: string }).id;
    const session = await signIn('otieno');
    const cookie = (session.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
      .split(';')[0]!;
    expect((await ke.api().get('/api/v1/session').set('Cookie', cookie)).status).toBe(200);

    const disabled = await ke.api().post(`/api/v1/users/${id}/disable`).set('Authorization', auth('admin'));
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ user: { id, disabledBy: 'test admin' }, endedSessions: 1 });
    expect((await ke.api().get('/api/v1/session').set('Cookie', cookie)).status).toBe(401);
    const refused = await signIn('otieno');
    expect([refused.status, refused.body.error.code]).toEqual([401, 'SIGN_IN_FAILED']);
    const unknown = await ke
      .api()
      .post('/api/v1/users/no-such-user/disable')
      .set('Authorization', auth('admin'));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);

    const audit = await ke.api().get('/api/v1/audit?limit=1000').set('Authorization', auth('auditor'));
    const actions = (audit.body as { items: Array<{ action: string; target: string; outcome?: string }> })
      .items;
    expect(actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'user.disabled', target: `user:${id}`, outcome: 'success' }),
        expect.objectContaining({ action: 'user.disabled', target: 'user:no-such-user', outcome: 'failure' }),
      ]),
    );
  });
});

describe('the overview', () => {
  test('when messages, verifications and alerts exist, then the overview counts them by window, and an acknowledged alert is no longer open', async () => {
    const now = systemClock.now();
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    const messages = ke.gateway.exchange.messages;
    await messages.insertOutbound(queuedMessage('ov-1', hoursAgo(1), { state: 'DELIVERED' }));
    await messages.insertOutbound(queuedMessage('ov-2', hoursAgo(2), { state: 'DELIVERED' }));
    await messages.insertOutbound(
      queuedMessage('ov-3', hoursAgo(3), {
        state: 'FAILED',
        failure: { code: 'PARTNER_TIMEOUT', message: 'slow' },
      }),
    );
    await messages.insertOutbound(queuedMessage('ov-4', hoursAgo(48), { state: 'DELIVERED' }));
    await messages.insertOutbound(queuedMessage('ov-5', hoursAgo(24 * 9), { state: 'DELIVERED' }));
    const verifications = ke.gateway.mongo.db!.collection<Record<string, unknown>>('verifications');
    await verifications.insertMany([
      { _id: 'v1', verdict: 'ACCEPTED', reasonCodes: [], verifiedAt: hoursAgo(1) },
      { _id: 'v2', verdict: 'REJECTED', reasonCodes: ['ALREADY_USED'], verifiedAt: hoursAgo(1) },
      { _id: 'v3', verdict: 'REJECTED', reasonCodes: ['NOT_RECEIVED'], verifiedAt: hoursAgo(2) },
      {
        _id: 'v4',
        verdict: 'REJECTED',
        reasonCodes: ['ALREADY_USED', 'QUANTITY_EXCEEDED'],
        verifiedAt: hoursAgo(30),
      },
    ] as never);
    const alert = await ke.gateway.alerts.raise({
      kind: 'delivery-failed',
      severity: 'critical',
      key: 'ov-3',
    });

    const day = await ke.api().get('/api/v1/overview?window=24h').set('Authorization', auth('auditor'));
    expect(day.status).toBe(200);
    expect(day.body.messages).toEqual([
      { partner: 'CH', direction: 'outbound', state: 'DELIVERED', count: 2 },
      { partner: 'CH', direction: 'outbound', state: 'FAILED', count: 1 },
    ]);
    expect(day.body.failedDeliveries).toEqual({
      count: 1,
      recent: [expect.objectContaining({ messageId: 'ov-3', partner: 'CH', failure: 'PARTNER_TIMEOUT' })],
    });
    expect(day.body.verdicts).toEqual({
      verdicts: { ACCEPTED: 1, REJECTED: 2 },
      reasons: [
        { reason: 'ALREADY_USED', count: 1 },
        { reason: 'NOT_RECEIVED', count: 1 },
      ],
    });
    expect(day.body.openAlerts.recent.map((a: { id: string }) => a.id)).toContain(alert.id);
    const openBefore = day.body.openAlerts.count as number;

    const week = await ke.api().get('/api/v1/overview?window=7d').set('Authorization', auth('admin'));
    expect(week.body.messages).toContainEqual({
      partner: 'CH',
      direction: 'outbound',
      state: 'DELIVERED',
      count: 3,
    });
    expect(week.body.verdicts.reasons[0]).toEqual({ reason: 'ALREADY_USED', count: 2 });

    const ack = await ke
      .api()
      .post(`/api/v1/alerts/${encodeURIComponent(alert.id)}/acknowledge`)
      .set('Authorization', auth('admin'))
      .send({ note: 'seen' });
    expect(ack.status).toBe(201);
    const after = await ke.api().get('/api/v1/overview').set('Authorization', auth('admin'));
    expect(after.body.openAlerts.count).toBe(openBefore - 1);
    const listed = await ke.api().get('/api/v1/alerts').set('Authorization', auth('auditor'));
    const item = (listed.body.items as Array<{ id: string; acknowledgement: unknown }>).find(
      (a) => a.id === alert.id,
    );
    expect(item?.acknowledgement).toMatchObject({ by: 'test admin', note: 'seen' });

    const bad = await ke.api().get('/api/v1/overview?window=1y').set('Authorization', auth('admin'));
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const customs = await ke.api().get('/api/v1/overview').set('Authorization', auth('customs'));
    expect(customs.status).toBe(403);
  });
});

describe("the audit chain's status", () => {
  test('when the chain is intact, then it says so with its entry count; when an entry is edited in the database, then it names the entry', async () => {
    await ke.api().post('/api/v1/audit/checkpoints').set('Authorization', auth('admin'));
    const intact = await ke.api().get('/api/v1/audit/verification').set('Authorization', auth('auditor'));
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ ok: true, checkpoints: 1 });
    expect(intact.body.entries).toBeGreaterThan(0);

    const rows = ke.gateway.mongo.db!.collection<{ _id: number; actor: string }>('audit_log');
    const first = await rows.find().sort({ _id: 1 }).limit(1).next();
    await rows.updateOne({ _id: first!._id }, { $set: { actor: 'someone else' } });
    const broken = await ke.api().get('/api/v1/audit/verification').set('Authorization', auth('admin'));
    expect(broken.body).toMatchObject({ ok: false, code: 'AUDIT_CHAIN_BROKEN', brokenAt: 1 });
  });
});
