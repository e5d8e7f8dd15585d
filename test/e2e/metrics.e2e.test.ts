/**
 * The operating metrics after a real exchange between two gateways (KE exporter, CH importer): a permit
 * delivered over mutual TLS, two customs verifications at CH (one ACCEPTED, whose usage confirmation goes
 * back to KE, one REJECTED, whose alert goes to a real webhook listener). Then /metrics of each gateway
 * is scraped and each series of the dashboard is found with a plausible value. Also: X-Request-Id on the
 * mutual-TLS exchange endpoint.
 */
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { samplePermit } from '../support/permits';
import { testPki } from '../support/pki';
import { eventually, startTwoCountries, type TestCountry, type TwoCountries } from '../support/two-countries';
import { byKey } from '../support/verification-cases';

let world: TwoCountries;
let ke: TestCountry;
let ch: TestCountry;
let receiver: Server;
let hooks = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hooks += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as { port: number };
  world = await startTwoCountries({
    ch: {
      alertDelivery: {
        channels: [
          {
            type: 'webhook',
            name: 'ops-webhook',
            url: `http://127.0.0.1:${port}/`,
            secret: 'metrics-test-secret-0123456789',
          },
        ],
        routes: [{ minSeverity: 'info', channels: ['ops-webhook'] }],
        sweepIntervalMs: 200,
      },
    },
  });
  ({ ke, ch } = world);

  const permit = samplePermit({ permitNumber: 'KE-2026-E2E-METRICS' });
  const sent = await ke
    .api()
    .post('/api/v1/permits')
    .set('Authorization', `Bearer ${ke.tokens.issuer}`)
    .send(permit);
  expect(sent.status).toBe(202);
  await outboundDelivered(ke, (sent.body as { messageId: string }).messageId);

  const verify = (body: object) =>
    ch.api().post('/api/v1/verifications').set('Authorization', `Bearer ${ch.tokens.customs}`).send(body);
  const accepted = await verify(byKey(permit, 'CH-DECL-METRICS-OK'));
  expect(accepted.body).toMatchObject({ verdict: 'ACCEPTED' });
  const overQuantity = byKey(permit, 'CH-DECL-METRICS-BAD');
  overQuantity.declaration.lines = overQuantity.declaration.lines.map((l) => ({
    ...l,
    quantity: l.quantity * 10,
  }));
  const rejected = await verify(overQuantity);
  expect(rejected.body).toMatchObject({ verdict: 'REJECTED' });
  const usage = (accepted.body as { usageConfirmation?: { messageId?: string } }).usageConfirmation
    ?.messageId;
  await outboundDelivered(ch, usage!);
  await eventually(() => Promise.resolve(hooks > 0 ? true : undefined), { what: 'the alert webhook' });
}, 120_000);

