import type { Alert } from '../../../src/domain/alerts/alert';
import { certificateExpiryNotification, notificationOf } from '../../../src/domain/alerts/alert-notification';
import { channelsFor } from '../../../src/domain/alerts/alert-routing';

const DAY = 86_400_000;
const notAfter = new Date('2026-09-01T00:00:00Z');
const expiryAlert: Alert = {
  id: 'certificate-expiry:CH:tls-ca:AB',
  kind: 'certificate-expiry',
  severity: 'warning',
  subject: 'partner:CH/certificate:tls-ca:AB',
  message: 'tls-ca certificate of CH expires soon',
  at: new Date(notAfter.getTime() - 60 * DAY), // entered the 60-day window
  details: { notAfter: notAfter.toISOString() },
};
const daysFromExpiry = (days: number): Date => new Date(notAfter.getTime() + days * DAY);

describe('certificate-expiry repeat policy (Domibus: warn 60 days ahead every 14 days, expired weekly for 90 days)', () => {
  test('when asked on the day it enters the window and 13 days later, then both are the same notification', () => {
    const first = certificateExpiryNotification(expiryAlert, daysFromExpiry(-60));
    const later = certificateExpiryNotification(expiryAlert, daysFromExpiry(-47));
    expect(first?.id).toBe('certificate-expiry:CH:tls-ca:AB@warn-0');
    expect(later?.id).toBe(first?.id);
  });

  test('when 14 and 28 days have passed in the window, then a new notification is due each time', () => {
    expect(certificateExpiryNotification(expiryAlert, daysFromExpiry(-46))?.id).toMatch(/@warn-1$/);
    expect(certificateExpiryNotification(expiryAlert, daysFromExpiry(-32))?.id).toMatch(/@warn-2$/);
  });

  test('when the certificate has expired, then it is notified weekly and no longer after 90 days', () => {
    const ids = [1, 6, 7, 13, 14, 90].map(
      (d) => certificateExpiryNotification(expiryAlert, daysFromExpiry(d))?.id,
    );
    expect(ids.map((id) => id?.split('@')[1])).toEqual([
      'expired-0',
      'expired-0',
      'expired-1',
      'expired-1',
      'expired-2',
      'expired-12',
    ]);
    expect(certificateExpiryNotification(expiryAlert, daysFromExpiry(91))).toBeNull();
  });

  test('when the alert is a stored one, then it is notified once under its own id with its content', () => {
    const stored: Alert = {
      ...expiryAlert,
      id: 'delivery-failed:m1:3',
      kind: 'delivery-failed',
      details: {},
    };
    expect(certificateExpiryNotification(stored, daysFromExpiry(30))).toEqual(notificationOf(stored));
    expect(notificationOf(stored)).toMatchObject({
      id: 'delivery-failed:m1:3',
      alertId: 'delivery-failed:m1:3',
    });
  });
});

describe('alert routes', () => {
  const routes = [
    { kinds: ['delivery-failed'], minSeverity: 'warning' as const, channels: ['ops-webhook'] },
    { minSeverity: 'critical' as const, channels: ['ops-mail', 'ops-webhook'] },
    { kinds: [], minSeverity: 'info' as const, channels: ['log-webhook'] },
  ];

  test('when an alert matches several routes, then each channel is named once in route order', () => {
    expect(channelsFor(routes, { kind: 'delivery-failed', severity: 'critical' })).toEqual([
      'ops-webhook',
      'ops-mail',
      'log-webhook',
    ]);
  });

  test('when an alert is less severe than a route asks or of another kind, then that route does not take it', () => {
    expect(channelsFor(routes, { kind: 'delivery-failed', severity: 'info' })).toEqual(['log-webhook']);
    expect(channelsFor(routes, { kind: 'certificate-expiry', severity: 'warning' })).toEqual(['log-webhook']);
    expect(channelsFor([], { kind: 'x', severity: 'critical' })).toEqual([]);
  });
});
