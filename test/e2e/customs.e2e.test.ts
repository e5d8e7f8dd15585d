/**
 * Issue 6 end to end: customs verification at CH of permits that KE actually sent through the real
 * exchange (mutual TLS, signed envelopes and receipts, RabbitMQ, MongoDB-compatible server). Every setup
 * step goes through a public interface: KE's issuer API sends, cancels and replaces; CH's issuer API
 * records import permits; CH's admin API revokes KE's signing certificate and suspends KE; CH's customs
 * API verifies. Also: an ACCEPTED verification reaches KE as a usage confirmation (permit USED), and of 20
 * parallel verifications of one received permit exactly one is ACCEPTED.
 */
import type { Permit } from '../../src/domain/permit/permit';
import type { VerificationRequestInput } from '../../src/domain/verification/declaration';
import { samplePermit } from '../support/permits';
import { revokeSigningCertificate, signingThumbprint, suspendPartner } from '../support/received-permits';
import { eventually, startTwoCountries, type TestCountry, type TwoCountries } from '../support/two-countries';
import {
  VERIFICATION_CASES,
  byKey,
  declarationNumberFor,
  permitKeyFor,
  permitNumberFor,
  type VerificationCase,
} from '../support/verification-cases';

const enc = encodeURIComponent;
const bearer = (token: string) => `Bearer ${token}`;
/** Polling a loaded 2-core machine from ~35 concurrent waiters: not too often. */
const POLL = { intervalMs: 100, timeoutMs: 20_000 };

let world: TwoCountries;
let ke: TestCountry;
let ch: TestCountry;

