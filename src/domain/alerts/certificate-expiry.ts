/**
 * Certificate-expiry alerts, computed from the certificates we hold (ours and our partners'): one alert
 * per certificate that expires within the window or has already expired and is still trusted.
 */
import type { Alert, AlertSeverity } from './alert';

export const CERTIFICATE_EXPIRY_KIND = 'certificate-expiry';

export interface WatchedCertificate {
  /** `self` for our own certificates, else the partner's country code. */
  owner: string;
  /** Our own: signing, tls-server, tls-client; a partner's: its certificate role. */
  role: string;
  fingerprint: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

const DAY_MS = 86_400_000;

/**
 * Alerts for `certificates` at `now`. Severity: `critical` once expired; `info` when another certificate
 * of the same owner and role outlives the window (the rotation is already done); otherwise `warning`.
 * `at` is when the certificate entered the window, so the alert's time does not move between calls.
 */
export function certificateExpiryAlerts(
  certificates: readonly WatchedCertificate[],
  options: { now: Date; windowDays: number },
): Alert[] {
  const windowEnd = options.now.getTime() + options.windowDays * DAY_MS;
  return certificates
    .filter((cert) => cert.notAfter.getTime() <= windowEnd)
    .map((cert) => {
      const expired = cert.notAfter.getTime() < options.now.getTime();
      const hasSuccessor = certificates.some(
        (other) =>
          other !== cert &&
          other.owner === cert.owner &&
          other.role === cert.role &&
          other.notAfter.getTime() > windowEnd,
      );
      const severity: AlertSeverity = expired ? 'critical' : hasSuccessor ? 'info' : 'warning';
      const enteredWindow = Math.max(
        cert.notBefore.getTime(),
        cert.notAfter.getTime() - options.windowDays * DAY_MS,
      );
      const daysLeft = Math.floor((cert.notAfter.getTime() - options.now.getTime()) / DAY_MS);
      const whose =
        cert.owner === 'self' ? `our ${cert.role} certificate` : `${cert.role} certificate of ${cert.owner}`;
      const when = expired
        ? `expired on ${cert.notAfter.toISOString()}`
        : `expires on ${cert.notAfter.toISOString()} (in ${daysLeft} days)`;
      return {
        id: `${CERTIFICATE_EXPIRY_KIND}:${cert.owner}:${cert.role}:${cert.fingerprint}`,
        kind: CERTIFICATE_EXPIRY_KIND,
        severity,
        subject: certificateSubject(cert),
        message: `${whose} ${cert.subject} ${when}${hasSuccessor ? '; a successor is already in place' : ''}`,
        at: new Date(enteredWindow),
        details: {
          owner: cert.owner,
          role: cert.role,
          fingerprint: cert.fingerprint,
          certificateSubject: cert.subject,
          notAfter: cert.notAfter.toISOString(),
          daysLeft,
          expired,
          hasSuccessor,
        },
      };
    });
}

/** The alert subject of a certificate: `self/certificate:<role>:<fp>` or `partner:<code>/certificate:<role>:<fp>`. */
export function certificateSubject(cert: Pick<WatchedCertificate, 'owner' | 'role' | 'fingerprint'>): string {
  const owner = cert.owner === 'self' ? 'self' : `partner:${cert.owner}`;
  return `${owner}/certificate:${cert.role}:${cert.fingerprint}`;
}
