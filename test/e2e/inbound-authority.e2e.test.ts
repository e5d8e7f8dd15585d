/**
 * Issue 13, points 1 and 2, end to end with three countries over real mutual TLS, RabbitMQ and the
 * database: TZ's gateway sends CH a genuine permit; KE, a genuine partner of CH, then tries to replace it,
 * cancel it and confirm its usage, and to sign with a certificate that names no country. Each attempt is
 * answered with a REJECTED receipt carrying its own code, and TZ's permit stays VALID and clears customs.
 */
import { randomUUID } from 'node:crypto';
import type { Permit } from '../../src/domain/permit/permit';
import { issueLeaf } from '../../src/domain/pki/dev-pki';
import { subtle, x509 } from '../../src/domain/pki/x509';
import { toPermitXml } from '../../src/domain/xml/permit-xml';
import { isoDay, samplePermit, verificationByKey } from '../../scripts/lib/sample-permits';
import { craftEnvelope, postExchange, receiptField, signerOf } from '../support/crafted-exchange';
import { testPki } from '../support/pki';
import { dropDatabaseOf } from '../support/services';
import { eventually, onboard, startCountry, type TestCountry } from '../support/two-countries';

const enc = encodeURIComponent;
const today = new Date();

function permitOf(country: 'KE' | 'TZ', number: string, extra: Partial<Permit> = {}): Permit {
  const base = samplePermit();
  return samplePermit({
    issuingCountry: country,
    permitNumber: `${country}-${number}-${randomUUID().slice(0, 6)}`,
    exporter: { ...base.exporter, address: { ...base.exporter.address, country } },
    issueDate: isoDay(today),
    validFrom: isoDay(today),
    validUntil: isoDay(today, 180),
    ...extra,
  });
}

const keyOf = (p: Permit) => `${p.issuingCountry}/${p.issueDate.slice(0, 4)}/${p.permitNumber}`;

/** A signing certificate issued by KE's own (trusted) CA, whose subject names no country. */
async function countrylessKenyanSigner(): Promise<{ certPem: string; keyPem: string }> {
  const { pki } = await testPki('KE');
  const cert = new x509.X509Certificate(pki.ca.certPem);
  const der = x509.PemConverter.decode(pki.ca.keyPem)[0]!;
  const privateKey = await subtle.importKey(
    'pkcs8',
    der,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    true,
    ['sign'],
  );
  return issueLeaf(
    { cert, keys: { privateKey, publicKey: await cert.publicKey.export() } },
    {
      subject: 'CN=EPIX document signing KE,O=CITES Management Authority KE (development)',
      keyUsages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
    },
    'rsa',
    new Date(Date.now() - 3_600_000),
    new Date(Date.now() + 30 * 86_400_000),
  );
}

