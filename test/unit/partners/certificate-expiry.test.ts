import {
  certificateExpiryAlerts,
  type WatchedCertificate,
} from '../../../src/domain/alerts/certificate-expiry';
import { sortAlerts, type Alert } from '../../../src/domain/alerts/alert';

const DAY = 86_400_000;
const now = new Date('2026-06-01T00:00:00Z');

function watched(
  owner: string,
  role: string,
  daysLeft: number,
  fingerprint = `${owner}${role}${daysLeft}`,
): WatchedCertificate {
  return {
    owner,
    role,
    fingerprint,
    subject: `CN=${owner} ${role}`,
    notBefore: new Date(now.getTime() - 300 * DAY),
    notAfter: new Date(now.getTime() + daysLeft * DAY),
  };
}

describe('certificate-expiry alerts', () => {
  test('when a certificate expires inside the window, then one warning names it, its owner and days left', () => {
    const alerts = certificateExpiryAlerts([watched('KE', 'tls-ca', 30), watched('KE', 'signing-ca', 90)], {
      now,
      windowDays: 60,
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'certificate-expiry',
      severity: 'warning',
      subject: 'partner:KE/certificate:tls-ca:KEtls-ca30',
      details: { owner: 'KE', role: 'tls-ca', daysLeft: 30, expired: false, hasSuccessor: false },
    });
    expect(alerts[0]!.message).toMatch(/tls-ca certificate of KE CN=KE tls-ca expires on .* \(in 30 days\)/);
  });

  test('when the window is wider, then more certificates are included (the window is configurable)', () => {
    const certs = [watched('KE', 'tls-ca', 30), watched('KE', 'signing-ca', 90)];
    expect(certificateExpiryAlerts(certs, { now, windowDays: 100 })).toHaveLength(2);
  });

  test('when a certificate has already expired, then the alert is critical', () => {
    const [alert] = certificateExpiryAlerts([watched('self', 'signing', -2)], { now, windowDays: 60 });
    expect(alert).toMatchObject({ severity: 'critical', subject: 'self/certificate:signing:selfsigning-2' });
    expect(alert!.message).toMatch(/^our signing certificate .* expired on/);
  });

  test('when a successor of the same owner and role outlives the window, then the alert is only info', () => {
    const alerts = certificateExpiryAlerts([watched('KE', 'tls-ca', 10), watched('KE', 'tls-ca', 400)], {
      now,
      windowDays: 60,
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'info', details: { hasSuccessor: true } });
  });

  test('when asked twice at different times, then the alert keeps its id and time (it entered the window once)', () => {
    const cert = watched('KE', 'tls-ca', 30);
    const [first] = certificateExpiryAlerts([cert], { now, windowDays: 60 });
    const [second] = certificateExpiryAlerts([cert], {
      now: new Date(now.getTime() + 5 * DAY),
      windowDays: 60,
    });
    expect(second!.id).toBe(first!.id);
    expect(second!.at).toEqual(first!.at);
    expect(first!.at).toEqual(new Date(cert.notAfter.getTime() - 60 * DAY));
  });

  test('when alerts are sorted, then the newest comes first and at equal times the most severe', () => {
    const at = new Date(now);
    const base = { kind: 'x', subject: 's', message: 'm', details: {} };
    const alerts: Alert[] = [
      { ...base, id: 'a', severity: 'info', at },
      { ...base, id: 'b', severity: 'critical', at },
      { ...base, id: 'c', severity: 'warning', at: new Date(now.getTime() + 1) },
    ];
    expect(sortAlerts(alerts).map((a) => a.id)).toEqual(['c', 'b', 'a']);
  });
});
