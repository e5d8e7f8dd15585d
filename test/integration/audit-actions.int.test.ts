/**
 * Every actor action is on record: KE issues, cancels and replaces permits (to CH, over real mutual TLS),
 * an admin asks to resend a message, CH's customs verifies a presented permit. Each audit entry names the
 * actor (token name and role), the action, the target, the outcome (and the error code of a failure) and
 * the request id the client sent.
 */
import type { AuditEntry } from '../../src/domain/audit/audit-entry';
import { verifyAuditChain } from '../../src/flows/verify-audit-chain';
import { samplePermit } from '../support/permits';
import { startTwoCountries, type TestCountry, type TwoCountries } from '../support/two-countries';
import { byKey } from '../support/verification-cases';

let world: TwoCountries;
let ke: TestCountry;
let ch: TestCountry;

beforeAll(async () => {
  world = await startTwoCountries();
  ({ ke, ch } = world);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

const bearer = (token: string) => `Bearer ${token}`;

/** The audit entry written for the request with this id (the client's X-Request-Id). */
async function entryOf(side: TestCountry, requestId: string): Promise<AuditEntry> {
  const all = await side.gateway.audit.page({ after: 0, limit: 10_000 });
  const found = all.filter((e) => e.requestId === requestId);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('audit of permit actions (issuer)', () => {
  const permit = samplePermit({ permitNumber: 'KE-2026-AUD001' });
  const key = 'KE/2026/KE-2026-AUD001';

  test('when an issuer issues a permit, then the entry names the issuer, the permit key, success and the message id', async () => {
    const res = await ke
      .api()
      .post('/api/v1/permits')
      .set('Authorization', bearer(ke.tokens.issuer))
      .set('X-Request-Id', 'issue-1')
      .send(permit);
    expect(res.status).toBe(202);
    expect(await entryOf(ke, 'issue-1')).toMatchObject({
      actor: 'test issuer',
      actorRole: 'issuer',
      action: 'permit.issued',
      target: `permit:${key}`,
      outcome: 'success',
      after: { permitKey: key, messageId: res.body.messageId as string },
    });
  });

  test('when the issuer replaces and then cancels permits, then both actions are on record with their targets', async () => {
    const replaced = await ke
      .api()
      .post(`/api/v1/permits/${encodeURIComponent(key)}/replace`)
      .set('Authorization', bearer(ke.tokens.issuer))
      .set('X-Request-Id', 'replace-1')
      .send(samplePermit({ permitNumber: 'KE-2026-AUD002' }));
    expect(replaced.status).toBe(202);
    expect(await entryOf(ke, 'replace-1')).toMatchObject({
      action: 'permit.replaced',
      target: `permit:${key}`,
      outcome: 'success',
      actorRole: 'issuer',
      after: { replaces: key },
    });
    const newKey = 'KE/2026/KE-2026-AUD002';
    const cancelled = await ke
      .api()
      .post(`/api/v1/permits/${encodeURIComponent(newKey)}/cancel`)
      .set('Authorization', bearer(ke.tokens.issuer))
      .set('X-Request-Id', 'cancel-1')
      .send({ reason: 'specimens seized' });
    expect(cancelled.status).toBe(202);
    expect(await entryOf(ke, 'cancel-1')).toMatchObject({
      action: 'permit.cancelled',
      target: `permit:${newKey}`,
      outcome: 'success',
      after: { status: 'CANCELLED', reason: 'specimens seized' },
    });
  });

  test('when an action fails, then it is on record as a failure with the error code, and nothing else changed', async () => {
    const res = await ke
      .api()
      .post('/api/v1/permits/KE%2F2026%2FKE-2026-NOPE/cancel')
      .set('Authorization', bearer(ke.tokens.issuer))
      .set('X-Request-Id', 'cancel-missing')
      .send({ reason: 'x' });
    expect([res.status, res.body.error.code]).toEqual([404, 'PERMIT_NOT_FOUND']);
    expect(await entryOf(ke, 'cancel-missing')).toMatchObject({
      actor: 'test issuer',
      actorRole: 'issuer',
      action: 'permit.cancelled',
      target: 'permit:KE/2026/KE-2026-NOPE',
      outcome: 'failure',
      after: { error: 'PERMIT_NOT_FOUND' },
    });
    expect(await ke.gateway.exchange.issued.find('KE/2026/KE-2026-NOPE')).toBeNull();
  });

  test('when a request is refused for its role, then no action entry is written for it', async () => {
    const res = await ke
      .api()
      .post('/api/v1/permits')
      .set('Authorization', bearer(ke.tokens.customs))
      .set('X-Request-Id', 'wrong-role')
      .send(permit);
    expect(res.status).toBe(403);
    const all = await ke.gateway.audit.page({ after: 0, limit: 10_000 });
    expect(all.filter((e) => e.requestId === 'wrong-role')).toEqual([]);
  });
});

describe('audit of message resends (admin)', () => {
  test('when an admin asks to resend a message that is not FAILED, then the refusal is on record with its code', async () => {
    const [message] = await ke.gateway.exchange.messages.search({ direction: 'outbound', limit: 1 });
    const res = await ke
      .api()
      .post(`/api/v1/messages/${message!.messageId}/resend`)
      .set('Authorization', bearer(ke.tokens.admin))
      .set('X-Request-Id', 'resend-1');
    expect([res.status, res.body.error.code]).toEqual([409, 'MESSAGE_NOT_RESENDABLE']);
    expect(await entryOf(ke, 'resend-1')).toMatchObject({
      actor: 'test admin',
      actorRole: 'admin',
      action: 'message.resent',
      target: `message:${message!.messageId}`,
      outcome: 'failure',
      after: { error: 'MESSAGE_NOT_RESENDABLE' },
    });
  });
});

describe('audit of customs verifications', () => {
  test('when customs verifies a presented permit, then the entry records the verdict and its reason codes', async () => {
    const presented = samplePermit({ permitNumber: 'KE-2026-NEVERSENT' });
    const res = await ch
      .api()
      .post('/api/v1/verifications')
      .set('Authorization', bearer(ch.tokens.customs))
      .set('X-Request-Id', 'verify-1')
      .send(byKey(presented, 'DECL-AUD-1'));
    expect(res.status).toBe(201);
    expect(res.body.verdict).toBe('REJECTED');
    expect(await entryOf(ch, 'verify-1')).toMatchObject({
      actor: 'test customs',
      actorRole: 'customs',
      action: 'verification.performed',
      target: `verification:${res.body.id as string}`,
      outcome: 'success',
      after: {
        verdict: 'REJECTED',
        reasons: ['NOT_RECEIVED'],
        declarationNumber: 'DECL-AUD-1',
        replayed: false,
      },
    });
  });

  test('when partner administration runs, then its entries carry the role and request id too, and both chains verify', async () => {
    const res = await ke
      .api()
      .patch('/api/v1/partners/CH')
      .set('Authorization', bearer(ke.tokens.admin))
      .set('X-Request-Id', 'partner-1')
      .send({ name: 'Swiss FSVO' });
    expect(res.status).toBe(200);
    expect(await entryOf(ke, 'partner-1')).toMatchObject({
      action: 'partner.updated',
      actorRole: 'admin',
      outcome: 'success',
    });
    for (const side of [ke, ch])
      expect(await verifyAuditChain(side.gateway.audit)).toMatchObject({ ok: true });
  });
});
