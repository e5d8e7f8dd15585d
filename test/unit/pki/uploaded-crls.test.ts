/**
 * CRLs uploaded by an administrator (issue 13): the upload check with each refusal's code, the directory
 * keeping them with their partner, and the revocation checker using them beside fetched CRLs (the newer
 * one wins; a certificate without a distribution point is checked against the uploads alone).
 */
import { X509Certificate } from 'node:crypto';
import { DirectorySnapshot } from '../../../src/domain/partners/directory-snapshot';
import { checkPartnerCrlUpload, type PartnerCrl } from '../../../src/domain/partners/partner-crl';
import { createDevCrl } from '../../../src/domain/pki/dev-crl';
import { createCountryPki, type CountryPki } from '../../../src/domain/pki/dev-pki';
import { RevocationChecker } from '../../../src/flows/revocation-checker';
import { createSilentLogger } from '../../../src/logging/logger';
import { InMemoryAlertStore } from '../../contract/twins/in-memory-alert-store';
import { partnerRecord } from '../partners/support/test-certificates';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number): Date => new Date(NOW.getTime() + days * DAY);

let ug: CountryPki;
let withCdp: CountryPki;
let foreign: CountryPki;

beforeAll(async () => {
  const notBefore = new Date('2026-01-01T00:00:00Z');
  [ug, withCdp, foreign] = await Promise.all([
    createCountryPki({ country: 'UG', keyType: 'ec', notBefore }),
    createCountryPki({ country: 'UG', keyType: 'ec', notBefore, crlUrl: 'http://crl.ug.example/ca.crl' }),
    createCountryPki({ country: 'UG', keyType: 'ec', notBefore }),
  ]);
}, 60_000);

const serialOf = (pem: string): string => new X509Certificate(pem).serialNumber;

function crlOf(
  pki: CountryPki,
  options: { revoked?: string[]; thisUpdate?: Date; nextUpdate?: Date } = {},
): Promise<string> {
  return createDevCrl({
    caCertPem: pki.ca.certPem,
    caKeyPem: pki.ca.keyPem,
    revoked: (options.revoked ?? []).map((pem) => ({ serialNumber: serialOf(pem), revokedAt: at(-1) })),
    thisUpdate: options.thisUpdate ?? at(-1),
    nextUpdate: options.nextUpdate ?? at(6),
  });
}

const check = (pem: string, anchors: CountryPki[] = [ug], when = NOW): Promise<PartnerCrl> =>
  checkPartnerCrlUpload(
    { pem },
    {
      partnerCode: 'UG',
      anchors: anchors.map((a) => new X509Certificate(a.ca.certPem)),
      at: when,
      by: 'admin',
    },
  );

describe('checkPartnerCrlUpload', () => {
  it("when the CRL is UG's CA's and current, then it is read with its issuer, dates, signer and count", async () => {
    const stored = await check(await crlOf(ug, { revoked: [ug.tlsClient.certPem] }));
    expect(stored).toMatchObject({
      id: `UG:${stored.sha256}`,
      partnerCode: 'UG',
      issuer: expect.stringContaining('C=UG'),
      issuerFingerprint: new X509Certificate(ug.ca.certPem).fingerprint256.replace(/:/g, '').toLowerCase(),
      thisUpdate: at(-1),
      nextUpdate: at(6),
      revokedCount: 1,
      uploadedAt: NOW,
      uploadedBy: 'admin',
    });
  });

  it('when the same CRL comes as base64 DER, then it is the same record', async () => {
    const pem = await crlOf(ug);
    const der = pem.replace(/-----[^-]+-----|\s+/g, '');
    const fromDer = await checkPartnerCrlUpload(
      { der },
      { partnerCode: 'UG', anchors: [new X509Certificate(ug.ca.certPem)], at: NOW, by: 'admin' },
    );
    expect(fromDer).toEqual(await check(pem));
  });

  it.each([
    ['a certificate, not a CRL', 'CRL_INVALID', () => Promise.resolve(ug.ca.certPem)],
    [
      'PEM armour around garbage',
      'CRL_INVALID',
      () => Promise.resolve('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----'),
    ],
    ['signed by a CA of the same name and another key', 'CRL_NOT_FROM_PARTNER_ANCHOR', () => crlOf(foreign)],
    ['past its nextUpdate', 'CRL_EXPIRED', () => crlOf(ug, { thisUpdate: at(-8), nextUpdate: at(-1) })],
    ['issued tomorrow', 'CRL_NOT_YET_VALID', () => crlOf(ug, { thisUpdate: at(1), nextUpdate: at(8) })],
  ])('when the upload is %s, then it is refused with %s', async (_what, code, make) => {
    await expect(check(await make())).rejects.toMatchObject({ code });
  });

  it("when the CRL's thisUpdate is a minute ahead of our clock, then it is accepted (clock skew)", async () => {
    const stored = await check(await crlOf(ug, { thisUpdate: new Date(NOW.getTime() + 60_000) }));
    expect(stored.thisUpdate).toEqual(new Date(NOW.getTime() + 60_000));
  });
});