beforeAll(async () => {
  world = await startTwoCountries();
  ({ ke, ch } = world);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

interface VerificationBody {
  id: string;
  verdict: 'ACCEPTED' | 'REJECTED';
  replayed: boolean;
  declarationNumber: string;
  reasons: Array<{ code: string; details: Record<string, unknown> }>;
  permit: { permitKey: string } | null;
  usageConfirmation?: { state: string; messageId?: string };
}

function verify(body: VerificationRequestInput): Promise<{ status: number; body: VerificationBody }> {
  return ch.api().post('/api/v1/verifications').set('Authorization', bearer(ch.tokens.customs)).send(body);
}

const codesOf = (body: VerificationBody) => body.reasons.map((r) => r.code);

/** Waits until the outbound message is DELIVERED (fails at once when it ended FAILED). */
async function delivered(side: TestCountry, messageId: string): Promise<void> {
  const message = await eventually(
    async () => {
      const res = await side
        .api()
        .get(`/api/v1/messages/${messageId}`)
        .set('Authorization', bearer(side.tokens.auditor));
      const state = (res.body as { state?: string }).state;
      return state === 'DELIVERED' || state === 'FAILED' ? (res.body as { state: string }) : undefined;
    },
    { ...POLL, what: `${side.country} message ${messageId} DELIVERED` },
  );
  if (message.state !== 'DELIVERED') throw new Error(`message ${messageId}: ${JSON.stringify(message)}`);
}

interface ReceivedBody {
  status: string;
  replacedBy?: string;
  signer: { thumbprint: string };
  permit: Permit;
}

/** Waits until CH's received permit `permitKey` has `status`. */
function receivedAtCh(permitKey: string, status: string): Promise<ReceivedBody> {
  return eventually(
    async () => {
      const res = await ch
        .api()
        .get(`/api/v1/received-permits/${enc(permitKey)}`)
        .set('Authorization', bearer(ch.tokens.customs));
      return (res.body as { status?: string }).status === status ? (res.body as ReceivedBody) : undefined;
    },
    { ...POLL, what: `${permitKey} ${status} at CH` },
  );
}

/** KE's issuer sends `permit` to CH; resolves once it is DELIVERED and received VALID at CH. */
async function sendToCh(permit: Permit): Promise<{ permitKey: string; received: ReceivedBody }> {
  const res = await ke
    .api()
    .post('/api/v1/permits')
    .set('Authorization', bearer(ke.tokens.issuer))
    .send(permit);
  if (res.status !== 202) throw new Error(`sending ${permit.permitNumber}: ${res.status} ${res.text}`);
  const { permitKey, messageId } = res.body as { permitKey: string; messageId: string };
  await delivered(ke, messageId);
  return { permitKey, received: await receivedAtCh(permitKey, 'VALID') };
}

/** KE's view of its issued permit. */
async function issuedAtKe(permitKey: string) {
  const res = await ke
    .api()
    .get(`/api/v1/permits/${enc(permitKey)}`)
    .set('Authorization', bearer(ke.tokens.issuer));
  expect(res.status).toBe(200);
  return res.body as {
    status: string;
    usage?: { declarationNumber: string; lines: unknown; confirmedBy: string };
  };
}

/** Waits until KE's permit is USED (the usage confirmation from CH arrived). */
function usedAtKe(permitKey: string) {
  return eventually(
    async () => {
      const issued = await issuedAtKe(permitKey);
      return issued.status === 'USED' ? issued : undefined;
    },
    { ...POLL, what: `${permitKey} USED at KE`, describe: () => issuedAtKe(permitKey) },
  );
}

interface Prepared {
  request: VerificationRequestInput;
  /** The key KE assigned to the sent permit (undefined when not sent). */
  permitKey?: string;
  /** The replacement's key as KE's replace API answered it. */
  replacedBy?: string;
}

/** Sends the case's permit through the exchange and applies its setup through the real interfaces. */
async function prepare(c: VerificationCase): Promise<Prepared> {
  const sent = c.permit(permitNumberFor(c));
  const setup = c.setup ?? {};
  const prepared: Prepared = { request: c.request(sent, declarationNumberFor(c)) };
  if (!setup.notSent) {
    const { permitKey, received } = await sendToCh(sent);
    expect(permitKey).toBe(permitKeyFor(sent));
    expect(received.permit).toEqual(sent);
    prepared.permitKey = permitKey;
    if (setup.cancel) {
      const res = await ke
        .api()
        .post(`/api/v1/permits/${enc(permitKey)}/cancel`)
        .set('Authorization', bearer(ke.tokens.issuer))
        .send({ reason: setup.cancel.reason });
      expect(res.status).toBe(202);
      await delivered(ke, (res.body as { messageId: string }).messageId);
      await receivedAtCh(permitKey, 'CANCELLED');
    }
    if (setup.replaceWith) {
      const res = await ke
        .api()
        .post(`/api/v1/permits/${enc(permitKey)}/replace`)
        .set('Authorization', bearer(ke.tokens.issuer))
        .send(setup.replaceWith(sent));
      expect(res.status).toBe(202);
      const replacement = res.body as { permitKey: string; messageId: string };
      await delivered(ke, replacement.messageId);
      const old = await receivedAtCh(permitKey, 'REPLACED');
      expect(old.replacedBy).toBe(replacement.permitKey);
      await receivedAtCh(replacement.permitKey, 'VALID');
      prepared.replacedBy = replacement.permitKey;
    }
  }
  if (setup.importPermit) {
    const res = await ch
      .api()
      .post('/api/v1/import-permits')
      .set('Authorization', bearer(ch.tokens.issuer))
      .send({ document: setup.importPermit });
    expect(res.status).toBe(201);
  }
  if (setup.usedByDeclaration) {
    const first = await verify({
      ...prepared.request,
      declaration: { ...prepared.request.declaration, declarationNumber: setup.usedByDeclaration },
    });
    expect(first.body.verdict).toBe('ACCEPTED');
  }
  return prepared;
}

interface Outcome {
  prepared: Prepared;
  response: { status: number; body: VerificationBody };
  /** KE's record of the permit once USED (ACCEPTED verdicts only). */
  usedAtKe?: Awaited<ReturnType<typeof usedAtKe>>;
}

/** Prepares the case, verifies it at CH and, when ACCEPTED, waits for the usage confirmation at KE. */
async function verifyCase(prepared: Prepared): Promise<Outcome> {
  const response = await verify(prepared.request);
  const outcome: Outcome = { prepared, response };
  if (response.body.verdict === 'ACCEPTED' && prepared.permitKey !== undefined) {
    outcome.usedAtKe = await usedAtKe(prepared.permitKey);
  }
  return outcome;
}

/** Checks verdict, exact codes, altered fields and the replacement's key. */
function expectCase(c: VerificationCase, { prepared, response }: Outcome): void {
  expect(response.status).toBe(201);
  expect({ verdict: response.body.verdict, codes: codesOf(response.body) }).toEqual({
    verdict: c.expected.verdict,
    codes: c.expected.codes,
  });
  if (c.expected.alteredFields) {
    const altered = response.body.reasons.find((r) => r.code === 'DOCUMENT_ALTERED')!;
    const fields = (altered.details.fields as Array<{ field: string }>).map((f) => f.field);
    expect(fields.sort()).toEqual([...c.expected.alteredFields].sort());
  }
  expect(response.body.permit?.permitKey).toBe(prepared.permitKey);
  if (c.setup?.replaceWith) {
    const replaced = response.body.reasons.find((r) => r.code === 'REPLACED')!;
    expect(replaced.details.replacedBy).toBe(prepared.replacedBy);
  }
}

const viaExchange = VERIFICATION_CASES.filter((c) => c.notViaExchange === undefined);
const partnerWide = (c: VerificationCase) =>
  c.setup?.revokeSigner === true || c.setup?.suspendPartner === true;
/** Per case, what preparing (and, for all but the partner-wide cases, verifying) it gave; each test awaits its own. */
const prepared = new Map<string, Promise<Prepared>>();
const outcomes = new Map<string, Promise<Outcome>>();
const caseRows = (cases: VerificationCase[]) => cases.map((c) => [c.name, c] as const);

// Order matters: the partner-wide phases at the end revoke KE's signing certificate and suspend KE at CH.
describe('the verification table, with permits received through the exchange', () => {
  beforeAll(async () => {
    // Every case runs at once (its own permit and declaration); the partner-wide cases are only prepared,
    // and the partner-wide changes wait until everything else is done.
    for (const c of viaExchange) {
      const ready = prepare(c);
      prepared.set(c.id, ready);
      if (!partnerWide(c)) outcomes.set(c.id, ready.then(verifyCase));
    }
    await Promise.allSettled([...prepared.values(), ...outcomes.values()]);
  }, 60_000);

  test('every case but those the exchange cannot deliver runs here', () => {
    const skipped = VERIFICATION_CASES.filter((c) => c.notViaExchange !== undefined).map((c) => c.id);
    expect(skipped).toEqual(['destination']);
    expect(prepared.size).toBe(viaExchange.length);
  });

  test.each(caseRows(viaExchange.filter((c) => !partnerWide(c))))('%s', async (_name, c) => {
    const outcome = await outcomes.get(c.id)!;
    expectCase(c, outcome);
    if (c.expected.verdict === 'ACCEPTED') {
      expect(outcome.response.body.usageConfirmation).toMatchObject({ state: 'sent' });
      expect(outcome.usedAtKe?.usage?.declarationNumber).toBe(declarationNumberFor(c));
    }
  });

  test('the declaration that used a permit first stays the one KE records', async () => {
    const cases = viaExchange.filter((x) => x.setup?.usedByDeclaration);
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const issued = await usedAtKe((await prepared.get(c.id)!).permitKey!);
      expect(issued.usage?.declarationNumber).toBe(c.setup!.usedByDeclaration);
    }
  });
});

describe('an ACCEPTED verification at CH', () => {
  test('produces the usage confirmation at KE: permit USED with the declaration and the cleared quantities', async () => {
    const permit = samplePermit({ permitNumber: 'KE-2026-E2E-USAGE' });
    const { permitKey } = await sendToCh(permit);
    const request = byKey(permit, 'CH-DECL-E2E-USAGE');
    const [lineA, lineB] = request.declaration.lines;
    // Part of block A, and block B declared as two lines that add up to the whole.
    request.declaration.lines = [
      { ...lineA!, quantity: 100 },
      { ...lineB!, quantity: 200 },
      { ...lineB!, quantity: 50.5 },
    ];
    const res = await verify(request);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ verdict: 'ACCEPTED', usageConfirmation: { state: 'sent' } });
    await delivered(ch, res.body.usageConfirmation!.messageId!);

    const issued = await usedAtKe(permitKey);
    expect(issued.usage).toMatchObject({
      declarationNumber: 'CH-DECL-E2E-USAGE',
      confirmedBy: 'test customs',
      lines: [
        { lineId: 'A', quantity: 100, unit: 'PCS' },
        { lineId: 'B', quantity: 250.5, unit: 'KIL' },
      ],
    });
  });
});

