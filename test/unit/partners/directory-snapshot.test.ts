import { X509Certificate } from 'node:crypto';
import { DirectorySnapshot } from '../../../src/domain/partners/directory-snapshot';
import { identifyPartner } from '../../../src/domain/partners/identify-partner';
import { certificateState } from '../../../src/domain/partners/partner';
import {
  DAY,
  makeCa,
  makeTlsClient,
  partnerCertificate,
  partnerRecord,
  type TestCert,
} from './support/test-certificates';

const now = new Date('2026-06-01T00:00:00Z');
let oldCa: TestCert; // valid until now + 20 days
let newCa: TestCert; // valid from now - 1 day for a year: overlaps the old one
let nextCa: TestCert; // valid from now + 10 days
let chCa: TestCert;
let keClient: TestCert;
let keClientOfNewCa: TestCert;
let chClient: TestCert;
let keClientSignedByChCa: TestCert;

beforeAll(async () => {
  oldCa = await makeCa('KE', new Date(now.getTime() - 345 * DAY), 365);
  newCa = await makeCa('KE', new Date(now.getTime() - DAY), 365);
  nextCa = await makeCa('KE', new Date(now.getTime() + 10 * DAY), 365);
  chCa = await makeCa('CH', new Date(now.getTime() - 10 * DAY), 365);
  keClient = await makeTlsClient(oldCa, 'KE', new Date(now.getTime() - 10 * DAY), 25);
  keClientOfNewCa = await makeTlsClient(newCa, 'KE', new Date(now.getTime() - DAY), 300);
  chClient = await makeTlsClient(chCa, 'CH', new Date(now.getTime() - DAY), 300);
  keClientSignedByChCa = await makeTlsClient(chCa, 'KE', new Date(now.getTime() - DAY), 300);
});

const x = (cert: TestCert): X509Certificate => new X509Certificate(cert.pem);

describe('certificate state', () => {
  test('when revoked, then revoked wins over the dates', () => {
    const cert = { revoked: true, notBefore: new Date(0), notAfter: new Date(now.getTime() + DAY) };
    expect(certificateState(cert, now)).toBe('revoked');
    expect(certificateState({ ...cert, revoked: false }, now)).toBe('active');
    expect(certificateState({ ...cert, revoked: false }, new Date(now.getTime() + 2 * DAY))).toBe('expired');
    expect(certificateState({ ...cert, revoked: false }, new Date(-1))).toBe('not-yet-valid');
  });
});

describe('rotation: several certificates per role', () => {
  test('when two signing-ca certificates overlap, then both are active anchors', () => {
    const snapshot = new DirectorySnapshot(
      1,
      [partnerRecord('KE')],
      [partnerCertificate('KE', 'signing-ca', oldCa), partnerCertificate('KE', 'signing-ca', newCa)],
    );
    expect(snapshot.activeAnchors('KE', 'signing-ca', now).map((c) => c.fingerprint)).toEqual([
      oldCa.fingerprint,
      newCa.fingerprint,
    ]);
  });

  test('when the old one expires, then only the new one is active, with no reload', () => {
    const snapshot = new DirectorySnapshot(
      1,
      [partnerRecord('KE')],
      [partnerCertificate('KE', 'signing-ca', oldCa), partnerCertificate('KE', 'signing-ca', newCa)],
    );
    const later = new Date(now.getTime() + 30 * DAY);
    expect(snapshot.activeAnchors('KE', 'signing-ca', later).map((c) => c.fingerprint)).toEqual([
      newCa.fingerprint,
    ]);
  });

  test('when a certificate is uploaded ahead of time, then it becomes active at its notBefore', () => {
    const snapshot = new DirectorySnapshot(
      1,
      [partnerRecord('KE')],
      [partnerCertificate('KE', 'signing-ca', nextCa)],
    );
    expect(snapshot.activeAnchors('KE', 'signing-ca', now)).toEqual([]);
    expect(snapshot.activeAnchors('KE', 'signing-ca', new Date(now.getTime() + 11 * DAY))).toHaveLength(1);
  });

  test('when one of two anchors is revoked, then the other stays active and the revoked one is kept', () => {
    const snapshot = new DirectorySnapshot(
      1,
      [partnerRecord('KE')],
      [
        partnerCertificate('KE', 'tls-ca', oldCa, { revoked: true }),
        partnerCertificate('KE', 'tls-ca', newCa),
      ],
    );
    expect(snapshot.activeAnchors('KE', 'tls-ca', now).map((c) => c.fingerprint)).toEqual([
      newCa.fingerprint,
    ]);
    expect(snapshot.tlsServerCaPems().map((pem) => x({ pem } as TestCert).fingerprint256)).toEqual([
      x(newCa).fingerprint256,
    ]);
    expect(snapshot.findPartner('KE')?.certificates).toHaveLength(2);
  });

  test('when the partner is suspended, then it has no active anchors and its CAs leave the TLS server', () => {
    const snapshot = new DirectorySnapshot(
      1,
      [partnerRecord('KE', { status: 'suspended' })],
      [partnerCertificate('KE', 'tls-ca', newCa)],
    );
    expect(snapshot.activeAnchors('KE', 'tls-ca', now)).toEqual([]);
    expect(snapshot.tlsServerCaPems()).toEqual([]);
    expect(snapshot.trustedCertificates('KE', 'tls-ca')).toHaveLength(1);
  });

  test('when the content changes, then the digest changes; the same content gives the same digest', () => {
    const partners = [partnerRecord('KE')];
    const a = new DirectorySnapshot(1, partners, [partnerCertificate('KE', 'tls-ca', newCa)]);
    const b = new DirectorySnapshot(2, partners, [partnerCertificate('KE', 'tls-ca', newCa)]);
    const c = new DirectorySnapshot(3, partners, [
      partnerCertificate('KE', 'tls-ca', newCa, { revoked: true }),
    ]);
    expect(a.digest).toBe(b.digest);
    expect(c.digest).not.toBe(a.digest);
  });
});

