/**
 * Customs verification against the real MongoDB-compatible server, through the CH gateway's API: the
 * shared table, the one-use race (20 parallel verifications of one permit), idempotent re-submission,
 * rechecks, alerts/metrics and role checks. Received permits are stored with MongoReceivedPermitRepository,
 * signed with KE's test signing key (the e2e test sends them through the real exchange instead).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Permit } from '../../src/domain/permit/permit';
import type { VerificationRequestInput } from '../../src/domain/verification/declaration';
import { toPermitXml } from '../../src/domain/xml/permit-xml';
import {
  onboardIssuingPartner,
  revokeSigningCertificate,
  signPermit,
  storeReceivedPermit,
  suspendPartner,
} from '../support/received-permits';
import { samplePermit } from '../support/permits';
import { startCountry, type TestCountry } from '../support/two-countries';
import { dropDatabaseOf } from '../support/services';
import {
  VERIFICATION_CASES,
  byKey,
  declarationNumberFor,
  permitKeyFor,
  permitNumberFor,
  sampleImportPermit,
  type VerificationCase,
} from '../support/verification-cases';

let ch: TestCountry;

beforeAll(async () => {
  ch = await startCountry('CH');
  // KE's endpoint is never reached here: usage confirmations stay queued for delivery.
  await onboardIssuingPartner(ch.gateway, ch.tokens.admin, 'KE');
});

afterAll(async () => {
  await ch.gateway.close();
  await dropDatabaseOf(ch.gateway.config.mongodbUri);
});

const auth = (token: string) => `Bearer ${token}`;

function verify(body: VerificationRequestInput, token = ch.tokens.customs) {
  return ch.api().post('/api/v1/verifications').set('Authorization', auth(token)).send(body);
}

let serial = 0;
/** A fresh sample permit, stored as received, with its own number. */
async function receivedSample(label: string, overrides: Partial<Permit> = {}): Promise<Permit> {
  const permit = samplePermit({ permitNumber: `KE-2026-${label}-${++serial}`, ...overrides });
  await storeReceivedPermit(ch.gateway, permit);
  return permit;
}

describe('one permit, one shipment', () => {
  test('when 20 declarations verify one permit in parallel, then exactly 1 is ACCEPTED and 19 ALREADY_USED', async () => {
    const permit = await receivedSample('RACE');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => verify(byKey(permit, `CH-RACE-${i}`))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const accepted = responses.filter((r) => r.body.verdict === 'ACCEPTED');
    const rejected = responses.filter((r) => r.body.verdict === 'REJECTED');
    expect(accepted).toHaveLength(1);
    expect(rejected).toHaveLength(19);
    for (const r of rejected)
      expect(r.body.reasons.map((x: { code: string }) => x.code)).toEqual(['ALREADY_USED']);
    const winner = accepted[0]!.body;
    for (const r of rejected)
      expect(r.body.reasons[0].details.declarationNumber).toBe(winner.declarationNumber);
    expect(winner.usageConfirmation).toMatchObject({ state: 'sent', messageId: expect.any(String) });
    const outbound = await ch.gateway.exchange.messages.findOutbound(winner.usageConfirmation.messageId);
    expect(outbound).toMatchObject({
      partner: 'KE',
      documentType: 'usage-confirmation',
      permitKey: permitKeyFor(permit),
    });
  });

  test('when a verification is REJECTED for a mismatch, then the permit stays unused for a correct declaration', async () => {
    const permit = await receivedSample('KEEP');
    const wrong = byKey(permit, 'CH-KEEP-1');
    wrong.declaration.lines[0]!.quantity = 9999;
    expect((await verify(wrong)).body.verdict).toBe('REJECTED');
    const right = await verify(byKey(permit, 'CH-KEEP-2'));
    expect(right.body).toMatchObject({ verdict: 'ACCEPTED', reasons: [] });
  });
});

