/**
 * Interop with xmlsec1 (libxmlsec1 + libxml2 + OpenSSL, the reference implementation most partners use):
 * documents we sign verify with `xmlsec1 --verify --trusted-pem`, and documents xmlsec1 signs from a
 * template verify with ours, for RSA and EC. Random documents stress canonicalisation against libxml2's.
 * Skipped with a warning when xmlsec1 is not installed (.ci/run installs it; CI=1 makes its absence fail).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { createCountryPki, type CountryPki, type KeyType } from '../../../src/domain/pki/dev-pki';
import { TrustAnchors } from '../../../src/domain/pki/trust-anchors';
import { verifySignedPermit } from '../../../src/domain/signing/verify-signed-permit';
import { spliceBeforeRootEnd, XmlSigner } from '../../../src/domain/signing/xml-signer';
import { verifyXmlSignature } from '../../../src/domain/signing/xml-verifier';
import { toPermitXml } from '../../../src/domain/xml/permit-xml';
import { parseXmlStrict } from '../../../src/domain/xml/strict-parser';
import { samplePermit } from '../../support/permits';
import { xmlDocumentArb } from '../xml/support/xml-arbitrary';
import { STRESS_XML } from './support/documents';

const hasXmlsec = spawnSync('xmlsec1', ['--version']).status === 0;
if (!hasXmlsec && process.env.CI)
  throw new Error('xmlsec1 is required for the interop tests (apt-get install xmlsec1)');
if (!hasXmlsec) console.warn('xmlsec1 not installed: interop tests skipped (apt-get install -y xmlsec1)');
const d = hasXmlsec ? describe : describe.skip;

const NOT_BEFORE = new Date('2026-01-01T00:00:00Z');
const AT = new Date('2026-06-01T00:00:00Z');
const XMLSEC_AT = '2026-06-01 00:00:00';
const dir = mkdtempSync(path.join(tmpdir(), 'epix-xmlsec-'));
let fileNo = 0;

function write(content: string, name = `doc-${++fileNo}.xml`): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function xmlsec(args: string[]): { status: number | null; output: string } {
  const run = spawnSync('xmlsec1', args, { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function xmlsecVerify(signed: string, caFile: string): { status: number | null; output: string } {
  return xmlsec([
    '--verify',
    '--trusted-pem',
    caFile,
    '--verification-time',
    XMLSEC_AT,
    '--enabled-reference-uris',
    'empty',
    write(signed),
  ]);
}

const ALGORITHM: Record<KeyType, string> = { rsa: 'rsa-sha256', ec: 'ecdsa-sha256' };

/** A signature template as partners write them: default dsig namespace, indented, empty values. */
function template(keyType: KeyType): string {
  return `
  <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
    <SignedInfo>
      <CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
      <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#${ALGORITHM[keyType]}"/>
      <Reference URI="">
        <Transforms>
          <Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
          <Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        </Transforms>
        <DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <DigestValue/>
      </Reference>
    </SignedInfo>
    <SignatureValue/>
    <KeyInfo><X509Data/></KeyInfo>
  </Signature>
`;
}

const pkis: Partial<
  Record<KeyType, { pki: CountryPki; caFile: string; keyFile: string; certFile: string; trust: TrustAnchors }>
> = {};

beforeAll(async () => {
  if (!hasXmlsec) return;
  for (const keyType of ['rsa', 'ec'] as const) {
    const pki = await createCountryPki({ country: 'KE', keyType, notBefore: NOT_BEFORE, validDays: 365 });
    pkis[keyType] = {
      pki,
      caFile: write(pki.ca.certPem, `${keyType}-ca.pem`),
      keyFile: write(pki.signing.keyPem, `${keyType}-key.pem`),
      certFile: write(pki.signing.certPem, `${keyType}-cert.pem`),
      trust: TrustAnchors.from({ anchors: [pki.ca.certPem] }),
    };
  }
});

const ctx = (keyType: KeyType) => pkis[keyType]!;