describe('identifying the partner of a TLS client', () => {
  const directory = (): DirectorySnapshot =>
    new DirectorySnapshot(
      1,
      [partnerRecord('KE'), partnerRecord('CH')],
      [
        partnerCertificate('KE', 'tls-ca', oldCa),
        partnerCertificate('KE', 'tls-ca', newCa),
        partnerCertificate('CH', 'tls-ca', chCa),
      ],
    );

  test('when the client chains to an active tls-ca of its country, then the partner is identified', () => {
    const result = identifyPartner(directory(), [x(keClient), x(oldCa)], now);
    expect(result).toMatchObject({
      ok: true,
      partner: { code: 'KE' },
      anchor: { fingerprint: oldCa.fingerprint },
    });
    const leafOnly = identifyPartner(directory(), [x(chClient)], now);
    expect(leafOnly).toMatchObject({ ok: true, partner: { code: 'CH' } });
  });

  test('when a client of the rotated-in CA connects during the overlap, then it is identified too', () => {
    expect(identifyPartner(directory(), [x(keClientOfNewCa), x(newCa)], now)).toMatchObject({
      ok: true,
      anchor: { fingerprint: newCa.fingerprint },
    });
  });

  test("when the client's C= is not the partner that trusts its CA, then EXCHANGE_COUNTRY_MISMATCH", () => {
    expect(identifyPartner(directory(), [x(keClientSignedByChCa), x(chCa)], now)).toMatchObject({
      ok: false,
      code: 'EXCHANGE_COUNTRY_MISMATCH',
    });
  });

  test('when the partner is suspended, then EXCHANGE_PARTNER_INACTIVE', () => {
    const snapshot = new DirectorySnapshot(
      1,
      [partnerRecord('KE', { status: 'suspended' })],
      [partnerCertificate('KE', 'tls-ca', oldCa)],
    );
    expect(identifyPartner(snapshot, [x(keClient), x(oldCa)], now)).toMatchObject({
      ok: false,
      code: 'EXCHANGE_PARTNER_INACTIVE',
    });
  });

  test('when its tls-ca is revoked, then EXCHANGE_CLIENT_UNTRUSTED while the other anchor still works', () => {
    const snapshot = new DirectorySnapshot(
      1,
      [partnerRecord('KE')],
      [
        partnerCertificate('KE', 'tls-ca', oldCa, { revoked: true }),
        partnerCertificate('KE', 'tls-ca', newCa),
      ],
    );
    expect(identifyPartner(snapshot, [x(keClient), x(oldCa)], now)).toMatchObject({
      ok: false,
      code: 'EXCHANGE_CLIENT_UNTRUSTED',
    });
    expect(identifyPartner(snapshot, [x(keClientOfNewCa), x(newCa)], now).ok).toBe(true);
  });

  test('when tls-client leaves are pinned, then only a pinned leaf is accepted; a revoked pin is refused', () => {
    const pinned = new DirectorySnapshot(
      1,
      [partnerRecord('KE')],
      [
        partnerCertificate('KE', 'tls-ca', oldCa),
        partnerCertificate('KE', 'tls-ca', newCa),
        partnerCertificate('KE', 'tls-client', keClientOfNewCa),
      ],
    );
    expect(identifyPartner(pinned, [x(keClientOfNewCa), x(newCa)], now).ok).toBe(true);
    expect(identifyPartner(pinned, [x(keClient), x(oldCa)], now)).toMatchObject({
      ok: false,
      code: 'EXCHANGE_CLIENT_UNTRUSTED',
    });
    const revokedPin = new DirectorySnapshot(
      1,
      [partnerRecord('KE')],
      [
        partnerCertificate('KE', 'tls-ca', newCa),
        partnerCertificate('KE', 'tls-client', keClientOfNewCa, { revoked: true }),
      ],
    );
    expect(identifyPartner(revokedPin, [x(keClientOfNewCa), x(newCa)], now)).toMatchObject({
      ok: false,
      code: 'EXCHANGE_CLIENT_UNTRUSTED',
      reason: expect.stringMatching(/revoked/) as unknown,
    });
  });

  test('when the client certificate has expired, then EXCHANGE_CLIENT_UNTRUSTED', () => {
    const later = new Date(now.getTime() + 16 * DAY); // keClient ends at now + 15 days
    expect(identifyPartner(directory(), [x(keClient), x(oldCa)], later)).toMatchObject({
      ok: false,
      code: 'EXCHANGE_CLIENT_UNTRUSTED',
    });
  });

  test('when the client chains to no partner CA, or sends nothing, then EXCHANGE_CLIENT_UNTRUSTED', () => {
    const empty = new DirectorySnapshot(1, [partnerRecord('KE')], []);
    expect(identifyPartner(empty, [x(keClient), x(oldCa)], now)).toMatchObject({
      ok: false,
      code: 'EXCHANGE_CLIENT_UNTRUSTED',
    });
    expect(identifyPartner(directory(), [], now)).toMatchObject({
      ok: false,
      code: 'EXCHANGE_CLIENT_UNTRUSTED',
    });
  });
});
