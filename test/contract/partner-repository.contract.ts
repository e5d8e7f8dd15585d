/** What every PartnerRepository must do; run against the in-memory twin here and MongoDB in integration. */
import { GatewayError } from '../../src/domain/errors';
import type { PartnerCertificate, PartnerRepository } from '../../src/domain/partners/partner';
import { partnerRecord } from '../unit/partners/support/test-certificates';

function certificate(code: string, n: number, extra: Partial<PartnerCertificate> = {}): PartnerCertificate {
  return {
    partnerCode: code,
    role: 'tls-ca',
    fingerprint: n.toString(16).padStart(64, '0'),
    subject: `CN=CA ${n}, C=${code}`,
    issuer: `CN=CA ${n}, C=${code}`,
    serialNumber: n.toString(16),
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    keyType: 'ec',
    keySize: 256,
    curve: 'P-256',
    isCa: true,
    keyUsage: ['keyCertSign', 'cRLSign'],
    extendedKeyUsage: [],
    subjectCountries: [code],
    pem: `-----BEGIN CERTIFICATE-----\n${n}\n-----END CERTIFICATE-----\n`,
    addedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
    addedBy: 'admin',
    revoked: false,
    ...extra,
  };
}

export function partnerRepositoryContract(
  name: string,
  create: () => Promise<{ repository: PartnerRepository; cleanup: () => Promise<void> }>,
): void {
  describe(`PartnerRepository contract: ${name}`, () => {
    let repository: PartnerRepository;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ repository, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when a partner is inserted, then it is found and listed by code with every field', async () => {
      await repository.insertPartner(partnerRecord('KE', { status: 'pending' }));
      await repository.insertPartner(partnerRecord('CH'));
      expect(await repository.findPartner('KE')).toEqual(partnerRecord('KE', { status: 'pending' }));
      expect((await repository.listPartners()).map((p) => p.code)).toEqual(['CH', 'KE']);
      expect(await repository.findPartner('US')).toBeNull();
    });

    test('when a partner code is inserted twice, then PARTNER_EXISTS', async () => {
      await repository.insertPartner(partnerRecord('KE'));
      await expect(repository.insertPartner(partnerRecord('KE'))).rejects.toMatchObject({
        code: 'PARTNER_EXISTS',
      } satisfies Partial<GatewayError>);
    });

    test('when a partner is updated, then only the given fields and the update stamp change', async () => {
      await repository.insertPartner(partnerRecord('KE'));
      const at = new Date('2026-02-02T00:00:00Z');
      const updated = await repository.updatePartner(
        'KE',
        { status: 'suspended', allowedDocumentTypes: ['export'] },
        { updatedAt: at, updatedBy: 'ops' },
      );
      expect(updated).toEqual({
        ...partnerRecord('KE'),
        status: 'suspended',
        allowedDocumentTypes: ['export'],
        updatedAt: at,
        updatedBy: 'ops',
      });
      expect(await repository.findPartner('KE')).toEqual(updated);
      expect(
        await repository.updatePartner('US', { name: 'x' }, { updatedAt: at, updatedBy: 'ops' }),
      ).toBeNull();
    });

    test('when the same certificate is inserted concurrently, then it is stored once', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => repository.insertCertificate(certificate('KE', 1))),
      );
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(results.filter((r) => r === 'exists')).toHaveLength(4);
      expect(await repository.listCertificates('KE')).toEqual([certificate('KE', 1)]);
    });

    test('when one certificate is stored under two roles and for two partners, then each is its own record', async () => {
      await repository.insertCertificate(certificate('KE', 1));
      await repository.insertCertificate(certificate('KE', 1, { role: 'signing-ca' }));
      await repository.insertCertificate(certificate('CH', 1));
      expect((await repository.listCertificates('KE')).map((c) => c.role).sort()).toEqual([
        'signing-ca',
        'tls-ca',
      ]);
      expect(await repository.listCertificates()).toHaveLength(3);
      expect(await repository.findCertificate('KE', 'signing-ca', certificate('KE', 1).fingerprint)).toEqual(
        certificate('KE', 1, { role: 'signing-ca' }),
      );
      expect(await repository.findCertificate('KE', 'signing', certificate('KE', 1).fingerprint)).toBeNull();
    });

    test('when certificates are listed, then they come in upload order', async () => {
      await repository.insertCertificate(certificate('KE', 3));
      await repository.insertCertificate(certificate('KE', 1));
      await repository.insertCertificate(certificate('KE', 2));
      expect((await repository.listCertificates('KE')).map((c) => c.serialNumber)).toEqual(['1', '2', '3']);
    });

    test('when a certificate is revoked concurrently, then one call revokes it and the record is kept, marked revoked', async () => {
      await repository.insertCertificate(certificate('KE', 1));
      await repository.insertCertificate(certificate('KE', 2));
      const at = new Date('2026-03-03T00:00:00Z');
      const fp = certificate('KE', 1).fingerprint;
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          repository.revokeCertificate('KE', 'tls-ca', fp, { revokedAt: at, revokedBy: `admin ${i}` }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const revoked = await repository.findCertificate('KE', 'tls-ca', fp);
      expect(revoked).toMatchObject({
        revoked: true,
        revokedAt: at,
        revokedBy: expect.stringMatching(/^admin \d$/) as unknown,
      });
      const listed = await repository.listCertificates('KE');
      expect(listed.map((c) => [c.serialNumber, c.revoked])).toEqual([
        ['1', true],
        ['2', false],
      ]);
    });
  });
}