d.each(['rsa', 'ec'] as const)('xmlsec1 interop (%s)', (keyType) => {
  it('when we sign a permit, then xmlsec1 verifies it against the CA', async () => {
    const { pki, caFile } = ctx(keyType);
    const signer = await XmlSigner.create({ keyPem: pki.signing.keyPem, certPem: pki.signing.certPem });
    const signed = await signer.sign(toPermitXml(samplePermit()));
    const run = xmlsecVerify(signed, caFile);
    expect(run.output).toContain('OK');
    expect(run.status).toBe(0);
  });

  it('when we sign a document that stresses canonicalisation, then xmlsec1 verifies it', async () => {
    const { pki, caFile } = ctx(keyType);
    const signer = await XmlSigner.create({ keyPem: pki.signing.keyPem, certPem: pki.signing.certPem });
    expect(xmlsecVerify(await signer.sign(STRESS_XML), caFile).status).toBe(0);
  });

  it('when a document we signed is tampered with, then xmlsec1 rejects it too', async () => {
    const { pki, caFile } = ctx(keyType);
    const signer = await XmlSigner.create({ keyPem: pki.signing.keyPem, certPem: pki.signing.certPem });
    const signed = await signer.sign(toPermitXml(samplePermit()));
    expect(xmlsecVerify(signed.replace('>150<', '>1500<'), caFile).status).not.toBe(0);
  });

  it('when xmlsec1 signs a permit from a template, then we verify it and read the permit', async () => {
    const { keyFile, certFile, trust } = ctx(keyType);
    const unsigned = toPermitXml(samplePermit());
    const end = unsigned.lastIndexOf('</rsm:CITESEPermit>');
    const tmpl = write(unsigned.slice(0, end) + template(keyType) + unsigned.slice(end));
    const out = path.join(dir, `xmlsec-signed-${++fileNo}.xml`);
    const run = xmlsec(['--sign', '--privkey-pem', `${keyFile},${certFile}`, '--output', out, tmpl]);
    expect(run.status).toBe(0);
    const signed = readFileSync(out);
    const result = await verifySignedPermit(signed, { trust, at: AT });
    expect(result).toMatchObject({ ok: true, algorithm: ALGORITHM[keyType] });
    if (result.ok) expect(result.permit).toEqual(samplePermit());
    // And a byte changed in the signed content fails with ours as well.
    const tampered = signed.toString('utf8').replace('Python sebae', 'Python regius');
    expect(await verifySignedPermit(tampered, { trust, at: AT })).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
    });
  });
});

/**
 * libxml2 keeps `&amp;` inside a namespace declaration as the literal text `&#38;` and its C14N writes that out,
 * where C14N requires `&amp;`; so its digest of such a document differs from any conforming implementation
 * (found by this test). Namespace URIs with `&` do not occur in permits; such documents are left out here.
 */
const LIBXML2_AMP_IN_NAMESPACE = /xmlns(:[^=\s]+)?\s*=\s*("[^"]*&[^"]*"|'[^']*&[^']*')/;

d('xmlsec1 interop: canonicalisation of random documents', () => {
  it('when random documents (namespaces, escapes, CDATA, comments, PIs) are signed by us, then xmlsec1 verifies every one', async () => {
    const { pki, caFile } = ctx('ec');
    const signer = await XmlSigner.create({ keyPem: pki.signing.keyPem, certPem: pki.signing.certPem });
    await fc.assert(
      fc.asyncProperty(xmlDocumentArb, async (doc) => {
        fc.pre(!LIBXML2_AMP_IN_NAMESPACE.test(doc));
        const run = xmlsecVerify(await signer.sign(doc), caFile);
        if (run.status !== 0) throw new Error(`xmlsec1 rejected our signature:\n${run.output}`);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40), seed: Number(process.env.FC_SEED ?? 20261123) },
    );
  });

  it('when random documents are signed by xmlsec1, then we verify every one', async () => {
    const { keyFile, certFile, trust } = ctx('rsa');
    await fc.assert(
      fc.asyncProperty(xmlDocumentArb, async (doc) => {
        fc.pre(!LIBXML2_AMP_IN_NAMESPACE.test(doc));
        const root = parseXmlStrict(doc).document.documentElement!.tagName;
        const tmpl = write(spliceBeforeRootEnd(doc, root, template('rsa')));
        const out = path.join(dir, `xmlsec-random-${++fileNo}.xml`);
        const run = xmlsec(['--sign', '--privkey-pem', `${keyFile},${certFile}`, '--output', out, tmpl]);
        if (run.status !== 0) throw new Error(`xmlsec1 could not sign:\n${run.output}\n${doc}`);
        const result = await verifyXmlSignature(readFileSync(out), { trust, at: AT });
        if (!result.ok)
          throw new Error(`we rejected an xmlsec1 signature: ${result.code} ${result.message}\n${doc}`);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 25), seed: Number(process.env.FC_SEED ?? 20261124) },
    );
  });
});
