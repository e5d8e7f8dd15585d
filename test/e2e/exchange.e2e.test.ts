/**
 * Issue 5 end to end: two countries' gateways (KE exporter, CH importer) with real mutual TLS, RabbitMQ and
 * the MongoDB-compatible server. Every scenario goes through the public interfaces: the internal API to
 * submit, the exchange endpoint over mTLS to deliver, signed receipts back.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { toEnvelopeXml } from '../../src/domain/exchange/envelope-xml';
import { XmlSigner } from '../../src/domain/signing/xml-signer';
import { toPermitXml } from '../../src/domain/xml/permit-xml';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { samplePermit } from '../support/permits';
import { testPki } from '../support/pki';
import {
  eventually,
  onboard,
  startCountry,
  startTwoCountries,
  type TestCountry,
  type TwoCountries,
} from '../support/two-countries';
import { freePort } from '../../scripts/lib/free-port';

const enc = encodeURIComponent;

let numberSeq = 0;
function nextPermit(overrides: Parameters<typeof samplePermit>[0] = {}) {
  numberSeq += 1;
  return samplePermit({
    permitNumber: `KE-2026-${String(numberSeq).padStart(6, '0')}-${randomUUID().slice(0, 6)}`,
    issueDate: '2026-11-01',
    validFrom: '2026-11-01',
    validUntil: '2027-04-30',
    ...overrides,
  });
}

async function submit(
  ke: TestCountry,
  permit = nextPermit(),
): Promise<{ permitKey: string; messageId: string }> {
  const res = await ke
    .api()
    .post('/api/v1/permits')
    .set('Authorization', `Bearer ${ke.tokens.issuer}`)
    .send(permit);
  expect(res.status).toBe(202);
  return res.body as { permitKey: string; messageId: string };
}

async function outbound(side: TestCountry, messageId: string) {
  const res = await side
    .api()
    .get(`/api/v1/messages/${messageId}`)
    .set('Authorization', `Bearer ${side.tokens.auditor}`);
  expect(res.status).toBe(200);
  return res.body as {
    state: string;
    attempts: Array<{ attempt: number; outcome: string }>;
    receipt?: { status: string; signedXml: string; code?: string };
    failure?: { code: string };
  };
}

async function deliveredOrFailed(side: TestCountry, messageId: string, timeoutMs = 15_000) {
  return eventually(
    async () => {
      const message = await outbound(side, messageId);
      return message.state === 'DELIVERED' || message.state === 'FAILED' ? message : undefined;
    },
    {
      timeoutMs,
      what: `message ${messageId} to be DELIVERED or FAILED`,
      describe: () => outbound(side, messageId),
    },
  );
}

/** POSTs raw bytes to a gateway's exchange endpoint with the given country's TLS client identity. */
async function postExchange(
  target: TestCountry,
  clientCountry: string,
  body: string,
): Promise<{ status: number; body: string }> {
  const client = await testPki(clientCountry);
  const server = await testPki(target.country);
  const url = new URL('/exchange/v1/messages', target.gateway.exchangeUrl);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: 'POST',
        key: readFileSync(client.files.tlsClientKey!),
        cert: readFileSync(client.files.tlsClientCert!),
        ca: readFileSync(server.files.caCert!),
        headers: { 'content-type': 'application/xml' },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function signerOf(country: string): Promise<XmlSigner> {
  const { files } = await testPki(country);
  return XmlSigner.create({
    keyPem: readFileSync(files.signingKey!, 'utf8'),
    certPem: readFileSync(files.signingCert!, 'utf8'),
  });
}

/** A KE→`to` permit envelope signed with `signWith`'s key, as an attacker or a misbehaving partner would send. */
async function craftedEnvelope(options: {
  from?: string;
  to: string;
  signWith: string;
  permitNumber?: string;
}) {
  const permit = nextPermit(options.permitNumber ? { permitNumber: options.permitNumber } : {});
  const signedPermit = await (await signerOf('KE')).sign(toPermitXml(permit));
  const envelope = toEnvelopeXml(
    {
      messageId: randomUUID(),
      from: options.from ?? 'KE',
      to: options.to,
      documentType: 'permit',
      permitKey: `KE/2026/${permit.permitNumber}`,
      createdAt: new Date(),
    },
    { kind: 'permit', signedPermitXml: signedPermit },
  );
  return (await signerOf(options.signWith)).sign(envelope);
}

function receiptField(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

describe('exchange between two countries', () => {
  let world: TwoCountries;
  let ke: TestCountry;
  let ch: TestCountry;

  beforeAll(async () => {
    // FR exists only as PKI: CH knows it as a partner, so FR-signed messages can be told apart from forgeries.
    world = await startTwoCountries({
      ke: {
        retry: {
          initialDelayMs: 200,
          maxDelayMs: 1000,
          multiplier: 2,
          maxAttempts: 30,
          jitter: 0.2,
          windowMs: 120_000,
        },
      },
    });
    ({ ke, ch } = world);
    await onboard(ch, { country: 'FR', exchangeUrl: 'https://127.0.0.1:9/' });
    await onboard(ke, { country: 'FR', exchangeUrl: 'https://127.0.0.1:9/' });
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  it('sends a permit that CH verifies, stores and acknowledges with a signed receipt KE verifies (DELIVERED)', async () => {
    const permit = nextPermit();
    const { permitKey, messageId } = await submit(ke, permit);
    expect(permitKey).toBe(`KE/2026/${permit.permitNumber}`);

    const message = await deliveredOrFailed(ke, messageId);
    expect(message.state).toBe('DELIVERED');
    expect(message.receipt?.status).toBe('ACCEPTED');
    expect(receiptField(message.receipt!.signedXml, 'RefToMessageId')).toBe(messageId);
    expect(message.attempts).toHaveLength(1);

    const received = await ch
      .api()
      .get(`/api/v1/received-permits/${enc(permitKey)}`)
      .set('Authorization', `Bearer ${ch.tokens.customs}`);
    expect(received.status).toBe(200);
    expect(received.body.status).toBe('VALID');
    expect(received.body.permit).toEqual(permit);
    expect(received.body.signedXml).toContain('<ds:Signature');

    const issued = await ke
      .api()
      .get(`/api/v1/permits/${enc(permitKey)}`)
      .set('Authorization', `Bearer ${ke.tokens.issuer}`);
    expect(issued.body.status).toBe('ISSUED');
  });

  it('accepts a permit that expired before it arrived, with a warning in the receipt (ACCEPTED_WITH_WARNINGS)', async () => {
    const { messageId } = await submit(
      ke,
      nextPermit({ issueDate: '2026-01-05', validFrom: '2026-01-05', validUntil: '2026-06-30' }),
    );
    const message = await deliveredOrFailed(ke, messageId);
    expect(message.state).toBe('DELIVERED');
    expect(message.receipt?.status).toBe('ACCEPTED_WITH_WARNINGS');
    expect(message.receipt!.signedXml).toContain('<Warning code="PERMIT_EXPIRED_ON_ARRIVAL">');
  });

  it('accepts the permit as unsigned CITESEPermit XML too', async () => {
    const permit = nextPermit();
    const res = await ke
      .api()
      .post('/api/v1/permits')
      .set('Authorization', `Bearer ${ke.tokens.issuer}`)
      .type('application/xml')
      .send(toPermitXml(permit));
    expect(res.status).toBe(202);
    expect((await deliveredOrFailed(ke, res.body.messageId)).state).toBe('DELIVERED');
  });

  it('rejects invalid permits at submission with field-level errors and stores nothing', async () => {
    const bad = { ...nextPermit(), purpose: 'X' };
    const res = await ke
      .api()
      .post('/api/v1/permits')
      .set('Authorization', `Bearer ${ke.tokens.issuer}`)
      .send(bad);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('PERMIT_INVALID');
    expect(JSON.stringify(res.body.error.details)).toContain('purpose');
    const list = await ke
      .api()
      .get('/api/v1/permits?limit=500')
      .set('Authorization', `Bearer ${ke.tokens.issuer}`);
    expect(
      (list.body.items as Array<{ permit: { permitNumber: string } }>).some(
        (p) => p.permit.permitNumber === bad.permitNumber,
      ),
    ).toBe(false);
  });

  it('only the issuer role may submit permits', async () => {
    const res = await ke
      .api()
      .post('/api/v1/permits')
      .set('Authorization', `Bearer ${ke.tokens.customs}`)
      .send(nextPermit());
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('answers a duplicate POST of the same message with the original receipt and stores it once', async () => {
    const { messageId, permitKey } = await submit(ke);
    const delivered = await deliveredOrFailed(ke, messageId);
    const envelope = (await ke.gateway.exchange.messages.findOutbound(messageId))!.envelopeXml;

    const again = await postExchange(ch, 'KE', envelope);
    expect(again.status).toBe(200);
    expect(again.body).toBe(delivered.receipt!.signedXml);

    const inbound = await ch
      .api()
      .get(`/api/v1/messages?direction=inbound&permitKey=${enc(permitKey)}`)
      .set('Authorization', `Bearer ${ch.tokens.auditor}`);
    expect(inbound.body.items).toHaveLength(1);
  });

  it('refuses a TLS client whose certificate chains to no onboarded partner', async () => {
    await expect(postExchange(ch, 'JP', '<x/>')).rejects.toThrow();
  });

  it('rejects a message signed with another country’s key (EXCHANGE_SIGNER_MISMATCH)', async () => {
    const envelope = await craftedEnvelope({ to: 'CH', signWith: 'FR' });
    const res = await postExchange(ch, 'KE', envelope);
    expect(res.status).toBe(422);
    expect(receiptField(res.body, 'Status')).toBe('REJECTED');
    expect(receiptField(res.body, 'Code')).toBe('EXCHANGE_SIGNER_MISMATCH');
  });

  it('rejects a message addressed to a third country (EXCHANGE_NOT_ADDRESSED_TO_US)', async () => {
    const envelope = await craftedEnvelope({ to: 'FR', signWith: 'KE' });
    const res = await postExchange(ch, 'KE', envelope);
    expect(receiptField(res.body, 'Code')).toBe('EXCHANGE_NOT_ADDRESSED_TO_US');
  });

  it('rejects a genuine KE→FR message replayed to CH (EXCHANGE_NOT_ADDRESSED_TO_US), and stores nothing', async () => {
    const toFr = await submit(
      ke,
      nextPermit({ importer: { ...samplePermit().importer, address: { country: 'FR', city: 'Paris' } } }),
    );
    const envelope = (await ke.gateway.exchange.messages.findOutbound(toFr.messageId))!.envelopeXml;
    const res = await postExchange(ch, 'KE', envelope);
    expect(res.status).toBe(422);
    expect(receiptField(res.body, 'Code')).toBe('EXCHANGE_NOT_ADDRESSED_TO_US');
    const received = await ch
      .api()
      .get(`/api/v1/received-permits/${enc(toFr.permitKey)}`)
      .set('Authorization', `Bearer ${ch.tokens.customs}`);
    expect(received.status).toBe(404);
  });

  it('rejects a message whose From is not the TLS partner (EXCHANGE_FROM_MISMATCH)', async () => {
    const envelope = await craftedEnvelope({ from: 'FR', to: 'CH', signWith: 'KE' });
    const res = await postExchange(ch, 'KE', envelope);
    expect(receiptField(res.body, 'Code')).toBe('EXCHANGE_FROM_MISMATCH');
  });

  it('rejects a non-XML body (415) before reading it', async () => {
    const client = await testPki('KE');
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        new URL('/exchange/v1/messages', ch.gateway.exchangeUrl),
        {
          method: 'POST',
          key: readFileSync(client.files.tlsClientKey!),
          cert: readFileSync(client.files.tlsClientCert!),
          rejectUnauthorized: false,
          headers: { 'content-type': 'application/json' },
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(415);
  });

  it('a permanent rejection ends FAILED with its code and an alert; after the fix, an admin resend delivers it', async () => {
    const admin = (side: TestCountry) => `Bearer ${side.tokens.admin}`;
    const allow = (types: string[]) =>
      ch
        .api()
        .patch('/api/v1/partners/KE')
        .set('Authorization', admin(ch))
        .send({ allowedDocumentTypes: types });
    expect((await allow(['export', 're-export'])).status).toBe(200);
    await eventually(() =>
      Promise.resolve(
        ch.gateway.directory.current().findPartner('KE')?.allowedDocumentTypes.includes('other')
          ? undefined
          : true,
      ),
    );

    const { messageId } = await submit(ke, nextPermit({ type: 'O' }));
    const failed = await deliveredOrFailed(ke, messageId);
    expect(failed.state).toBe('FAILED');
    expect(failed.failure?.code).toBe('EXCHANGE_DOCUMENT_TYPE_NOT_ALLOWED');
    expect(failed.receipt?.status).toBe('REJECTED');

    const listed = await ke
      .api()
      .get('/api/v1/messages?direction=outbound&state=FAILED')
      .set('Authorization', admin(ke));
    expect((listed.body.items as Array<{ messageId: string }>).map((m) => m.messageId)).toContain(messageId);
    const alerts = await ke.api().get('/api/v1/alerts').set('Authorization', `Bearer ${ke.tokens.auditor}`);
    expect(JSON.stringify(alerts.body.items)).toContain(messageId);

    expect((await allow(['export', 're-export', 'other'])).status).toBe(200);
    await eventually(() =>
      Promise.resolve(
        ch.gateway.directory.current().findPartner('KE')?.allowedDocumentTypes.includes('other')
          ? true
          : undefined,
      ),
    );
    const forbidden = await ke
      .api()
      .post(`/api/v1/messages/${messageId}/resend`)
      .set('Authorization', `Bearer ${ke.tokens.issuer}`);
    expect(forbidden.status).toBe(403);
    const resent = await ke
      .api()
      .post(`/api/v1/messages/${messageId}/resend`)
      .set('Authorization', admin(ke));
    expect(resent.status).toBe(202);
    const delivered = await deliveredOrFailed(ke, messageId);
    expect(delivered.state).toBe('DELIVERED');
    expect(delivered.attempts.map((a) => a.outcome)).toEqual(['rejected', 'delivered']);

    const again = await ke.api().post(`/api/v1/messages/${messageId}/resend`).set('Authorization', admin(ke));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MESSAGE_NOT_RESENDABLE');
  });

  it('cancellation from KE marks the permit CANCELLED at CH', async () => {
    const { permitKey, messageId } = await submit(ke);
    await deliveredOrFailed(ke, messageId);
    const res = await ke
      .api()
      .post(`/api/v1/permits/${enc(permitKey)}/cancel`)
      .set('Authorization', `Bearer ${ke.tokens.issuer}`)
      .send({ reason: 'issued in error' });
    expect(res.status).toBe(202);
    expect((await deliveredOrFailed(ke, res.body.messageId)).state).toBe('DELIVERED');
    const received = await eventually(
      async () => {
        const r = await ch
          .api()
          .get(`/api/v1/received-permits/${enc(permitKey)}`)
          .set('Authorization', `Bearer ${ch.tokens.customs}`);
        return r.body.status === 'CANCELLED' ? (r.body as { cancellation: { reason: string } }) : undefined;
      },
      { what: 'CANCELLED at CH' },
    );
    expect(received.cancellation.reason).toBe('issued in error');
  });

  it('replacement from KE marks the old permit REPLACED at CH, naming the new one', async () => {
    const { permitKey, messageId } = await submit(ke);
    await deliveredOrFailed(ke, messageId);
    const replacement = nextPermit();
    const res = await ke
      .api()
      .post(`/api/v1/permits/${enc(permitKey)}/replace`)
      .set('Authorization', `Bearer ${ke.tokens.issuer}`)
      .send(replacement);
    expect(res.status).toBe(202);
    expect((await deliveredOrFailed(ke, res.body.messageId)).state).toBe('DELIVERED');
    const old = await eventually(
      async () => {
        const r = await ch
          .api()
          .get(`/api/v1/received-permits/${enc(permitKey)}`)
          .set('Authorization', `Bearer ${ch.tokens.customs}`);
        return r.body.status === 'REPLACED' ? (r.body as { replacedBy: string }) : undefined;
      },
      { what: 'REPLACED at CH' },
    );
    expect(old.replacedBy).toBe(res.body.permitKey);
  });

  it('usage confirmation from CH marks KE’s permit USED with the cleared quantities', async () => {
    const { permitKey, messageId } = await submit(ke);
    await deliveredOrFailed(ke, messageId);
    const usage = {
      declarationNumber: `CH-DECL-${randomUUID().slice(0, 8)}`,
      clearedAt: new Date(),
      confirmedBy: 'CH customs',
      lines: [{ lineId: 'A', quantity: 150, unit: 'PCS' }],
    };
    const sent = await ch.gateway.exchange.sendUsageConfirmation(permitKey, usage);
    expect((await deliveredOrFailed(ch, sent.messageId)).state).toBe('DELIVERED');
    const issued = await eventually(
      async () => {
        const r = await ke
          .api()
          .get(`/api/v1/permits/${enc(permitKey)}`)
          .set('Authorization', `Bearer ${ke.tokens.issuer}`);
        return r.body.status === 'USED'
          ? (r.body as { usage: { declarationNumber: string; lines: unknown } })
          : undefined;
      },
      { what: 'USED at KE' },
    );
    expect(issued.usage.declarationNumber).toBe(usage.declarationNumber);
    expect(issued.usage.lines).toEqual(usage.lines);
  });
});

describe('delivery when the partner is down', () => {
  it('retries with backoff until CH is back, then delivers; every attempt is recorded', async () => {
    const chPort = await freePort();
    const retry = {
      initialDelayMs: 200,
      maxDelayMs: 800,
      multiplier: 2,
      maxAttempts: 50,
      jitter: 0.1,
      windowMs: 120_000,
    };
    const ke = await startCountry('KE', { retry });
    let ch = await startCountry('CH', { exchange: { host: '127.0.0.1', port: chPort } });
    const chConfig = ch.gateway.config;
    try {
      await onboard(ke, { country: 'CH', exchangeUrl: ch.gateway.exchangeUrl });
      await onboard(ch, { country: 'KE', exchangeUrl: ke.gateway.exchangeUrl });
      await ch.gateway.close();

      const { messageId, permitKey } = await submit(ke);
      await eventually(
        async () => ((await outbound(ke, messageId)).attempts.length >= 3 ? true : undefined),
        { what: '3 failed attempts' },
      );
      const waiting = await outbound(ke, messageId);
      expect(['RETRY_WAIT', 'SENDING']).toContain(waiting.state);
      expect(waiting.attempts.slice(0, 2).every((a) => a.outcome === 'transient-failure')).toBe(true);

      const restarted = new Gateway(chConfig, { logger: createSilentLogger() });
      await restarted.start();
      ch = { ...ch, gateway: restarted };
      const delivered = await deliveredOrFailed(ke, messageId, 20_000);
      expect(delivered.state).toBe('DELIVERED');
      expect(delivered.attempts.length).toBeGreaterThanOrEqual(4);
      expect(delivered.attempts[delivered.attempts.length - 1]!.outcome).toBe('delivered');
      expect(await restarted.exchange.received.find(permitKey)).not.toBeNull();
    } finally {
      await ke.gateway.close();
      await ch.gateway.close();
    }
  }, 60_000);
});
