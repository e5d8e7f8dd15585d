/**
 * Alert delivery through a started gateway to real receivers: an HTTP webhook receiver (a real listener
 * in this process) and an SMTP server (a separate process, test/support/smtp-sink.js). Both are down when
 * the alert is raised and come up later; each must then receive the alert exactly once, the webhook with
 * a valid signature checked by the two lines the README gives receivers. Also: acknowledgement, the
 * delivery log, the audit entry, X-Request-Id and the MongoDB run of the delivery-store contract.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { freePort } from '../../scripts/lib/free-port';
import { systemClock } from '../../src/domain/ports';
import { createToken } from '../../src/flows/create-token';
import { Gateway } from '../../src/main';
import { MongoAlertAcknowledgements } from '../../src/storage/mongo-alert-acknowledgements';
import { MongoAlertDeliveryStore } from '../../src/storage/mongo-alert-delivery-store';
import { MongoTokenRepository } from '../../src/storage/mongo-token-repository';
import { alertDeliveryStoreContract } from '../contract/alert-delivery-store.contract';
import { testGatewayConfig } from '../support/gateway';
import { dropDatabaseOf, freshDatabase } from '../support/services';

const SECRET = 'test-webhook-secret-0123456789abcdef';
const REPLAY_WINDOW_SECONDS = 300;

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The webhook receiver: a real HTTP listener on a fixed port, started and stopped by the test. */
class WebhookReceiver {
  readonly received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  private server: Server | undefined;
  constructor(readonly port: number) {}
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject); // a taken port fails the test with EADDRINUSE instead of hanging it
      server.listen(this.port, '127.0.0.1', resolve);
    });
  }
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The SMTP server process; `mails` holds what it printed. */
class SmtpSink {
  readonly mails: Array<{ from: string; to: string[]; raw: string }> = [];
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}
  async start(): Promise<void> {
    const child = spawn(process.execPath, [join(__dirname, '../support/smtp-sink.js'), String(this.port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    let buffered = '';
    let listening = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('listening')) listening = true;
        else this.mails.push(JSON.parse(line) as { from: string; to: string[]; raw: string });
      }
    });
    await waitFor(
      'the SMTP server to listen',
      () => {
        if (child.exitCode !== null)
          throw new Error(`the SMTP server exited (${child.exitCode}) on port ${this.port}`);
        return listening ? true : undefined;
      },
      10_000,
    );
  }
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

let gateway: Gateway;
let webhook: WebhookReceiver;
let smtp: SmtpSink;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  webhook = new WebhookReceiver(await freePort());
  smtp = new SmtpSink(await freePort());
  const config = await testGatewayConfig('KE', {
    alertDelivery: {
      channels: [
        {
          type: 'webhook',
          name: 'ops-webhook',
          url: `http://127.0.0.1:${webhook.port}/hooks/epix`,
          secret: SECRET,
        },
        {
          type: 'smtp',
          name: 'ops-mail',
          host: '127.0.0.1',
          port: smtp.port,
          from: 'epix@ke.example',
          to: ['ops@ke.example'],
        },
      ],
      routes: [
        { kinds: ['delivery-failed'], minSeverity: 'critical', channels: ['ops-webhook', 'ops-mail'] },
      ],
      sweepIntervalMs: 150,
      requestTimeoutMs: 2000,
      retry: { initialDelayMs: 200, maxDelayMs: 800, jitter: 0 },
    },
  });
  gateway = new Gateway(config);
  await gateway.start();
  const repo = new MongoTokenRepository(gateway.mongo);
  for (const role of ['admin', 'auditor']) {
    tokens[role] = (
      await createToken(
        { tokens: repo, clock: systemClock },
        { role, name: `test ${role}`, createdBy: 'test' },
      )
    ).token;
  }
});

afterAll(async () => {
  await gateway?.close();
  await webhook?.stop();
  await smtp?.stop();
  if (gateway) await dropDatabaseOf(gateway.config.mongodbUri);
});

const api = (method: 'get' | 'post', path: string, role = 'admin'): request.Test =>
  request(gateway.apiUrl)[method](path).set('Authorization', `Bearer ${tokens[role]}`);