describe('one permit, one shipment, through the exchange', () => {
  test('when 20 declarations verify one received permit in parallel, then 1 is ACCEPTED and 19 ALREADY_USED; re-submitting returns the same result without a second use', async () => {
    const permit = samplePermit({ permitNumber: 'KE-2026-E2E-RACE' });
    const { permitKey } = await sendToCh(permit);
    const requests = Array.from({ length: 20 }, (_, i) => byKey(permit, `CH-DECL-E2E-RACE-${i}`));
    const responses = await Promise.all(requests.map((r) => verify(r)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const accepted = responses.filter((r) => r.body.verdict === 'ACCEPTED');
    const rejected = responses.filter((r) => r.body.verdict === 'REJECTED');
    expect(accepted).toHaveLength(1);
    expect(rejected).toHaveLength(19);
    const winner = accepted[0]!.body;
    for (const r of rejected) {
      expect(codesOf(r.body)).toEqual(['ALREADY_USED']);
      expect(r.body.reasons[0]!.details.declarationNumber).toBe(winner.declarationNumber);
    }

    // Re-submissions (the winner's three times at once, and a loser's) answer the stored results.
    const winnerRequest = requests.find((r) => r.declaration.declarationNumber === winner.declarationNumber)!;
    const loser = rejected[0]!.body;
    const loserRequest = requests.find((r) => r.declaration.declarationNumber === loser.declarationNumber)!;
    const again = await Promise.all([verify(winnerRequest), verify(winnerRequest), verify(winnerRequest)]);
    for (const r of again) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: winner.id, verdict: 'ACCEPTED', replayed: true });
    }
    expect((await verify(loserRequest)).body).toMatchObject({
      id: loser.id,
      verdict: 'REJECTED',
      replayed: true,
    });

    // One verification per declaration, one clearance, one usage confirmation, and KE records the winner.
    const list = await ch
      .api()
      .get(`/api/v1/verifications?permitKey=${enc(permitKey)}&limit=100`)
      .set('Authorization', bearer(ch.tokens.auditor));
    expect(list.status).toBe(200);
    const items = list.body.items as Array<{ id: string; verdict: string }>;
    expect(items).toHaveLength(20);
    expect(items.filter((v) => v.verdict === 'ACCEPTED').map((v) => v.id)).toEqual([winner.id]);
    const issued = await usedAtKe(permitKey);
    expect(issued.usage?.declarationNumber).toBe(winner.declarationNumber);
    const confirmations = await ch
      .api()
      .get(`/api/v1/messages?direction=outbound&documentType=usage-confirmation&permitKey=${enc(permitKey)}`)
      .set('Authorization', bearer(ch.tokens.auditor));
    expect(confirmations.status).toBe(200);
    expect(confirmations.body.items).toHaveLength(1);
  });
});

