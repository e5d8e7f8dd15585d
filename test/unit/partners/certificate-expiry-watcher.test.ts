import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import { Gauge, Registry } from 'prom-client';
import winston from 'winston';
import type { WatchedCertificate } from '../../../src/domain/alerts/certificate-expiry';
import type { Clock } from '../../../src/domain/ports';
import { listAlerts } from '../../../src/flows/list-alerts';
import {
  CertificateExpiryWatcher,
  certificateExpiryAlertsNow,
} from '../../../src/flows/watch-certificate-expiry';
import { createLogger } from '../../../src/logging/logger';
import { InMemoryAlertStore } from '../../contract/twins/in-memory-alert-store';
import { InMemoryPartnerRepository } from '../../contract/twins/in-memory-partner-repository';
import { DAY, makeCa, partnerCertificate, type TestCert } from './support/test-certificates';

const now = new Date('2026-06-01T00:00:00Z');
const clock: Clock = { now: () => new Date(now) };
let soon: TestCert; // expires in 20 days
let later: TestCert; // expires in 200 days
let gone: TestCert; // expired 5 days ago

beforeAll(async () => {
  soon = await makeCa('CH', new Date(now.getTime() - 345 * DAY), 365);
  later = await makeCa('CH', new Date(now.getTime() - 165 * DAY), 365);
  gone = await makeCa('CH', new Date(now.getTime() - 370 * DAY), 365);
});

const own: WatchedCertificate = {
  owner: 'self',
  role: 'signing',
  fingerprint: 'f'.repeat(64),
  subject: 'CN=EPIX document signing KE',
  notBefore: new Date(now.getTime() - 300 * DAY),
  notAfter: new Date(now.getTime() + 40 * DAY),
};

async function setup(): Promise<{
  watcher: (intervalMs?: number) => CertificateExpiryWatcher;
  registry: Registry;
  lines: () => Array<Record<string, unknown>>;
  partners: InMemoryPartnerRepository;
}> {
  const partners = new InMemoryPartnerRepository();
  await partners.insertCertificate(partnerCertificate('CH', 'tls-ca', soon));
  await partners.insertCertificate(partnerCertificate('CH', 'signing-ca', later));
  await partners.insertCertificate(partnerCertificate('CH', 'signing-ca', gone, { revoked: true }));
  const registry = new Registry();
  const gauge = new Gauge({
    name: 'epix_certificates_expiring',
    help: 'test',
    labelNames: ['owner', 'role'],
    registers: [registry],
  });
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ transports: [new winston.transports.Stream({ stream })] });
  return {
    partners,
    registry,
    lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>),
    watcher: (intervalMs) =>
      new CertificateExpiryWatcher(
        { partners, own: [own], clock, windowDays: 60, logger, gauge },
        intervalMs,
      ),
  };
}

describe('certificate expiry watcher', () => {
  test('when it checks, then it logs one warning per expiring certificate and sets the gauge per owner and role', async () => {
    const { watcher, registry, lines } = await setup();
    const alerts = await watcher().check();
    expect(alerts.map((a) => a.subject).sort()).toEqual(
      [
        `partner:CH/certificate:tls-ca:${soon.fingerprint}`,
        `self/certificate:signing:${own.fingerprint}`,
      ].sort(),
    );
    const warnings = lines().filter((l) => l.message === 'certificate expiring');
    expect(warnings).toHaveLength(2);
    expect(warnings.every((l) => l.level === 'warn')).toBe(true);
    expect(warnings.find((l) => l.owner === 'CH')).toMatchObject({ role: 'tls-ca', daysLeft: 20 });
    const metrics = await registry.getSingleMetricAsString('epix_certificates_expiring');
    expect(metrics).toContain('epix_certificates_expiring{owner="CH",role="tls-ca"} 1');
    expect(metrics).toContain('epix_certificates_expiring{owner="self",role="signing"} 1');
    expect(metrics).not.toContain('signing-ca'); // later is outside the window, gone is revoked
  });

  test('when a certificate leaves the window (revoked), then its gauge series is dropped at the next check', async () => {
    const { watcher, registry, partners } = await setup();
    const w = watcher();
    await w.check();
    await partners.revokeCertificate('CH', 'tls-ca', soon.fingerprint, {
      revokedAt: now,
      revokedBy: 'admin',
    });
    await w.check();
    expect(await registry.getSingleMetricAsString('epix_certificates_expiring')).not.toContain('owner="CH"');
  });

  test('when started, then it checks at once and again every interval until closed', async () => {
    const { watcher, lines } = await setup();
    const w = watcher(40);
    w.start();
    await sleep(150);
    await w.close();
    const checks = lines().filter((l) => l.message === 'certificate expiring').length / 2;
    expect(checks).toBeGreaterThanOrEqual(2);
    const after = lines().length;
    await sleep(100);
    expect(lines().length).toBe(after);
  });

  test('when alerts are listed, then expiry alerts and stored alerts come together, newest first, filtered by kind', async () => {
    const { partners } = await setup();
    const store = new InMemoryAlertStore(clock);
    await store.raise({
      kind: 'delivery-failed',
      severity: 'critical',
      subject: 'message:m1',
      message: 'delivery failed',
      at: now,
    });
    const deps = {
      store,
      certificateExpiry: () => certificateExpiryAlertsNow({ partners, own: [own], clock, windowDays: 60 }),
    };
    const all = await listAlerts(deps, { limit: 10 });
    expect(all.map((a) => a.kind)).toEqual(['delivery-failed', 'certificate-expiry', 'certificate-expiry']);
    expect((await listAlerts(deps, { kind: 'certificate-expiry', limit: 10 })).map((a) => a.kind)).toEqual([
      'certificate-expiry',
      'certificate-expiry',
    ]);
    expect(await listAlerts(deps, { kind: 'delivery-failed', limit: 10 })).toHaveLength(1);
    expect(await listAlerts(deps, { limit: 1 })).toHaveLength(1);
  });
});
