/**
 * Received permits stored directly with MongoReceivedPermitRepository, signed with the issuing country's
 * test PKI exactly as the exchange would have received them (until the e2e sends them for real), and the
 * setup steps of the verification table that act on the importing gateway.
 */
import { createHash, X509Certificate } from 'node:crypto';
import request from 'supertest';
import type { ReceivedPermit } from '../../src/domain/exchange/permit-records';
import type { Permit } from '../../src/domain/permit/permit';
import { XmlSigner } from '../../src/domain/signing/xml-signer';
import { toPermitXml } from '../../src/domain/xml/permit-xml';
import type { Gateway } from '../../src/main';
import { testPki } from './pki';
import { permitKeyFor } from './verification-cases';

const signers = new Map<string, Promise<XmlSigner>>();

function signerOf(country: string): Promise<XmlSigner> {
  let signer = signers.get(country);
  if (!signer) {
    signer = testPki(country).then(({ pki }) =>
      XmlSigner.create({ keyPem: pki.signing.keyPem, certPem: pki.signing.certPem }),
    );
    signers.set(country, signer);
  }
  return signer;
}

/** SHA-256 (lower-case hex) of the issuing country's document-signing certificate. */
export async function signingThumbprint(country: string): Promise<string> {
  const { pki } = await testPki(country);
  return new X509Certificate(pki.signing.certPem).fingerprint256.replace(/:/g, '').toLowerCase();
}

/** The permit signed by its issuing country's test signing key (CITESEPermit v2). */
export async function signPermit(permit: Permit): Promise<string> {
  return (await signerOf(permit.issuingCountry)).sign(toPermitXml(permit));
}

/** Stores `permit` as received by `gateway`, signed by its issuing country; returns its key. */
export async function storeReceivedPermit(
  gateway: Gateway,
  permit: Permit,
  changes: Partial<Pick<ReceivedPermit, 'status' | 'replacedBy' | 'cancellation'>> = {},
): Promise<string> {
  const signedXml = await signPermit(permit);
  const { pki } = await testPki(permit.issuingCountry);
  const now = new Date();
  const permitKey = permitKeyFor(permit);
  const inserted = await gateway.exchange.received.insert({
    permitKey,
    issuingCountry: permit.issuingCountry,
    permit,
    signedXml,
    digest: createHash('sha256').update(signedXml, 'utf8').digest('base64'),
    signer: {
      thumbprint: await signingThumbprint(permit.issuingCountry),
      subject: new X509Certificate(pki.signing.certPem).subject,
    },
    status: 'VALID',
    messageId: `test-${permitKey}`,
    receivedAt: now,
    updatedAt: now,
    ...changes,
  });
  if (!inserted) throw new Error(`${permitKey} was stored before`);
  return permitKey;
}

/** Pins the issuing country's signing certificate and revokes it (admin API), as after a key compromise. */
export async function revokeSigningCertificate(
  gateway: Gateway,
  adminToken: string,
  country: string,
): Promise<void> {
  const { pki } = await testPki(country);
  const auth = `Bearer ${adminToken}`;
  const pinned = await request(gateway.apiUrl)
    .post(`/api/v1/partners/${country}/certificates`)
    .set('Authorization', auth)
    .send({ role: 'signing', pem: pki.signing.certPem });
  if (pinned.status !== 201 && pinned.status !== 200)
    throw new Error(`pinning: ${pinned.status} ${pinned.text}`);
  const fingerprint = await signingThumbprint(country);
  const revoked = await request(gateway.apiUrl)
    .delete(`/api/v1/partners/${country}/certificates/${fingerprint}?role=signing`)
    .set('Authorization', auth);
  if (revoked.status !== 200) throw new Error(`revoking: ${revoked.status} ${revoked.text}`);
}

/** Suspends a partner (admin API). */
export async function suspendPartner(gateway: Gateway, adminToken: string, country: string): Promise<void> {
  const res = await request(gateway.apiUrl)
    .patch(`/api/v1/partners/${country}`)
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ status: 'suspended' });
  if (res.status !== 200) throw new Error(`suspending: ${res.status} ${res.text}`);
}

/**
 * Onboards `country` on `gateway` through the admin API as the exchange would need it: partner record,
 * its test CA as tls-ca and signing-ca, then active. The endpoint is never contacted by these tests.
 */
export async function onboardIssuingPartner(
  gateway: Gateway,
  adminToken: string,
  country: string,
  endpointUrl = 'https://127.0.0.1:9/',
): Promise<void> {
  const { pki } = await testPki(country);
  const auth = `Bearer ${adminToken}`;
  const api = () => request(gateway.apiUrl);
  const created = await api()
    .post('/api/v1/partners')
    .set('Authorization', auth)
    .send({ code: country, name: `${country} Management Authority`, endpointUrl, timeoutMs: 5000 });
  if (created.status !== 201) throw new Error(`adding ${country}: ${created.status} ${created.text}`);
  for (const role of ['tls-ca', 'signing-ca']) {
    const added = await api()
      .post(`/api/v1/partners/${country}/certificates`)
      .set('Authorization', auth)
      .send({ role, pem: pki.ca.certPem });
    if (added.status !== 201 && added.status !== 200)
      throw new Error(`${role}: ${added.status} ${added.text}`);
  }
  const activated = await api()
    .patch(`/api/v1/partners/${country}`)
    .set('Authorization', auth)
    .send({ status: 'active' });
  if (activated.status !== 200)
    throw new Error(`activating ${country}: ${activated.status} ${activated.text}`);
}