describe('re-submitted declarations', () => {
  test('when the same declaration is submitted again, then the stored result is returned and the permit used once', async () => {
    const permit = await receivedSample('IDEM');
    const body = byKey(permit, 'CH-IDEM-1');
    const first = await verify(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ verdict: 'ACCEPTED', replayed: false, attempt: 1 });
    const again = await Promise.all([verify(body), verify(body), verify(body)]);
    for (const r of again) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: first.body.id, verdict: 'ACCEPTED', replayed: true });
    }
    const list = await ch
      .api()
      .get(`/api/v1/verifications?permitKey=${encodeURIComponent(permitKeyFor(permit))}`)
      .set('Authorization', auth(ch.tokens.customs));
    expect(list.body.items).toHaveLength(1);
  });

  test('when one new declaration is submitted 5 times at once, then all get one result with one id', async () => {
    const permit = await receivedSample('IDEM-PAR');
    const body = byKey(permit, 'CH-IDEM-PAR');
    const responses = await Promise.all(Array.from({ length: 5 }, () => verify(body)));
    expect(new Set(responses.map((r) => r.body.id as string)).size).toBe(1);
    expect(responses.every((r) => r.body.verdict === 'ACCEPTED')).toBe(true);
    expect(responses.filter((r) => r.body.replayed === false).length).toBeGreaterThanOrEqual(1);
  });

  test('when a declaration number is re-used with other content, then 409 DECLARATION_ALREADY_VERIFIED', async () => {
    const permit = await receivedSample('CONF');
    expect((await verify(byKey(permit, 'CH-CONF-1'))).status).toBe(201);
    const changed = byKey(permit, 'CH-CONF-1', { arrivalDate: '2026-04-16' });
    const res = await verify(changed);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DECLARATION_ALREADY_VERIFIED');
  });

  test('when a REJECTED declaration is rechecked after the permit arrived, then a second attempt is ACCEPTED', async () => {
    const permit = samplePermit({ permitNumber: `KE-2026-LATE-${++serial}` });
    const body = byKey(permit, 'CH-LATE-1');
    const first = await verify(body);
    expect(first.body).toMatchObject({ verdict: 'REJECTED', attempt: 1, reasonCodes: ['NOT_RECEIVED'] });
    expect((await verify(body)).body).toMatchObject({ id: first.body.id, replayed: true });
    await storeReceivedPermit(ch.gateway, permit);
    const second = await verify({ ...body, recheck: true });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ verdict: 'ACCEPTED', attempt: 2 });
    const replay = await verify(body);
    expect(replay.body).toMatchObject({ id: second.body.id, verdict: 'ACCEPTED', replayed: true });
  });
});