describe('the directory keeps uploaded CRLs with their partner', () => {
  it('when a CRL is stored for UG, then the snapshot has it parsed under UG and its digest changes', async () => {
    const partners = [partnerRecord('UG'), partnerRecord('KE')];
    const stored = await check(await crlOf(ug, { revoked: [ug.signing.certPem] }));
    const without = new DirectorySnapshot(1, partners, []);
    const withCrl = new DirectorySnapshot(2, partners, [], [stored]);
    expect(without.findPartner('UG')?.crls).toBeUndefined();
    expect(withCrl.findPartner('UG')?.crls?.map((c) => [c.crl.entries.length, c.issuerFingerprint])).toEqual([
      [1, stored.issuerFingerprint],
    ]);
    expect(withCrl.findPartner('KE')?.crls).toBeUndefined();
    expect(withCrl.digest).not.toBe(without.digest);
    expect(without.digest).toBe(DirectorySnapshot.digestOf(partners, []));
  });
});

describe('RevocationChecker with uploaded CRLs', () => {
  function checker(
    options: { policy?: 'hard-fail' | 'soft-fail'; fetch?: () => Promise<string>; now?: Date } = {},
  ) {
    const now = () => options.now ?? NOW;
    const alerts = new InMemoryAlertStore({ now });
    const fetches: string[] = [];
    const revocation = new RevocationChecker(
      {
        fetcher: {
          fetch: async (url) => {
            fetches.push(url);
            if (!options.fetch) throw new Error('unreachable');
            return Buffer.from(await options.fetch());
          },
        },
        clock: { now },
        logger: createSilentLogger(),
        alerts,
      },
      { policy: options.policy ?? 'hard-fail', refreshIntervalMs: 60_000 },
    );
    return { revocation, alerts, fetches };
  }

  async function uploaded(pki: CountryPki, options: Parameters<typeof crlOf>[1] = {}) {
    const stored = await check(await crlOf(pki, options), [pki]);
    const snapshot = new DirectorySnapshot(1, [partnerRecord('UG')], [], [stored]);
    return snapshot.findPartner('UG')!.crls!;
  }

  const leaf = (pem: string) => new X509Certificate(pem);
  const cas = (pki: CountryPki) => [new X509Certificate(pki.ca.certPem)];

  it('when a certificate without a distribution point is listed in a current uploaded CRL, then CERT_REVOKED, without fetching', async () => {
    const { revocation, fetches } = checker();
    const crls = await uploaded(ug, { revoked: [ug.tlsClient.certPem] });
    const denial = await revocation.denialFor(
      leaf(ug.tlsClient.certPem),
      cas(ug),
      'the TLS client certificate',
      crls,
    );
    expect(denial).toMatchObject({ code: 'CERT_REVOKED' });
    expect(await revocation.denialFor(leaf(ug.signing.certPem), cas(ug), 'the signer', crls)).toBeNull();
    expect(fetches).toEqual([]);
  });

  it("when the uploaded CRL's signer is not among the partner's CAs for this role, then it does not count", async () => {
    const { revocation } = checker();
    const crls = await uploaded(ug, { revoked: [ug.tlsClient.certPem] });
    expect(
      await revocation.denialFor(
        leaf(ug.tlsClient.certPem),
        cas(foreign),
        'the TLS client certificate',
        crls,
      ),
    ).toBeNull();
  });

  it('when the only uploaded CRL is past its nextUpdate, then hard-fail refuses with CERT_REVOCATION_UNKNOWN and soft-fail lets it pass with an alert', async () => {
    const crls = await uploaded(ug, { revoked: [], nextUpdate: at(6) });
    const later = at(7);
    await expect(
      checker({ policy: 'hard-fail', now: later }).revocation.denialFor(
        leaf(ug.tlsClient.certPem),
        cas(ug),
        'the TLS client certificate',
        crls,
      ),
    ).rejects.toMatchObject({ code: 'CERT_REVOCATION_UNKNOWN' });
    const soft = checker({ policy: 'soft-fail', now: later });
    expect(
      await soft.revocation.denialFor(
        leaf(ug.tlsClient.certPem),
        cas(ug),
        'the TLS client certificate',
        crls,
      ),
    ).toBeNull();
    expect((await soft.alerts.list({ kind: 'crl-unavailable', limit: 5 })).map((a) => a.subject)).toEqual([
      expect.stringContaining('uploaded CRL of'),
    ]);
  });

  it('when a fetched CRL is older than the uploaded one, then the uploaded one decides (it lists the certificate)', async () => {
    const fetched = await crlOf(withCdp, { thisUpdate: at(-2) });
    const crls = await uploaded(withCdp, { revoked: [withCdp.tlsClient.certPem], thisUpdate: at(-1) });
    const { revocation, fetches } = checker({ fetch: () => Promise.resolve(fetched) });
    expect(
      await revocation.denialFor(
        leaf(withCdp.tlsClient.certPem),
        cas(withCdp),
        'the TLS client certificate',
        crls,
      ),
    ).toMatchObject({
      code: 'CERT_REVOKED',
    });
    expect(fetches).toEqual(['http://crl.ug.example/ca.crl']);
  });

  it('when the fetched CRL is newer than the uploaded one, then the fetched one decides', async () => {
    const fetched = await crlOf(withCdp, { revoked: [withCdp.signing.certPem], thisUpdate: at(-1) });
    const crls = await uploaded(withCdp, { revoked: [withCdp.tlsClient.certPem], thisUpdate: at(-2) });
    const { revocation } = checker({ fetch: () => Promise.resolve(fetched) });
    expect(
      await revocation.denialFor(leaf(withCdp.signing.certPem), cas(withCdp), 'the signer', crls),
    ).toMatchObject({
      code: 'CERT_REVOKED',
    });
    expect(
      await revocation.denialFor(leaf(withCdp.tlsClient.certPem), cas(withCdp), 'the TLS client', crls),
    ).toBeNull();
  });

  it('when the distribution point cannot be reached but a current CRL was uploaded, then the uploaded one decides and no alert is raised', async () => {
    const crls = await uploaded(withCdp, { revoked: [withCdp.tlsClient.certPem] });
    const { revocation, alerts, fetches } = checker({ policy: 'soft-fail' });
    expect(
      await revocation.denialFor(leaf(withCdp.tlsClient.certPem), cas(withCdp), 'the TLS client', crls),
    ).toMatchObject({
      code: 'CERT_REVOKED',
    });
    expect(
      await revocation.denialFor(leaf(withCdp.signing.certPem), cas(withCdp), 'the signer', crls),
    ).toBeNull();
    expect(fetches.length).toBeGreaterThan(0);
    expect(await alerts.list({ limit: 5 })).toEqual([]);
  });
});
