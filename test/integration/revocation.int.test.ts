/**
 * Issue 13, point 4: certificate revocation by CRL, over real interfaces. Uganda (UG) is a partner of CH
 * whose development PKI (`epix pki init --crl-url`) names a CRL distribution point on a real local HTTP
 * server; `epix pki revoke` revokes its certificates and writes the CRL the server hands out. CH's gateway
 * fetches it, keeps it, refreshes it on its schedule, and refuses a revoked signer (REJECTED receipt) and
 * a revoked TLS client certificate (403) with CERT_REVOKED. The unavailable/stale policy is checked on
 * the checker itself against the same HTTP server.
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { revokeDevCertificate, writeDevCrl } from '../../src/cli/pki-revocation-command';
import { writeCountryPki } from '../../src/cli/pki-command';
import { isGatewayError } from '../../src/domain/errors';
import { createCountryPki, type CountryPki } from '../../src/domain/pki/dev-pki';
import { toPermitXml } from '../../src/domain/xml/permit-xml';
import { RevocationChecker } from '../../src/flows/revocation-checker';
import { createSilentLogger } from '../../src/logging/logger';
import { HttpCrlFetcher } from '../../src/transport/http-crl-fetcher';
import { isoDay, samplePermit, verificationByKey } from '../../scripts/lib/sample-permits';
import type { Permit } from '../../src/domain/permit/permit';
import { InMemoryAlertStore } from '../contract/twins/in-memory-alert-store';
import { craftEnvelope, postExchange, receiptField, signerOf } from '../support/crafted-exchange';
import { dropDatabaseOf } from '../support/services';
import { startCountry, type TestCountry } from '../support/two-countries';

const REFRESH_MS = 300;

/** A real HTTP server for the CRLs under `root`; `mode` makes it answer 503 instead. */
async function startCrlServer(root: string) {
  let mode: 'serve' | 'down' = 'serve';
  let gets = 0;
  const server: Server = createServer((req, res) => {
    gets += 1;
    if (mode === 'down') return void res.writeHead(503).end();
    try {
      const body = readFileSync(path.join(root, path.normalize(req.url ?? '/').replace(/^(\.\.[/\\])+/, '')));
      res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    gets: () => gets,
    setMode: (next: 'serve' | 'down') => (mode = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('certificate revocation by CRL', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'epix-crl-'));
  const dir = path.join(root, 'UG');
  let crlServer: Awaited<ReturnType<typeof startCrlServer>>;
  let ug: CountryPki;
  let files: Record<string, string>;
  let ch: TestCountry;

  beforeAll(async () => {
    crlServer = await startCrlServer(root);
    ug = await createCountryPki({
      country: 'UG',
      notBefore: new Date(Date.now() - 3_600_000),
      validDays: 30,
      crlUrl: `${crlServer.base}/UG/ca.crl.pem`,
    });
    files = await writeCountryPki(ug, dir);
    await writeDevCrl({ dir, days: 7, now: new Date(Date.now() - 60_000) });
    ch = await startCountry('CH', { revocation: { refreshIntervalMs: REFRESH_MS } });
    const auth = `Bearer ${ch.tokens.admin}`;
    const created = await ch
      .api()
      .post('/api/v1/partners')
      .set('Authorization', auth)
      .send({ code: 'UG', name: 'UG MA', endpointUrl: 'https://127.0.0.1:9/', timeoutMs: 5000 });
    expect(created.status).toBe(201);
    for (const role of ['tls-ca', 'signing-ca']) {
      const added = await ch
        .api()
        .post('/api/v1/partners/UG/certificates')
        .set('Authorization', auth)
        .send({ role, pem: ug.ca.certPem });
      expect(added.status).toBe(201);
    }
    const active = await ch
      .api()
      .patch('/api/v1/partners/UG')
      .set('Authorization', auth)
      .send({ status: 'active' });
    expect(active.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await ch?.gateway.close();
    if (ch) await dropDatabaseOf(ch.gateway.config.mongodbUri);
    await crlServer?.close();
  });

  const tlsClient = () => ({ certPem: ug.tlsClient.certPem, keyPem: ug.tlsClient.keyPem });

  let accepted: Permit | undefined;
  let signedBeforeRevocation: Permit;

  async function ugPermitEnvelope(): Promise<string> {
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
    accepted = permit;
    const signer = await signerOf('UG', { certPem: ug.signing.certPem, keyPem: ug.signing.keyPem });
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

  it('when the CRL lists nothing, then a UG message over mutual TLS is accepted', async () => {
    const res = await postExchange(ch, 'CH', await ugPermitEnvelope(), tlsClient());
    signedBeforeRevocation = accepted!;
    expect({ status: res.status, receipt: receiptField(res.body, 'Status') }).toEqual({
      status: 200,
      receipt: 'ACCEPTED',
    });
  });

  it("when UG revokes its signing certificate (epix pki revoke), then after CH's scheduled refresh a message it signed is REJECTED with CERT_REVOKED", async () => {
    await revokeDevCertificate({ dir, certFile: files.signingCert!, days: 7, now: new Date() });
    await new Promise((resolve) => setTimeout(resolve, 3 * REFRESH_MS));
    const res = await postExchange(ch, 'CH', await ugPermitEnvelope(), tlsClient());
    expect({
      status: res.status,
      receipt: receiptField(res.body, 'Status'),
      code: receiptField(res.body, 'Code'),
    }).toEqual({ status: 422, receipt: 'REJECTED', code: 'CERT_REVOKED' });
  });

  it('when customs verifies a permit UG signed before it revoked the signer, then it is REJECTED with SIGNATURE_INVALID (the catalogue rule)', async () => {
    const res = await ch
      .api()
      .post('/api/v1/verifications')
      .set('Authorization', `Bearer ${ch.tokens.customs}`)
      .send(verificationByKey(signedBeforeRevocation, `CH-DECL-${randomUUID().slice(0, 8)}`));
    expect(res.status).toBe(201);
    const body = res.body as { verdict: string; reasons: Array<{ code: string }> };
    expect(body.verdict).toBe('REJECTED');
    expect(body.reasons.map((r) => r.code)).toContain('SIGNATURE_INVALID');
    expect(JSON.stringify(body.reasons)).toContain('CERT_REVOKED');
  });

  it('when UG revokes its TLS client certificate, then its next request is refused with 403 CERT_REVOKED', async () => {
    await revokeDevCertificate({ dir, certFile: files.tlsClientCert!, days: 7, now: new Date() });
    await new Promise((resolve) => setTimeout(resolve, 3 * REFRESH_MS));
    const res = await postExchange(ch, 'CH', '<x/>', tlsClient());
    expect(res.status).toBe(403);
    expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe('CERT_REVOKED');
  });

  describe('the checker against the same HTTP server', () => {
    const leaf = () => new X509Certificate(ug.tlsServer.certPem);
    const issuers = () => [new X509Certificate(ug.ca.certPem)];
    const checker = (
      policy: 'hard-fail' | 'soft-fail',
      now: () => Date,
      alerts = new InMemoryAlertStore({ now }),
    ) =>
      new RevocationChecker(
        {
          fetcher: new HttpCrlFetcher({ timeoutMs: 2_000 }),
          clock: { now },
          logger: createSilentLogger(),
          alerts,
        },
        { policy, refreshIntervalMs: 60_000 },
      );

    it('when a current CRL was fetched, then it is kept until its nextUpdate and not fetched again', async () => {
      // Counted at the fetcher: the server also serves CH's gateway, which refreshes on its own schedule.
      const http = new HttpCrlFetcher({ timeoutMs: 2_000 });
      const urls: string[] = [];
      const now = () => new Date();
      const check = new RevocationChecker(
        {
          fetcher: { fetch: (url) => (urls.push(url), http.fetch(url)) },
          clock: { now },
          logger: createSilentLogger(),
          alerts: new InMemoryAlertStore({ now }),
        },
        { policy: 'hard-fail', refreshIntervalMs: 60_000 },
      );
      expect(await check.denialFor(leaf(), issuers(), 'the TLS server certificate')).toBeNull();
      expect(await check.denialFor(leaf(), issuers(), 'the TLS server certificate')).toBeNull();
      expect(urls).toEqual([`${crlServer.base}/UG/ca.crl.pem`]);
    });

    it('when the CRL cannot be fetched and the policy is hard-fail, then the check fails with CERT_REVOCATION_UNKNOWN', async () => {
      crlServer.setMode('down');
      try {
        const error = await checker('hard-fail', () => new Date())
          .denialFor(leaf(), issuers(), 'the TLS server certificate')
          .catch((e: unknown) => e);
        expect(isGatewayError(error) && error.code).toBe('CERT_REVOCATION_UNKNOWN');
      } finally {
        crlServer.setMode('serve');
      }
    });

    it('when the CRL cannot be fetched and the policy is soft-fail, then the certificate passes and an alert is raised', async () => {
      crlServer.setMode('down');
      try {
        const now = () => new Date();
        const alerts = new InMemoryAlertStore({ now });
        expect(
          await checker('soft-fail', now, alerts).denialFor(leaf(), issuers(), 'the TLS server certificate'),
        ).toBeNull();
        const raised = await alerts.list({ kind: 'crl-unavailable', limit: 10 });
        expect(raised).toHaveLength(1);
      } finally {
        crlServer.setMode('serve');
      }
    });

    it('when the only CRL is past its nextUpdate, then it counts as unknown (hard-fail refuses)', async () => {
      const later = () => new Date(Date.now() + 8 * 86_400_000);
      const error = await checker('hard-fail', later)
        .denialFor(leaf(), issuers(), 'the TLS server certificate')
        .catch((e: unknown) => e);
      expect(isGatewayError(error) && error.code).toBe('CERT_REVOCATION_UNKNOWN');
    });

    it("when the CRL is not signed by the partner's CA, then it is not trusted (hard-fail refuses)", async () => {
      const other = new X509Certificate(
        (await createCountryPki({ country: 'UG', notBefore: new Date(), validDays: 2 })).ca.certPem,
      );
      const error = await checker('hard-fail', () => new Date())
        .denialFor(leaf(), [other], 'the TLS server certificate')
        .catch((e: unknown) => e);
      expect(isGatewayError(error) && error.code).toBe('CERT_REVOCATION_UNKNOWN');
    });
  });
});