describe('alert delivery while the receivers are down for a while', () => {
  const alertId = 'delivery-failed:m-alert-1:12';

  test('when an alert is raised with both receivers down, then it is retried and arrives exactly once at each after they come back', async () => {
    await gateway.alerts.raise({
      kind: 'delivery-failed',
      severity: 'critical',
      subject: 'message m-alert-1',
      message: 'permit KE/2026/KE-1 to CH failed: DELIVERY_EXHAUSTED',
      key: alertId,
      details: { messageId: 'm-alert-1', partner: 'CH' },
    });
    await gateway.alerts.raise({
      kind: 'delivery-failed',
      severity: 'info',
      message: 'not routed',
      key: 'quiet-1',
    });

    // Down: at least two failed attempts per channel are logged.
    await waitFor('two failed attempts per channel', async () => {
      const { body } = await api(
        'get',
        `/api/v1/alert-deliveries?alertId=${encodeURIComponent(alertId)}`,
      ).expect(200);
      const items = body.items as Array<{ channel: string; state: string; attempts: unknown[] }>;
      return items.length === 2 && items.every((d) => d.state === 'PENDING' && d.attempts.length >= 2)
        ? items
        : undefined;
    });
    expect(webhook.received).toEqual([]);
    expect(smtp.mails).toEqual([]);

    await Promise.all([webhook.start(), smtp.start()]);
    await waitFor('both deliveries', async () => {
      const { body } = await api(
        'get',
        `/api/v1/alert-deliveries?alertId=${encodeURIComponent(alertId)}`,
      ).expect(200);
      const items = body.items as Array<{ state: string }>;
      return items.every((d) => d.state === 'DELIVERED') ? items : undefined;
    });
    await sleep(1500); // several more sweeps: nothing is sent again

    expect(webhook.received).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
    const { body } = await api('get', '/api/v1/alert-deliveries?limit=100').expect(200);
    expect((body.items as Array<{ alertId: string }>).map((d) => d.alertId)).not.toContain('quiet-1');
  });

  test('when the webhook arrives, then the signature over timestamp and raw body verifies with the shared secret and the timestamp is fresh', () => {
    const [hook] = webhook.received;
    const timestamp = String(hook!.headers['x-epix-timestamp']);
    const signature = String(hook!.headers['x-epix-signature']);
    // The receiver's two lines from the README:
    const expected = 'v1=' + createHmac('sha256', SECRET).update(`${timestamp}.${hook!.body}`).digest('hex');
    const valid =
      expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
    expect(valid).toBe(true);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(REPLAY_WINDOW_SECONDS);
    const payload = JSON.parse(hook!.body) as {
      gateway: string;
      alert: Record<string, unknown>;
      deliveryId: string;
    };
    expect(payload.gateway).toBe('KE');
    expect(payload.alert).toMatchObject({
      id: alertId,
      kind: 'delivery-failed',
      severity: 'critical',
      subject: 'message m-alert-1',
    });
    expect(hook!.headers['x-epix-delivery']).toBe(payload.deliveryId);
  });

  test('when the mail arrives, then it goes to the configured recipient and names the alert', () => {
    const [mail] = smtp.mails;
    expect(mail!.from).toBe('epix@ke.example');
    expect(mail!.to).toEqual(['ops@ke.example']);
    expect(mail!.raw).toMatch(/^Subject: \[EPIX KE\] CRITICAL delivery-failed: message m-alert-1/m);
    expect(mail!.raw).toContain('permit KE/2026/KE-1 to CH failed: DELIVERY_EXHAUSTED');
    expect(mail!.raw).toMatch(/^X-Epix-Delivery: delivery-failed:m-alert-1:12\|ops-mail/m);
  });
});

describe('acknowledgement', () => {
  const alertId = 'delivery-failed:m-ack-1:3';
  const path = `/api/v1/alerts/${encodeURIComponent(alertId)}`;

  beforeAll(async () => {
    await gateway.alerts.raise({
      kind: 'delivery-failed',
      severity: 'warning',
      message: 'ack me',
      key: alertId,
    });
  });

  test('when an administrator acknowledges an alert twice, then the first acknowledgement stays and is audited once', async () => {
    const first = await api('post', `${path}/acknowledge`).send({ note: 'partner informed' }).expect(201);
    expect(first.body).toMatchObject({
      created: true,
      acknowledgement: { alertId, by: 'test admin', note: 'partner informed' },
    });
    const again = await api('post', `${path}/acknowledge`).send({}).expect(200);
    expect(again.body).toEqual({ ...first.body, created: false });
    const shown = await api('get', path, 'auditor').expect(200);
    expect(shown.body.alert.id).toBe(alertId);
    expect(shown.body.acknowledgement).toEqual(first.body.acknowledgement);
    const audit = await api('get', '/api/v1/audit', 'auditor').expect(200);
    const entries = (audit.body.items ?? audit.body.entries ?? audit.body) as Array<{
      action: string;
      target: string;
    }>;
    expect(
      entries.filter((e) => e.action === 'alert.acknowledged' && e.target === `alert:${alertId}`),
    ).toHaveLength(1);
  });

  test('when an auditor acknowledges, then 403 FORBIDDEN; when the alert does not exist, then 404 ALERT_NOT_FOUND', async () => {
    const forbidden = await api('post', `${path}/acknowledge`, 'auditor').send({}).expect(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    const missing = await api('post', '/api/v1/alerts/no-such-alert/acknowledge').send({}).expect(404);
    expect(missing.body.error.code).toBe('ALERT_NOT_FOUND');
    const bad = await api('post', `${path}/acknowledge`).send({ note: 'x', extra: 1 }).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('request ids', () => {
  test('when a request names a plain X-Request-Id, then the answer carries it; otherwise a fresh one', async () => {
    const named = await api('get', '/api/v1/alerts').set('X-Request-Id', 'support-call-42').expect(200);
    expect(named.headers['x-request-id']).toBe('support-call-42');
    const fresh = await request(gateway.apiUrl).get('/api/v1/no-such-route').expect(404);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

alertDeliveryStoreContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('alert-delivery-contract');
  const store = new MongoAlertDeliveryStore(connection);
  await store.init();
  return { store, acknowledgements: new MongoAlertAcknowledgements(connection), cleanup: drop };
});
