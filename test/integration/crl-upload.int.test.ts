/**
 * Issue 13: CRLs uploaded by an administrator, for a partner whose certificates name no CRL distribution
 * point. Over the real servers: CH's gateway (MongoDB-compatible server, RabbitMQ, mutual TLS), Uganda (UG)
 * as its partner with a development PKI made without `--crl-url`. UG's CA revokes with `epix pki revoke`
 * (the real binary), an administrator uploads the CRL with `epix partner crl upload` (the real binary,
 * through the API), and UG's next request is refused with CERT_REVOKED, on this instance and on a second one
 * started on the same database. CRLs that are not UG's, not current or not CRLs are refused with their
 * codes and change nothing stored. Every upload is audited.
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCountryPki } from '../../src/cli/pki-command';
import { createDevCrl } from '../../src/domain/pki/dev-crl';
import { createCountryPki } from '../../src/domain/pki/dev-pki';
import { crlDistributionUrls } from '../../src/domain/pki/crl';
import { x509 } from '../../src/domain/pki/x509';
import { crlListResponseSchema, crlUploadResponseSchema } from '../../src/transport/partner-crl-routes';
import { toPermitXml } from '../../src/domain/xml/permit-xml';
import { createSilentLogger } from '../../src/logging/logger';
import { Gateway } from '../../src/main';
import { isoDay, samplePermit } from '../../scripts/lib/sample-permits';
import { craftEnvelope, postExchange, receiptField, signerOf } from '../support/crafted-exchange';
import { testPki } from '../support/pki';
import { dropDatabaseOf, freshDatabase } from '../support/services';
import { MongoPartnerCrlStore } from '../../src/storage/mongo-partner-crl-store';
import { partnerCrlStoreContract } from '../contract/partner-crl-store.contract';
import { onboard, startCountry, type TestCountry } from '../support/two-countries';
import { runEpixBinary } from '../unit/signing/support/cli';

// Each CLI run is a fresh node process (about a second of CPU): allow for a loaded machine.
const CLI_TIMEOUT = 180_000;

interface CrlView {
  id: string;
  issuer: string;
  issuerFingerprint: string;
  thisUpdate: string;
  nextUpdate?: string;
  revokedCount: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  stale: boolean;
}

describe('CRLs uploaded by an administrator', () => {
  let ch: TestCountry;
  let ug: Awaited<ReturnType<typeof testPki>>;
  const work = mkdtempSync(path.join(tmpdir(), 'epix-crl-upload-'));

  beforeAll(async () => {
    ug = await testPki('UG');
    ch = await startCountry('CH');
    await onboard(ch, { country: 'UG', exchangeUrl: 'https://127.0.0.1:9/' });
  }, 60_000);

  afterAll(async () => {
    await ch?.gateway.close();
    if (ch) await dropDatabaseOf(ch.gateway.config.mongodbUri);
  });

  const admin = () => `Bearer ${ch.tokens.admin}`;
  const withApi = (): string[] => ['--api', ch.gateway.apiUrl, '--token', ch.tokens.admin];
  const cli = async (args: string[]) => runEpixBinary(args);
  /** `epix partner crl upload` of a file for UG, at CH's API as its administrator. */
  const uploadCrl = (file: string) =>
    cli(['partner', 'crl', 'upload', '--partner', 'UG', '--file', file, ...withApi()]);
  const listed = async (): Promise<CrlView[]> => {
    const res = await ch.api().get('/api/v1/partners/UG/crls').set('Authorization', admin());
    expect(res.status).toBe(200);
    return (res.body as { items: CrlView[] }).items;
  };
  const crlAudit = async () => {
    const res = await ch.api().get('/api/v1/audit?limit=1000').set('Authorization', admin());
    const items = (
      res.body as { items: Array<{ action: string; outcome?: string; target: string; after: unknown }> }
    ).items;
    return items.filter((e) => e.action === 'partner-crl.uploaded');
  };

  async function ugPermitMessage(): Promise<string> {
    const today = new Date();
    const base = samplePermit();
    const permit = samplePermit({
      issuingCountry: 'UG',
      permitNumber: `UG-${randomUUID().slice(0, 8)}`,
      exporter: { ...base.exporter, address: { ...base.exporter.address, country: 'UG' } },
      issueDate: isoDay(today),
      validFrom: isoDay(today),
      validUntil: isoDay(today, 90),
    });
    const signer = await signerOf('UG');
    return craftEnvelope(
      signer,
      {
        from: 'UG',
        to: 'CH',
        documentType: 'permit',
        permitKey: `UG/${permit.issueDate.slice(0, 4)}/${permit.permitNumber}`,
      },
      { kind: 'permit', signedPermitXml: await signer.sign(toPermitXml(permit)) },
    );
  }

  it("when UG's certificates are read, then none names a CRL distribution point (only an upload can revoke them)", () => {
    for (const pem of [ug.pki.tlsClient.certPem, ug.pki.signing.certPem]) {
      expect(crlDistributionUrls(new X509Certificate(pem))).toEqual([]);
    }
  });

  it('when nothing was uploaded, then a UG message over mutual TLS is accepted', async () => {
    const res = await postExchange(ch, 'UG', await ugPermitMessage());
    expect({ status: res.status, receipt: receiptField(res.body, 'Status') }).toEqual({
      status: 200,
      receipt: 'ACCEPTED',
    });
  });

  it(
    'when an administrator uploads a CRL signed by a foreign CA (same name, other key), then the CLI exits 1 with CRL_NOT_FROM_PARTNER_ANCHOR, nothing is stored and the failure is audited',
    async () => {
      const foreignDir = path.join(work, 'foreign-UG');
      await writeCountryPki(
        await createCountryPki({ country: 'UG', notBefore: new Date(Date.now() - 3_600_000) }),
        foreignDir,
      );
      const crl = await cli(['pki', 'crl', '--dir', foreignDir, '--days', '7']);
      expect(crl.exitCode).toBe(0);
      const { crlFile } = JSON.parse(crl.stdout) as { crlFile: string };

      const upload = await uploadCrl(crlFile);

      expect(upload.exitCode).toBe(1);
      expect(JSON.parse(upload.stderr)).toMatchObject({ code: 'CRL_NOT_FROM_PARTNER_ANCHOR' });
      expect(await listed()).toEqual([]);
      expect(await crlAudit()).toEqual([
        expect.objectContaining({
          outcome: 'failure',
          target: 'partner:UG/crl',
          after: expect.objectContaining({ error: 'CRL_NOT_FROM_PARTNER_ANCHOR' }),
        }),
      ]);
      const res = await postExchange(ch, 'UG', await ugPermitMessage());
      expect(receiptField(res.body, 'Status')).toBe('ACCEPTED');
    },
    CLI_TIMEOUT,
  );

  it('when the upload is not a CRL, is past its nextUpdate or not yet valid, then each is refused with its code and nothing is stored', async () => {
    const ugCrl = (thisUpdate: Date, nextUpdate: Date) =>
      createDevCrl({
        caCertPem: ug.pki.ca.certPem,
        caKeyPem: ug.pki.ca.keyPem,
        revoked: [],
        thisUpdate,
        nextUpdate,
      });
    const day = 86_400_000;
    const cases: Array<[string, object, number, string]> = [
      [
        'garbage PEM',
        { pem: '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n' },
        400,
        'CRL_INVALID',
      ],
      ['a certificate', { pem: ug.pki.ca.certPem }, 400, 'CRL_INVALID'],
      ['base64 that is no DER', { der: Buffer.from('not a crl').toString('base64') }, 400, 'CRL_INVALID'],
      [
        'expired',
        { pem: await ugCrl(new Date(Date.now() - 10 * day), new Date(Date.now() - day)) },
        422,
        'CRL_EXPIRED',
      ],
      [
        'issued tomorrow',
        { pem: await ugCrl(new Date(Date.now() + day), new Date(Date.now() + 8 * day)) },
        422,
        'CRL_NOT_YET_VALID',
      ],
      ['both forms', { pem: 'x', der: 'eA==' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [what, body, status, code] of cases) {
      const res = await ch.api().post('/api/v1/partners/UG/crls').set('Authorization', admin()).send(body);
      expect({
        what,
        status: res.status,
        code: (res.body as { error: { code: string } }).error.code,
      }).toEqual({
        what,
        status,
        code,
      });
    }
    const unknown = await ch
      .api()
      .post('/api/v1/partners/ZA/crls')
      .set('Authorization', admin())
      .send({ pem: await ugCrl(new Date(), new Date(Date.now() + day)) });
    expect(unknown.status).toBe(404);
    expect(await listed()).toEqual([]);
  });

  it(
    "when UG's CA revokes its signing certificate (epix pki revoke) and an administrator uploads the CRL (epix partner crl upload), then UG's next message is REJECTED with CERT_REVOKED",
    async () => {
      const revoked = await cli(['pki', 'revoke', '--dir', ug.dir, '--cert', ug.files.signingCert!]);
      expect(revoked.exitCode).toBe(0);
      const { crlFile } = JSON.parse(revoked.stdout) as { crlFile: string };

      const upload = await uploadCrl(crlFile);

      expect(upload.exitCode).toBe(0);
      const uploaded = JSON.parse(upload.stdout) as { created: boolean; crl: CrlView };
      expect(crlUploadResponseSchema.safeParse(uploaded).error).toBeUndefined();
      expect(uploaded).toMatchObject({
        created: true,
        crl: {
          issuer: new x509.X509Certificate(ug.pki.ca.certPem).subject,
          revokedCount: 1,
          uploadedBy: 'test admin',
          stale: false,
        },
      });
      const res = await postExchange(ch, 'UG', await ugPermitMessage());
      expect({
        status: res.status,
        receipt: receiptField(res.body, 'Status'),
        code: receiptField(res.body, 'Code'),
      }).toEqual({ status: 422, receipt: 'REJECTED', code: 'CERT_REVOKED' });
    },
    CLI_TIMEOUT,
  );

  it(
    'when the same CRL is uploaded again, then it answers 200 created: false and nothing changes',
    async () => {
      const before = await listed();
      const again = await uploadCrl(path.join(ug.dir, 'ca.crl.pem'));
      expect(again.exitCode).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: false, crl: { id: before[0]!.id } });
      expect(await listed()).toEqual(before);
    },
    CLI_TIMEOUT,
  );

  it(
    "when UG's CA then revokes its TLS client certificate and the newer CRL is uploaded as DER, then UG's next request is refused with 403 CERT_REVOKED",
    async () => {
      const revoked = await cli(['pki', 'revoke', '--dir', ug.dir, '--cert', ug.files.tlsClientCert!]);
      expect(revoked.exitCode).toBe(0);
      const { crlFile } = JSON.parse(revoked.stdout) as { crlFile: string };
      const derFile = path.join(work, 'ug.crl.der');
      const pem = readFileSync(crlFile, 'utf8');
      writeFileSync(derFile, Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64'));

      const upload = await uploadCrl(derFile);

      expect(upload.exitCode).toBe(0);
      expect(JSON.parse(upload.stdout)).toMatchObject({ created: true, crl: { revokedCount: 2 } });
      const res = await postExchange(ch, 'UG', '<x/>');
      expect(res.status).toBe(403);
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('CERT_REVOKED');
    },
    CLI_TIMEOUT,
  );

  it(
    'when the uploads are listed (epix partner crl list, and an auditor over the API), then each shows issuer, dates, revoked count and who uploaded it, newest first',
    async () => {
      const list = await cli(['partner', 'crl', 'list', '--partner', 'UG', ...withApi()]);
      expect(list.exitCode).toBe(0);
      const items = (JSON.parse(list.stdout) as { items: CrlView[] }).items;
      expect(items.map((c) => c.revokedCount)).toEqual([2, 1]);
      for (const item of items) {
        expect(item).toEqual({
          id: expect.stringMatching(/^UG:[0-9a-f]{64}$/),
          partnerCode: 'UG',
          issuer: expect.stringContaining('C=UG'),
          issuerFingerprint: new X509Certificate(ug.pki.ca.certPem).fingerprint256
            .replace(/:/g, '')
            .toLowerCase(),
          thisUpdate: expect.any(String),
          nextUpdate: expect.any(String),
          revokedCount: expect.any(Number),
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          uploadedBy: 'test admin',
          uploadedAt: expect.any(String),
          stale: false,
        });
      }
      const auditor = await ch
        .api()
        .get('/api/v1/partners/UG/crls')
        .set('Authorization', `Bearer ${ch.tokens.auditor}`);
      expect(auditor.status).toBe(200);
      expect(crlListResponseSchema.safeParse(auditor.body).error).toBeUndefined();
      expect((auditor.body as { items: CrlView[] }).items).toEqual(items);
      const issuer = await ch
        .api()
        .get('/api/v1/partners/UG/crls')
        .set('Authorization', `Bearer ${ch.tokens.issuer}`);
      expect(issuer.status).toBe(403);
      expect((await crlAudit()).map((e) => [e.outcome, e.target])).toEqual(
        expect.arrayContaining([
          ['success', `partner:UG/crl:${items[0]!.sha256}`],
          ['success', `partner:UG/crl:${items[1]!.sha256}`],
        ]),
      );
    },
    CLI_TIMEOUT,
  );

  it('when a second instance starts on the same database, then it refuses the revoked TLS client too (the upload is stored, not held in memory)', async () => {
    const second = new Gateway(ch.gateway.config, { logger: createSilentLogger() });
    await second.start();
    try {
      const res = await postExchange({ country: 'CH', gateway: second }, 'UG', '<x/>');
      expect(res.status).toBe(403);
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('CERT_REVOKED');
    } finally {
      await second.close();
    }
  }, 60_000);
});

partnerCrlStoreContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('partnercrls');
  const store = new MongoPartnerCrlStore(connection);
  await store.init();
  return { store, cleanup: drop };
});