describe('after CH revoked the certificate KE signed its permits with', () => {
  const cases = viaExchange.filter((c) => c.setup?.revokeSigner && !c.setup.suspendPartner);

  beforeAll(async () => {
    const thumbprint = await signingThumbprint('KE');
    for (const c of cases) {
      const received = await receivedAtCh((await prepared.get(c.id)!).permitKey!, 'VALID');
      expect(received.signer.thumbprint).toBe(thumbprint);
    }
    await revokeSigningCertificate(ch.gateway, ch.tokens.admin, 'KE');
    await eventually(
      () =>
        Promise.resolve(
          ch.gateway.directory
            .current()
            .findPartner('KE')
            ?.certificates.some((cert) => cert.revoked && cert.fingerprint === thumbprint)
            ? true
            : undefined,
        ),
      { ...POLL, what: 'revocation in CH directory' },
    );
  });

  test.each(caseRows(cases))('%s', async (_name, c) => {
    const outcome = await verifyCase(await prepared.get(c.id)!);
    expectCase(c, outcome);
    expect(outcome.response.body.reasons[0]!.details.code).toBe('CERT_REVOKED');
  });
});

describe('after CH suspended KE', () => {
  const cases = viaExchange.filter((c) => c.setup?.suspendPartner);

  beforeAll(async () => {
    await suspendPartner(ch.gateway, ch.tokens.admin, 'KE');
    await eventually(
      () =>
        Promise.resolve(
          ch.gateway.directory.current().findPartner('KE')?.status === 'suspended' ? true : undefined,
        ),
      { ...POLL, what: 'KE suspended in CH directory' },
    );
  });

  test.each(caseRows(cases))('%s', async (_name, c) => {
    expectCase(c, await verifyCase(await prepared.get(c.id)!));
  });
});