describe('a partner may act only on its own permits (KE, TZ, CH)', () => {
  let ch: TestCountry;
  let tz: TestCountry;
  let genuine: Permit;

  beforeAll(async () => {
    [ch, tz] = await Promise.all([startCountry('CH'), startCountry('TZ')]);
    await Promise.all([
      onboard(ch, { country: 'TZ', exchangeUrl: tz.gateway.exchangeUrl }),
      onboard(tz, { country: 'CH', exchangeUrl: ch.gateway.exchangeUrl }),
      onboard(ch, { country: 'KE', exchangeUrl: 'https://127.0.0.1:9/' }),
    ]);
    genuine = permitOf('TZ', '2026');
    const sent = await tz
      .api()
      .post('/api/v1/permits')
      .set('Authorization', `Bearer ${tz.tokens.issuer}`)
      .send(genuine);
    expect(sent.status).toBe(202);
    const { messageId } = sent.body as { messageId: string };
    await eventually(
      async () => {
        const res = await tz
          .api()
          .get(`/api/v1/messages/${messageId}`)
          .set('Authorization', `Bearer ${tz.tokens.auditor}`);
        return (res.body as { state?: string }).state === 'DELIVERED' ? true : undefined;
      },
      { what: 'TZ permit DELIVERED to CH', timeoutMs: 30_000 },
    );
  }, 90_000);

  afterAll(async () => {
    for (const side of [ch, tz]) {
      if (!side) continue;
      await side.gateway.close();
      await dropDatabaseOf(side.gateway.config.mongodbUri);
    }
  });

  async function receivedStatus(permitKey: string): Promise<string | undefined> {
    const res = await ch
      .api()
      .get(`/api/v1/received-permits/${enc(permitKey)}`)
      .set('Authorization', `Bearer ${ch.tokens.customs}`);
    return (res.body as { status?: string }).status;
  }

  async function expectRejected(envelope: string, code: string): Promise<void> {
    const res = await postExchange(ch, 'KE', envelope);
    expect({
      status: res.status,
      receipt: receiptField(res.body, 'Status'),
      code: receiptField(res.body, 'Code'),
    }).toEqual({ status: 422, receipt: 'REJECTED', code });
  }

  it("when KE sends a permit that replaces TZ's permit, then it is rejected with EXCHANGE_PERMIT_NOT_OWNED", async () => {
    const replacement = permitOf('KE', 'R');
    const signedPermitXml = await (await signerOf('KE')).sign(toPermitXml(replacement));
    const envelope = await craftEnvelope(
      await signerOf('KE'),
      { from: 'KE', to: 'CH', documentType: 'replacement', permitKey: keyOf(replacement) },
      { kind: 'permit', signedPermitXml, replaces: keyOf(genuine) },
    );
    await expectRejected(envelope, 'EXCHANGE_PERMIT_NOT_OWNED');
    expect(await receivedStatus(keyOf(replacement))).toBeUndefined();
  });

  it("when KE cancels TZ's permit, then it is rejected with EXCHANGE_PERMIT_NOT_OWNED", async () => {
    const envelope = await craftEnvelope(
      await signerOf('KE'),
      { from: 'KE', to: 'CH', documentType: 'cancellation', permitKey: keyOf(genuine) },
      { kind: 'cancellation', reason: 'fraud', cancelledAt: new Date() },
    );
    await expectRejected(envelope, 'EXCHANGE_PERMIT_NOT_OWNED');
  });

  it("when KE confirms the usage of TZ's permit, then it is rejected with EXCHANGE_USAGE_NOT_OURS", async () => {
    const envelope = await craftEnvelope(
      await signerOf('KE'),
      { from: 'KE', to: 'CH', documentType: 'usage-confirmation', permitKey: keyOf(genuine) },
      {
        kind: 'usage-confirmation',
        usage: {
          declarationNumber: 'KE-FAKE-1',
          clearedAt: new Date(),
          confirmedBy: 'KE',
          lines: [{ lineId: 'A', quantity: 150 }],
        },
      },
    );
    await expectRejected(envelope, 'EXCHANGE_USAGE_NOT_OURS');
  });

  it('when the envelope Replaces is not what the signed replacement says it replaces, then it is rejected with EXCHANGE_REPLACES_MISMATCH and the named permit stays VALID', async () => {
    const victim = permitOf('KE', 'V');
    const signer = await signerOf('KE');
    const victimEnvelope = await craftEnvelope(
      signer,
      { from: 'KE', to: 'CH', documentType: 'permit', permitKey: keyOf(victim) },
      { kind: 'permit', signedPermitXml: await signer.sign(toPermitXml(victim)) },
    );
    expect((await postExchange(ch, 'KE', victimEnvelope)).status).toBe(200);
    const replacement = permitOf('KE', 'R2', {
      replacesPermit: { permitNumber: 'KE-SOMETHING-ELSE', issueDate: isoDay(today) },
    });
    const envelope = await craftEnvelope(
      signer,
      { from: 'KE', to: 'CH', documentType: 'replacement', permitKey: keyOf(replacement) },
      {
        kind: 'permit',
        signedPermitXml: await signer.sign(toPermitXml(replacement)),
        replaces: keyOf(victim),
      },
    );
    await expectRejected(envelope, 'EXCHANGE_REPLACES_MISMATCH');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await receivedStatus(keyOf(victim))).toBe('VALID');
  });

  it('when KE signs with a certificate of its own CA that names no country, then it is rejected with EXCHANGE_SIGNER_COUNTRY_MISSING', async () => {
    const permit = permitOf('KE', 'NC');
    const countryless = await signerOf('KE', await countrylessKenyanSigner());
    const envelope = await craftEnvelope(
      countryless,
      { from: 'KE', to: 'CH', documentType: 'permit', permitKey: keyOf(permit) },
      { kind: 'permit', signedPermitXml: await (await signerOf('KE')).sign(toPermitXml(permit)) },
    );
    await expectRejected(envelope, 'EXCHANGE_SIGNER_COUNTRY_MISSING');
    expect(await receivedStatus(keyOf(permit))).toBeUndefined();
  });

  it('when a genuine KE envelope carries a permit signed by a country-less certificate, then it is rejected with EXCHANGE_SIGNER_COUNTRY_MISSING', async () => {
    const permit = permitOf('KE', 'NP');
    const countryless = await signerOf('KE', await countrylessKenyanSigner());
    const envelope = await craftEnvelope(
      await signerOf('KE'),
      { from: 'KE', to: 'CH', documentType: 'permit', permitKey: keyOf(permit) },
      { kind: 'permit', signedPermitXml: await countryless.sign(toPermitXml(permit)) },
    );
    await expectRejected(envelope, 'EXCHANGE_SIGNER_COUNTRY_MISSING');
  });

  it("when every attempt was refused, then TZ's permit is still VALID at CH and clears customs", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // any queued follow-up would have run by now
    expect(await receivedStatus(keyOf(genuine))).toBe('VALID');
    const verdict = await ch
      .api()
      .post('/api/v1/verifications')
      .set('Authorization', `Bearer ${ch.tokens.customs}`)
      .send(verificationByKey(genuine, `CH-DECL-${randomUUID().slice(0, 8)}`, today));
    expect(verdict.status).toBe(201);
    expect((verdict.body as { verdict: string }).verdict).toBe('ACCEPTED');
  });
});
