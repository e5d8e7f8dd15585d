/**
 * Certificate expiry, ours and our partners': computed on demand for `GET /api/v1/alerts`, and checked
 * once a day by a watcher that logs a warning per expiring certificate and sets the Prometheus gauge.
 */
import { X509Certificate } from 'node:crypto';
import type { Gauge } from 'prom-client';
import type { OwnIdentity } from '../config/identity';
import type { Alert } from '../domain/alerts/alert';
import { certificateExpiryAlerts, type WatchedCertificate } from '../domain/alerts/certificate-expiry';
import type { PartnerRepository } from '../domain/partners/partner';
import { describeCertificate } from '../domain/pki/certificate-info';
import type { Clock } from '../domain/ports';
import type { Logger } from '../logging/logger';

export interface CertificateExpiryDeps {
  partners: Pick<PartnerRepository, 'listCertificates'>;
  /** Our own certificates (from the configuration). */
  own: readonly WatchedCertificate[];
  clock: Clock;
  windowDays: number;
}

/** Our signing and TLS certificates, and the chain certificates sent with them, once each. */
export function ownWatchedCertificates(identity: OwnIdentity): WatchedCertificate[] {
  const watched = new Map<string, WatchedCertificate>();
  const add = (role: string, pem: string): void => {
    const info = describeCertificate(new X509Certificate(pem));
    if (watched.has(info.fingerprint)) return;
    watched.set(info.fingerprint, {
      owner: 'self',
      role,
      fingerprint: info.fingerprint,
      subject: info.subject,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
    });
  };
  add('signing', identity.signing.certPem);
  add('tls-server', identity.tlsServer.certPem);
  add('tls-client', identity.tlsClient.certPem);
  for (const pem of identity.signing.chainPems) add('signing-chain', pem);
  for (const pem of [...identity.tlsServer.chainPems, ...identity.tlsClient.chainPems]) add('tls-chain', pem);
  return [...watched.values()];
}

/** Expiry alerts now: every non-revoked partner certificate and every own certificate in the window. */
export async function certificateExpiryAlertsNow(deps: CertificateExpiryDeps): Promise<Alert[]> {
  const partnerCerts: WatchedCertificate[] = (await deps.partners.listCertificates())
    .filter((c) => !c.revoked)
    .map((c) => ({
      owner: c.partnerCode,
      role: c.role,
      fingerprint: c.fingerprint,
      subject: c.subject,
      notBefore: c.notBefore,
      notAfter: c.notAfter,
    }));
  return certificateExpiryAlerts([...deps.own, ...partnerCerts], {
    now: deps.clock.now(),
    windowDays: deps.windowDays,
  });
}

export interface CertificateExpiryWatcherDeps extends CertificateExpiryDeps {
  logger: Logger;
  gauge: Gauge<'owner' | 'role'>;
}

const DAY_MS = 86_400_000;

/** Checks at start and then every `intervalMs` (a day by default); `close()` stops it. */
export class CertificateExpiryWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly deps: CertificateExpiryWatcherDeps,
    private readonly intervalMs = DAY_MS,
  ) {
    if (!(intervalMs > 0)) throw new Error('CertificateExpiryWatcher: intervalMs must be positive');
  }

  start(): void {
    if (this.timer) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One check: sets the gauge to the count per owner and role, logs one warning per certificate. */
  async check(): Promise<Alert[]> {
    const alerts = await certificateExpiryAlertsNow(this.deps);
    this.deps.gauge.reset();
    const counts = new Map<string, { owner: string; role: string; count: number }>();
    for (const alert of alerts) {
      const owner = String(alert.details.owner);
      const role = String(alert.details.role);
      const entry = counts.get(`${owner}|${role}`) ?? { owner, role, count: 0 };
      entry.count += 1;
      counts.set(`${owner}|${role}`, entry);
      this.deps.logger.warn('certificate expiring', {
        alert: alert.kind,
        severity: alert.severity,
        subject: alert.subject,
        text: alert.message,
        owner,
        role,
        fingerprint: alert.details.fingerprint,
        notAfter: alert.details.notAfter,
        daysLeft: alert.details.daysLeft,
      });
    }
    for (const { owner, role, count } of counts.values()) this.deps.gauge.set({ owner, role }, count);
    return alerts;
  }

  private tick(): void {
    this.running = this.check().catch((error: unknown) => {
      this.deps.logger.error('certificate expiry check failed', { error: (error as Error).message });
    });
  }
}