afterAll(async () => {
  await world?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function outboundDelivered(side: TestCountry, messageId: string): Promise<void> {
  await eventually(
    async () => {
      const res = await side
        .api()
        .get(`/api/v1/messages/${messageId}`)
        .set('Authorization', `Bearer ${side.tokens.auditor}`);
      return (res.body as { state?: string }).state === 'DELIVERED' ? true : undefined;
    },
    { what: `message ${messageId} DELIVERED`, timeoutMs: 30_000 },
  );
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, read independently of prom-client: `name{a="b",...} value`. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(side: TestCountry): Promise<Sample[]> {
  const res = await request(side.gateway.apiUrl).get('/metrics').expect(200);
  return parseMetrics(res.text);
}

/** The value of the one sample of `name` whose labels include `labels`. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]!.value;
}

describe('after a real exchange, /metrics of the exporting gateway (KE)', () => {
  let samples: Sample[];
  beforeAll(async () => {
    samples = await scrape(ke);
  });

  test('when the permit was delivered to CH, then the delivery counts, its attempt and its submit-to-receipt latency are there', () => {
    expect(
      valueOf(samples, 'epix_deliveries_total', { partner: 'CH', outcome: 'delivered', code: 'OK' }),
    ).toBe(1);
    expect(valueOf(samples, 'epix_delivery_attempts_total', { partner: 'CH', outcome: 'delivered' })).toBe(1);
    expect(valueOf(samples, 'epix_delivery_latency_seconds_count', { partner: 'CH' })).toBe(1);
    const seconds = valueOf(samples, 'epix_delivery_latency_seconds_sum', { partner: 'CH' });
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(30);
    expect(valueOf(samples, 'epix_delivery_latency_seconds_bucket', { partner: 'CH', le: '+Inf' })).toBe(1);
  });

  test('when the database commands are counted, then the one permit was inserted once and its record read by key', () => {
    expect(
      valueOf(samples, 'epix_db_commands_total', { command: 'insert', collection: 'issued_permits' }),
    ).toBe(1);
    expect(
      valueOf(samples, 'epix_db_commands_total', { command: 'find', collection: 'messages' }),
    ).toBeGreaterThanOrEqual(1);
    const inserts = samples.filter(
      (s) => s.name === 'epix_db_commands_total' && s.labels.command === 'insert',
    );
    expect(inserts.map((s) => s.labels.collection)).toEqual(
      expect.arrayContaining(['messages', 'delivery_claims', 'audit_log']),
    );
  });

  test('when the message records are counted, then one outbound is DELIVERED and the usage confirmation came in', () => {
    expect(valueOf(samples, 'epix_messages', { direction: 'outbound', state: 'DELIVERED' })).toBe(1);
    expect(valueOf(samples, 'epix_messages', { direction: 'inbound', state: 'RECEIVED' })).toBe(1);
    expect(
      valueOf(samples, 'epix_inbound_decisions_total', { partner: 'CH', status: 'ACCEPTED', code: 'OK' }),
    ).toBe(1);
  });

  test('when certificates are watched, then ours and the partner CAs show their days to expiry (a one-year PKI)', () => {
    const days = samples.filter((s) => s.name === 'epix_certificate_days_to_expiry');
    const own = days.filter((s) => s.labels.owner === 'self').map((s) => s.labels.role);
    expect(own).toEqual(expect.arrayContaining(['signing', 'tls-server', 'tls-client']));
    expect(
      days
        .filter((s) => s.labels.owner === 'CH')
        .map((s) => s.labels.role)
        .sort(),
    ).toEqual(['signing-ca', 'tls-ca']);
    for (const sample of days) {
      expect(sample.value).toBeGreaterThanOrEqual(363);
      expect(sample.value).toBeLessThanOrEqual(365);
    }
  });
});

describe('after a real exchange, /metrics of the importing gateway (CH)', () => {
  let samples: Sample[];
  beforeAll(async () => {
    samples = await scrape(ch);
  });

  test('when KE delivered the permit, then CH counts its decision (the sample permit is past its validity: a warning)', () => {
    expect(
      valueOf(samples, 'epix_inbound_decisions_total', {
        partner: 'KE',
        status: 'ACCEPTED_WITH_WARNINGS',
        code: 'PERMIT_EXPIRED_ON_ARRIVAL',
      }),
    ).toBe(1);
    expect(valueOf(samples, 'epix_messages', { direction: 'inbound', state: 'RECEIVED' })).toBe(1);
  });

  test('when customs verified twice, then latency is counted per verdict and the rejection by its reason', () => {
    for (const verdict of ['ACCEPTED', 'REJECTED']) {
      expect(valueOf(samples, 'epix_verification_duration_seconds_count', { verdict })).toBe(1);
      const seconds = valueOf(samples, 'epix_verification_duration_seconds_sum', { verdict });
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(10);
    }
    expect(valueOf(samples, 'epix_verifications_total', { verdict: 'REJECTED' })).toBe(1);
    const reasons = samples.filter((s) => s.name === 'epix_verification_rejections_total');
    expect(reasons.length).toBeGreaterThanOrEqual(1);
    expect(reasons.every((s) => /^[A-Z_]+$/.test(s.labels.reason ?? '') && s.value >= 1)).toBe(true);
  });

  test('when the rejection raised an alert, then its webhook delivery is counted', () => {
    expect(
      valueOf(samples, 'epix_alert_deliveries_total', { channel: 'ops-webhook', outcome: 'delivered' }),
    ).toBe(hooks);
    expect(
      valueOf(samples, 'epix_deliveries_total', { partner: 'KE', outcome: 'delivered', code: 'OK' }),
    ).toBe(1);
  });
});

describe('the exchange endpoint', () => {
  test('when a partner calls over mutual TLS with an X-Request-Id, then the answer carries it back', async () => {
    const [kePki, chPki] = await Promise.all([testPki('KE'), testPki('CH')]);
    const url = new URL('/exchange/v1/health', ch.gateway.exchangeUrl);
    const header = await new Promise<string | undefined>((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          key: readFileSync(kePki.files.tlsClientKey!),
          cert: readFileSync(kePki.files.tlsClientCert!),
          ca: readFileSync(chPki.files.caCert!),
          headers: { 'x-request-id': 'ke-call-7' },
          servername: 'localhost',
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers['x-request-id'] as string | undefined));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(header).toBe('ke-call-7');
  });
});