describe('presented forms', () => {
  test('when the genuine document is presented as XML (signed or not), then ACCEPTED; an altered XML is DOCUMENT_ALTERED', async () => {
    const permit = await receivedSample('XML');
    const declaration = byKey(permit, 'x').declaration;
    const signed = await verify({
      documentXml: await signPermit(permit),
      declaration: { ...declaration, declarationNumber: 'CH-XML-1' },
    });
    expect(signed.body).toMatchObject({
      verdict: 'ACCEPTED',
      presented: { kind: 'xml', shape: 'CITESEPermit-v2' },
    });

    const other = await receivedSample('XML2');
    const altered = toPermitXml({ ...other, validUntil: '2027-09-01' });
    const res = await verify({
      documentXml: altered,
      declaration: { ...byKey(other, 'y').declaration, declarationNumber: 'CH-XML-2' },
    });
    expect(res.body.reasonCodes).toEqual(['DOCUMENT_ALTERED']);
    expect(res.body.reasons[0].details.fields).toEqual([
      { field: 'validUntil', presented: '2027-09-01', received: '2026-09-01' },
    ]);
    expect(res.body.permit).toMatchObject({ permitKey: permitKeyFor(other), validUntil: '2026-09-01' });
  });

  test('when the key is given without the year, then the only permit with that number is found; two years are ambiguous', async () => {
    const permit = await receivedSample('NOYEAR');
    const body = byKey(permit, 'CH-NOYEAR-1');
    delete body.permit!.issueYear;
    expect((await verify(body)).body.verdict).toBe('ACCEPTED');

    await storeReceivedPermit(ch.gateway, {
      ...permit,
      issueDate: '2025-12-20',
      validFrom: '2025-12-20',
      validUntil: '2026-06-19',
    });
    const ambiguous = await verify({
      ...body,
      declaration: { ...body.declaration, declarationNumber: 'CH-NOYEAR-2' },
    });
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.error).toMatchObject({
      code: 'PERMIT_KEY_AMBIGUOUS',
      details: { permitKeys: expect.arrayContaining([permitKeyFor(permit)]) as unknown },
    });
  });

  test('when a presented JSON document is not a valid permit, then 400 PERMIT_INVALID naming the fields', async () => {
    const permit = samplePermit();
    const res = await verify({
      document: { ...permit, lines: [] },
      declaration: byKey(permit, 'CH-BAD-1').declaration,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('PERMIT_INVALID');
  });

  test('when the body gives both a key and a document, then 400 VALIDATION_FAILED', async () => {
    const permit = samplePermit();
    const res = await verify({ ...byKey(permit, 'CH-BAD-2'), document: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('effects and access', () => {
  test('when a verification is REJECTED, then an alert, a metric per reason and the verification can be listed', async () => {
    const permit = samplePermit({ permitNumber: 'KE-2026-FORGED-1' });
    const res = await verify(byKey(permit, 'CH-ALERT-1'));
    expect(res.body.verdict).toBe('REJECTED');
    const alerts = await ch.api().get('/api/v1/alerts').set('Authorization', auth(ch.tokens.auditor));
    expect(alerts.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'verification-rejected',
          severity: 'critical',
          details: expect.objectContaining({
            verificationId: res.body.id,
            declarationNumber: 'CH-ALERT-1',
          }) as unknown,
        }),
      ]),
    );
    const metrics = await ch.api().get('/metrics');
    expect(metrics.text).toMatch(
      /epix_verification_rejections_total\{reason="NOT_RECEIVED",country="CH"\} [1-9]/,
    );
    expect(metrics.text).toMatch(/epix_verifications_total\{verdict="REJECTED",country="CH"\} [1-9]/);

    const listed = await ch
      .api()
      .get('/api/v1/verifications?verdict=REJECTED&reason=NOT_RECEIVED&declarationNumber=CH-ALERT-1')
      .set('Authorization', auth(ch.tokens.auditor));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((v: { id: string }) => v.id)).toEqual([res.body.id]);
    const one = await ch
      .api()
      .get(`/api/v1/verifications/${res.body.id}`)
      .set('Authorization', auth(ch.tokens.auditor));
    expect(one.body).toMatchObject({
      id: res.body.id,
      verdict: 'REJECTED',
      declaration: { declarationNumber: 'CH-ALERT-1' },
    });
    expect(one.body.requestDigest).toBeUndefined();
  });

  test.each([
    ['issuer', 'POST', '/api/v1/verifications'],
    ['auditor', 'POST', '/api/v1/verifications'],
    ['admin', 'GET', '/api/v1/verifications'],
    ['issuer', 'GET', '/api/v1/verifications'],
    ['customs', 'POST', '/api/v1/import-permits'],
  ] as const)('when %s calls %s %s, then 403 FORBIDDEN', async (role, method, path) => {
    const req = method === 'POST' ? ch.api().post(path).send({}) : ch.api().get(path);
    const res = await req.set('Authorization', auth(ch.tokens[role]));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  test('when an unknown verification id is asked for, then 404 VERIFICATION_NOT_FOUND', async () => {
    const res = await ch
      .api()
      .get('/api/v1/verifications/nope')
      .set('Authorization', auth(ch.tokens.customs));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('VERIFICATION_NOT_FOUND');
  });

  test('when an issuer records an import permit twice, then 201 then 200; another permit under its key is 409', async () => {
    const permit = sampleImportPermit('CH-IMP-TWICE');
    const post = (document: Permit) =>
      ch.api().post('/api/v1/import-permits').set('Authorization', auth(ch.tokens.issuer)).send({ document });
    expect((await post(permit)).status).toBe(201);
    expect((await post(permit)).status).toBe(200);
    const conflict = await post({ ...permit, purpose: 'Z' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('IMPORT_PERMIT_EXISTS');
    const foreign = await post(samplePermit());
    expect(foreign.body.error.code).toBe('IMPORT_PERMIT_NOT_OURS');
    const listed = await ch
      .api()
      .get('/api/v1/import-permits?permitNumber=CH-IMP-TWICE')
      .set('Authorization', auth(ch.tokens.customs));
    expect(listed.body.items).toHaveLength(1);
  });
});

describe('epix verify (CLI, against the API; needs npm run build)', () => {
  const run = promisify(execFile);
  const epix = (args: string[], token: string) =>
    run(process.execPath, [path.resolve('bin/epix.js'), 'verify', ...args], {
      env: { ...process.env, EPIX_API_URL: ch.gateway.apiUrl, EPIX_TOKEN: token },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );
  const declarationFile = (permit: Permit, number: string) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'epix-decl-')), 'decl.json');
    writeFileSync(file, JSON.stringify(byKey(permit, number).declaration));
    return file;
  };

  test('when the received permit is verified from the CLI, then it prints ACCEPTED and exits 0', async () => {
    const permit = await receivedSample('CLI');
    const args = ['--from', 'ke', '--permit', permit.permitNumber, '--year', '2026'];
    const res = await epix(
      [...args, '--declaration', declarationFile(permit, 'CH-CLI-1')],
      ch.tokens.customs,
    );
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toMatch(new RegExp(`^ACCEPTED  ${permitKeyFor(permit)}  declaration CH-CLI-1`));
    expect(res.stdout).toContain('block A: Python sebae SKI 150 PCS');
  });

  test('when a forged permit is verified from the CLI, then it prints the reason and exits 3', async () => {
    const forged = samplePermit({ permitNumber: 'KE-2026-CLI-FORGED' });
    const args = ['--from', 'KE', '--permit', forged.permitNumber];
    const res = await epix(
      [...args, '--declaration', declarationFile(forged, 'CH-CLI-2')],
      ch.tokens.customs,
    );
    expect(res.code).toBe(3);
    expect(res.stdout).toMatch(
      /^REJECTED .*\n {2}NOT_RECEIVED: no permit KE\/\?\?\?\?\/KE-2026-CLI-FORGED was received/,
    );
  });

  test('when the token is not a customs token, then it prints FORBIDDEN and exits 1', async () => {
    const permit = samplePermit();
    const args = ['--from', 'KE', '--permit', 'X', '--declaration', declarationFile(permit, 'CH-CLI-3')];
    const res = await epix(args, ch.tokens.issuer);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stderr)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

/** Stores what the case's setup says and returns the request. Partner-wide steps are done by the phases. */
async function prepare(c: VerificationCase): Promise<VerificationRequestInput> {
  const sent = c.permit(permitNumberFor(c));
  const setup = c.setup ?? {};
  if (!setup.notSent) {
    const replacement = setup.replaceWith?.(sent);
    await storeReceivedPermit(ch.gateway, sent, {
      ...(setup.cancel
        ? {
            status: 'CANCELLED',
            cancellation: { reason: setup.cancel.reason, at: new Date(), messageId: 'test-cancel' },
          }
        : {}),
      ...(replacement ? { status: 'REPLACED', replacedBy: permitKeyFor(replacement) } : {}),
    });
    if (replacement) await storeReceivedPermit(ch.gateway, replacement);
  }
  if (setup.importPermit) {
    const res = await ch
      .api()
      .post('/api/v1/import-permits')
      .set('Authorization', auth(ch.tokens.issuer))
      .send({ document: setup.importPermit });
    expect(res.status).toBe(201);
  }
  const body = c.request(sent, declarationNumberFor(c));
  if (setup.usedByDeclaration) {
    const first = await verify({
      ...body,
      declaration: { ...body.declaration, declarationNumber: setup.usedByDeclaration },
    });
    expect(first.body.verdict).toBe('ACCEPTED');
  }
  return body;
}

async function runCase(c: VerificationCase): Promise<void> {
  const res = await verify(await prepare(c));
  expect(res.status).toBe(201);
  expect({ verdict: res.body.verdict, codes: res.body.reasons.map((r: { code: string }) => r.code) }).toEqual(
    {
      verdict: c.expected.verdict,
      codes: c.expected.codes,
    },
  );
  if (c.expected.alteredFields) {
    const altered = res.body.reasons.find((r: { code: string }) => r.code === 'DOCUMENT_ALTERED');
    expect(altered.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(
      [...c.expected.alteredFields].sort(),
    );
  }
  if (!c.setup?.notSent) expect(res.body.permit.permitKey).toBe(permitKeyFor(c.permit(permitNumberFor(c))));
  if (c.setup?.replaceWith) {
    const replaced = res.body.reasons.find((r: { code: string }) => r.code === 'REPLACED');
    expect(replaced.details.replacedBy).toBe(`${permitKeyFor(c.permit(permitNumberFor(c)))}-R`);
  }
}

const partnerWide = (c: VerificationCase) => c.setup?.revokeSigner || c.setup?.suspendPartner;

// The table runs last: its final phases revoke KE's signing certificate and suspend KE.
describe('verification table through the API', () => {
  test.each(VERIFICATION_CASES.filter((c) => !partnerWide(c)).map((c) => [c.name, c] as const))(
    '%s',
    async (_n, c) => runCase(c),
  );

  describe('after KE revoked the certificate that signed its permits', () => {
    const cases = VERIFICATION_CASES.filter((c) => c.setup?.revokeSigner && !c.setup.suspendPartner);
    const prepared = new Map<string, VerificationRequestInput>();
    beforeAll(async () => {
      for (const c of cases) prepared.set(c.id, await prepare(c));
      await revokeSigningCertificate(ch.gateway, ch.tokens.admin, 'KE');
    });
    test.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
      const res = await verify(prepared.get(c.id)!);
      expect(res.body.reasons.map((r: { code: string }) => r.code)).toEqual(c.expected.codes);
      expect(res.body.reasons[0].details.code).toBe('CERT_REVOKED');
    });
  });

  describe('after KE was suspended', () => {
    const cases = VERIFICATION_CASES.filter((c) => c.setup?.suspendPartner);
    const prepared = new Map<string, VerificationRequestInput>();
    beforeAll(async () => {
      for (const c of cases) prepared.set(c.id, await prepare(c));
      await suspendPartner(ch.gateway, ch.tokens.admin, 'KE');
    });
    test.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
      const res = await verify(prepared.get(c.id)!);
      expect(res.body.reasons.map((r: { code: string }) => r.code)).toEqual(c.expected.codes);
    });
  });
});
