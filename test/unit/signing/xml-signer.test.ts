import { verify as cryptoVerify, X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { createCountryPki, type CountryPki } from '../../../src/domain/pki/dev-pki';
import { TrustAnchors } from '../../../src/domain/pki/trust-anchors';
import { XmlSigner } from '../../../src/domain/signing/xml-signer';
import { verifyXmlSignature } from '../../../src/domain/signing/xml-verifier';
import { canonicalizeExclusive } from '../../../src/domain/xml/exc-c14n';
import { NS } from '../../../src/domain/xml/namespaces';
import { parseXmlStrict } from '../../../src/domain/xml/strict-parser';
import { ENVELOPE_XML, PERMIT_XML, STRESS_XML } from './support/documents';

const NOT_BEFORE = new Date('2026-01-01T00:00:00Z');
const AT = new Date('2026-06-01T00:00:00Z');

let rsa: CountryPki;
let ec: CountryPki;

beforeAll(async () => {
  [rsa, ec] = await Promise.all([
    createCountryPki({ country: 'KE', keyType: 'rsa', notBefore: NOT_BEFORE, validDays: 365 }),
    createCountryPki({ country: 'CH', keyType: 'ec', notBefore: NOT_BEFORE, validDays: 365 }),
  ]);
});

function signerFor(pki: CountryPki): Promise<XmlSigner> {
  return XmlSigner.create({ keyPem: pki.signing.keyPem, certPem: pki.signing.certPem });
}

function signatureOf(xml: string): Element {
  const { document } = parseXmlStrict(xml);
  const found = document.getElementsByTagNameNS(NS.dsig, 'Signature');
  expect(found.length).toBe(1);
  return found.item(0)!;
}

describe('XmlSigner', () => {
  it.each([
    ['RSA', 'rsa-sha256'],
    ['EC', 'ecdsa-sha256'],
  ])(
    'when a %s key signs, then the algorithm is chosen by key type and the signature verifies',
    async (kind, algorithm) => {
      const pki = kind === 'RSA' ? rsa : ec;
      const signed = await (await signerFor(pki)).sign(PERMIT_XML);
      const result = await verifyXmlSignature(signed, {
        trust: TrustAnchors.from({ anchors: [pki.ca.certPem] }),
        at: AT,
      });
      expect(result).toMatchObject({ ok: true, algorithm });
      if (!result.ok) return;
      expect(result.signer.country).toBe(pki.country);
      expect(result.signer.subject).toContain(`CN=EPIX document signing ${pki.country}`);
      expect(result.signer.thumbprint).toMatch(/^[0-9a-f]{64}$/);
      expect(result.text).toBe(signed);
    },
  );

  it('when signing, then every byte of the input is kept and the Signature is the last child of the root', async () => {
    const signed = await (await signerFor(rsa)).sign(STRESS_XML);
    const start = signed.indexOf('<ds:Signature');
    const end = signed.indexOf('</ds:Signature>') + '</ds:Signature>'.length;
    expect(signed.slice(0, start) + signed.slice(end)).toBe(STRESS_XML);
    const signature = signatureOf(signed);
    expect(signature.parentNode).toBe(signature.ownerDocument!.documentElement);
    let next = signature.nextSibling;
    while (next && next.nodeType !== 1) next = next.nextSibling;
    expect(next).toBeNull();
  });

  it('when the SignedInfo text is canonicalised as the verifier does, then it is exactly the bytes that were signed', async () => {
    for (const doc of [STRESS_XML, ENVELOPE_XML, PERMIT_XML]) {
      const signed = await (await signerFor(rsa)).sign(doc);
      const signature = signatureOf(signed);
      const signedInfo = signature.getElementsByTagNameNS(NS.dsig, 'SignedInfo').item(0)!;
      const value = Buffer.from(
        signature.getElementsByTagNameNS(NS.dsig, 'SignatureValue').item(0)!.textContent!,
        'base64',
      );
      const cert = new X509Certificate(rsa.signing.certPem);
      expect(
        cryptoVerify('sha256', Buffer.from(canonicalizeExclusive(signedInfo)), cert.publicKey, value),
      ).toBe(true);
    }
  });

  it('when the key is EC, then the SignatureValue is r||s (64 bytes for P-256), not DER', async () => {
    const signed = await (await signerFor(ec)).sign(ENVELOPE_XML);
    const value = signatureOf(signed).getElementsByTagNameNS(NS.dsig, 'SignatureValue').item(0)!.textContent!;
    expect(Buffer.from(value, 'base64')).toHaveLength(64);
  });

  it('when a chain is configured, then KeyInfo carries the signer certificate first and the chain after it', async () => {
    const signer = await XmlSigner.create({
      keyPem: rsa.signing.keyPem,
      certPem: rsa.signing.certPem,
      chainPems: [rsa.ca.certPem],
    });
    const certs = signatureOf(await signer.sign(ENVELOPE_XML)).getElementsByTagNameNS(
      NS.dsig,
      'X509Certificate',
    );
    expect(certs.length).toBe(2);
    expect(new X509Certificate(Buffer.from(certs.item(0)!.textContent!, 'base64')).fingerprint256).toBe(
      new X509Certificate(rsa.signing.certPem).fingerprint256,
    );
    expect(new X509Certificate(Buffer.from(certs.item(1)!.textContent!, 'base64')).fingerprint256).toBe(
      new X509Certificate(rsa.ca.certPem).fingerprint256,
    );
  });

  it('when the root element is empty (<root/>), then it is opened to hold the Signature', async () => {
    const signed = await (await signerFor(rsa)).sign('<root a="1"/><!-- after -->');
    expect(signed).toMatch(/^<root a="1"><ds:Signature [^]*<\/ds:Signature><\/root><!-- after -->$/);
    const result = await verifyXmlSignature(signed, {
      trust: TrustAnchors.from({ anchors: [rsa.ca.certPem] }),
      at: AT,
    });
    expect(result.ok).toBe(true);
  });

  it('when the document declares UTF-16 but is given as text, then the output declares UTF-8', async () => {
    const signed = await (await signerFor(rsa)).sign('<?xml version="1.0" encoding="UTF-16"?><a>x</a>');
    expect(signed.startsWith('<?xml version="1.0" encoding="UTF-8"?><a>')).toBe(true);
  });

  it('when the document is already signed, then signing again is refused with SIGNATURE_MULTIPLE', async () => {
    const signer = await signerFor(rsa);
    await expect(signer.sign(await signer.sign(ENVELOPE_XML))).rejects.toMatchObject({
      code: 'SIGNATURE_MULTIPLE',
    });
  });

  it('when the document is not well-formed or has a DOCTYPE, then signing fails with the XML code', async () => {
    const signer = await signerFor(rsa);
    await expect(signer.sign('<a><b></a>')).rejects.toMatchObject({ code: 'XML_MALFORMED' });
    await expect(signer.sign('<!DOCTYPE a><a/>')).rejects.toMatchObject({ code: 'XML_DTD_FORBIDDEN' });
  });

  it('when the key does not belong to the certificate, then create fails with IDENTITY_INVALID', async () => {
    await expect(
      XmlSigner.create({ keyPem: ec.signing.keyPem, certPem: rsa.signing.certPem }),
    ).rejects.toMatchObject({
      code: 'IDENTITY_INVALID',
    });
    await expect(
      XmlSigner.create({ keyPem: 'not a key', certPem: rsa.signing.certPem }),
    ).rejects.toMatchObject({
      code: 'IDENTITY_INVALID',
    });
  });
});
