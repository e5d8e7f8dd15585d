import fc from 'fast-check';
import { createCountryPki, privateKeyToPem, type CountryPki } from '../../../src/domain/pki/dev-pki';
import { TrustAnchors } from '../../../src/domain/pki/trust-anchors';
import { subtle, x509 } from '../../../src/domain/pki/x509';
import { XmlSigner } from '../../../src/domain/signing/xml-signer';
import { verifyXmlSignature, verifyXmlSignatureSync } from '../../../src/domain/signing/xml-verifier';
import { canonicalizeExclusive } from '../../../src/domain/xml/exc-c14n';
import { NS } from '../../../src/domain/xml/namespaces';
import { parseXmlStrict } from '../../../src/domain/xml/strict-parser';
import { PERMIT_XML, STRESS_XML } from './support/documents';

const AT = new Date('2026-06-01T00:00:00Z');
let ke: CountryPki;
let ch: CountryPki;
let trust: TrustAnchors;
let signed: string;

beforeAll(async () => {
  [ke, ch] = await Promise.all([
    createCountryPki({ country: 'KE', notBefore: new Date('2026-01-01T00:00:00Z') }),
    createCountryPki({ country: 'CH', keyType: 'ec', notBefore: new Date('2026-01-01T00:00:00Z') }),
  ]);
  trust = TrustAnchors.from({ anchors: [ke.ca.certPem] });
  signed = await (
    await XmlSigner.create({ keyPem: ke.signing.keyPem, certPem: ke.signing.certPem })
  ).sign(PERMIT_XML);
});

function c14nWithoutSignature(text: string): string {
  const { document } = parseXmlStrict(text);
  return canonicalizeExclusive(document, {
    exclude: document.getElementsByTagNameNS(NS.dsig, 'Signature').item(0),
  });
}

describe('verifyXmlSignature', () => {
  it('when valid, then it returns the DOM that was digested, the exact text and the signer', async () => {
    const result = await verifyXmlSignature(Buffer.from(signed, 'utf8'), { trust, at: AT });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.text).toBe(signed);
    expect(result.document.documentElement!.localName).toBe('CITESEPermit');
    expect(result.document.getElementsByTagNameNS(NS.dsig, 'Signature').item(0)!.parentNode).toBe(
      result.document.documentElement,
    );
    expect(result.signer).toMatchObject({ country: 'KE', subject: expect.stringContaining('C=KE') });
    expect(result.signer.certificate.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(
      result.signer.thumbprint,
    );
  });

  it("when the caller trusts another country's CA, then a valid signature is CERT_UNTRUSTED", async () => {
    const chTrust = TrustAnchors.from({ anchors: [ch.ca.certPem] });
    expect(await verifyXmlSignature(signed, { trust: chTrust, at: AT })).toMatchObject({
      ok: false,
      code: 'CERT_UNTRUSTED',
    });
  });

  it('when limits are given, then they apply to the document', async () => {
    expect(await verifyXmlSignature(signed, { trust, at: AT, limits: { maxBytes: 1000 } })).toMatchObject({
      ok: false,
      code: 'XML_TOO_LARGE',
    });
    expect(await verifyXmlSignature(signed, { trust, at: AT, limits: { maxDepth: 3 } })).toMatchObject({
      ok: false,
      code: 'XML_TOO_DEEP',
    });
  });

  it('when KeyInfo carries more certificates than a path could need, then it is refused before path building', () => {
    const cert = /<ds:X509Certificate>[^<]+<\/ds:X509Certificate>/.exec(signed)![0];
    const many = signed.replace(cert, cert.repeat(7));
    expect(verifyXmlSignatureSync(many, { trust, at: AT })).toMatchObject({
      ok: false,
      code: 'SIGNATURE_KEYINFO_INVALID',
    });
  });

  it('when the signer key is EC P-384, then ECDSA-SHA384 is used and verifies', async () => {
    const keys = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
    const ca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'CN=P-384 Root,C=KE',
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
      ],
    });
    const leafKeys = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, [
      'sign',
      'verify',
    ]);
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: '02',
      subject: 'CN=P-384 signer,C=KE',
      issuer: ca.subject,
      publicKey: leafKeys.publicKey,
      signingKey: keys.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
      extensions: [
        new x509.BasicConstraintsExtension(false),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ],
    });
    const signer = await XmlSigner.create({
      keyPem: await privateKeyToPem(leafKeys.privateKey),
      certPem: leaf.toString('pem'),
    });
    const result = await verifyXmlSignature(await signer.sign(STRESS_XML), {
      trust: TrustAnchors.from({ anchors: [ca.toString('pem')] }),
      at: AT,
    });
    expect(result).toMatchObject({ ok: true, algorithm: 'ecdsa-sha384' });
  });

  it('when arbitrary edits are made to a signed document, then it never throws and only accepts edits C14N cannot see', () => {
    const original = c14nWithoutSignature(signed);
    const edit = fc.oneof(
      fc.record({
        kind: fc.constant('delete' as const),
        at: fc.nat(signed.length - 1),
        length: fc.integer({ min: 1, max: 40 }),
      }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(signed.length),
        text: fc.constantFrom(
          '<',
          '>',
          '&',
          '"',
          ' ',
          '<!---->',
          '<a/>',
          '&amp;',
          'x',
          '\u0000',
          '<!DOCTYPE a>',
          '</ds:Signature>',
          '\uFEFF',
        ),
      }),
      fc.record({
        kind: fc.constant('duplicate' as const),
        at: fc.nat(signed.length - 1),
        length: fc.integer({ min: 1, max: 400 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = signed;
        for (const e of edits) {
          const at = Math.min(e.at, text.length);
          if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
          else if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
          else text = text.slice(0, at) + text.slice(at, at + e.length) + text.slice(at);
        }
        const result = verifyXmlSignatureSync(text, { trust, at: AT });
        if (result.ok) expect(c14nWithoutSignature(text)).toBe(original);
        else expect(result.code).toMatch(/^(XML_|SIGNATURE_|CERT_)/);
      }),
      { numRuns: 400, seed: 4242 },
    );
  });

  it('when given random bytes, then it answers with a code and never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = verifyXmlSignatureSync(bytes, { trust, at: AT });
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300, seed: 99 },
    );
  });
});
