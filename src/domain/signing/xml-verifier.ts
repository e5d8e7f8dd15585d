/**
 * Strict verification of an enveloped XMLDSig signature over a whole document.
 *
 * The shape is pinned rather than interpreted: the document is parsed strictly (no DTD); it holds exactly one
 * ds:Signature, a child of the root element; SignedInfo has exactly one Reference, URI="", with exactly the
 * transforms enveloped-signature + exc-c14n; canonicalisation, digest and signature algorithms come from an
 * allow-list (no SHA-1, no HMAC). The key that checks the SignatureValue is the public key of the first
 * KeyInfo certificate *after* TrustAnchors validated it (chain to the caller's anchors, valid at `at`,
 * digitalSignature, not self-signed) and it passed the key policy; no other KeyInfo content is ever used as a
 * key. The result is the DOM that was digested: callers read data only from it.
 *
 * Hostile input never throws: every failure is `{ ok: false, code, message }` with a catalogue code.
 */
import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { GatewayError, isGatewayError, type ErrorCode } from '../errors';
import { factsOf } from '../pki/certificate-chain';
import type { TrustAnchors } from '../pki/trust-anchors';
import { COMMENT_NODE, ELEMENT_NODE, TEXT_NODE } from '../xml/dom';
import { canonicalizeExclusive } from '../xml/exc-c14n';
import { NS } from '../xml/namespaces';
import { parseXmlStrict, type XmlLimits } from '../xml/strict-parser';
import { DIGEST_ALGORITHMS, DSIG, SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from './algorithms';
import { checkSignerKey } from './signer-key';

/** Who signed: the validated signer certificate and the facts callers match partners against. */
export interface SignerInfo {
  certificate: X509Certificate;
  /** SHA-256 of the certificate DER, lower-case hex. */
  thumbprint: string;
  subject: string;
  /** The subject's C= (when exactly one). */
  country: string | undefined;
}

export type XmlVerification =
  | { ok: true; document: Document; text: string; signer: SignerInfo; algorithm: string }
  | { ok: false; code: ErrorCode; message: string };

export interface VerifyXmlOptions {
  trust: TrustAnchors;
  /** The time at which the signer chain must be valid. */
  at: Date;
  limits?: Partial<XmlLimits>;
}

/** Most certificates accepted in one KeyInfo (leaf + intermediates): bounds the path search. */
const MAX_KEYINFO_CERTIFICATES = 6;

function fail(code: ErrorCode, message: string): never {
  throw new GatewayError(code, message);
}

/** The dsig child elements of `parent`, refusing text other than white space and foreign elements. */
function dsigChildren(parent: Element, where: string): Element[] {
  const out: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE) {
      const element = child as Element;
      if (element.namespaceURI !== NS.dsig)
        fail('SIGNATURE_MALFORMED', `${where} contains a foreign element ${element.tagName}`);
      out.push(element);
    } else if (child.nodeType === TEXT_NODE) {
      if (!/^[ \t\r\n]*$/.test(child.nodeValue ?? '')) fail('SIGNATURE_MALFORMED', `${where} contains text`);
    } else if (child.nodeType !== COMMENT_NODE) {
      fail('SIGNATURE_MALFORMED', `${where} contains a node of type ${child.nodeType}`);
    }
  }
  return out;
}

/** Children must be exactly these local names, in order; `?` marks an optional one. */
function expectChildren(
  parent: Element,
  where: string,
  names: readonly string[],
): Array<Element | undefined> {
  const children = dsigChildren(parent, where);
  const result: Array<Element | undefined> = [];
  let i = 0;
  for (const spec of names) {
    const optional = spec.endsWith('?');
    const name = optional ? spec.slice(0, -1) : spec;
    const child = children[i];
    if (child?.localName === name) {
      result.push(child);
      i++;
    } else if (optional) {
      result.push(undefined);
    } else {
      fail('SIGNATURE_MALFORMED', `${where} needs ${name}${child ? `, found ${child.localName}` : ''}`);
    }
  }
  if (i < children.length)
    fail('SIGNATURE_MALFORMED', `${where} has an unexpected ${children[i]!.localName}`);
  return result;
}

function algorithmOf(element: Element, what: string): string {
  if (!element.hasAttribute('Algorithm')) fail('SIGNATURE_MALFORMED', `${what} has no Algorithm`);
  if (dsigChildren(element, what).length > 0) {
    fail(
      'SIGNATURE_ALGORITHM_FORBIDDEN',
      `${what} ${element.getAttribute('Algorithm')} with parameters is not accepted`,
    );
  }
  return element.getAttribute('Algorithm')!;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64Of(element: Element, what: string): Buffer {
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType !== TEXT_NODE) fail('SIGNATURE_MALFORMED', `${what} must hold base64 text only`);
  }
  const compact = (element.textContent ?? '').replace(/[ \t\r\n]+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact))
    fail('SIGNATURE_MALFORMED', `${what} is not base64`);
  return Buffer.from(compact, 'base64');
}

interface SignatureParts {
  signature: Element;
  signedInfo: Element;
  algorithm: SignatureAlgorithm;
  digestHash: string;
  digestValue: Buffer;
  signatureValue: Buffer;
  certificates: X509Certificate[];
}

/** The one signature, its shape and algorithms checked; nothing cryptographic yet. */
function readSignature(document: Document): SignatureParts {
  const signature = findOnlySignature(document);
  const [signedInfo, signatureValueElement, keyInfo] = expectChildren(signature, 'Signature', [
    'SignedInfo',
    'SignatureValue',
    'KeyInfo?',
  ]);
  const { algorithm, reference } = readSignedInfo(signedInfo!);
  const { digestHash, digestValueElement } = readReference(reference);
  const digestValue = base64Of(digestValueElement, 'DigestValue');
  const signatureValue = base64Of(signatureValueElement!, 'SignatureValue');
  return {
    signature,
    signedInfo: signedInfo!,
    algorithm,
    digestHash,
    digestValue,
    signatureValue,
    certificates: readKeyInfo(keyInfo),
  };
}

/** Exactly one ds:Signature, enveloped as a child of the document element. */
function findOnlySignature(document: Document): Element {
  const found = document.getElementsByTagNameNS(NS.dsig, 'Signature');
  if (found.length === 0) fail('SIGNATURE_MISSING', 'the document has no ds:Signature');
  if (found.length > 1)
    fail(
      'SIGNATURE_MULTIPLE',
      `the document has ${found.length} ds:Signature elements; exactly one is accepted`,
    );
  const signature = found.item(0)!;
  if (signature.parentNode !== document.documentElement) {
    fail(
      'SIGNATURE_MISPLACED',
      'the ds:Signature must be a child of the document element (enveloped over the whole document)',
    );
  }
  return signature;
}

/** SignedInfo: exclusive C14N, an accepted signature algorithm and exactly one Reference. */
function readSignedInfo(signedInfo: Element): { algorithm: SignatureAlgorithm; reference: Element } {
  const siChildren = dsigChildren(signedInfo, 'SignedInfo');
  const [c14nMethod, signatureMethod, ...references] = siChildren;
  if (
    c14nMethod?.localName !== 'CanonicalizationMethod' ||
    signatureMethod?.localName !== 'SignatureMethod'
  ) {
    fail('SIGNATURE_MALFORMED', 'SignedInfo needs CanonicalizationMethod, SignatureMethod and Reference');
  }
  const c14nUri = algorithmOf(c14nMethod, 'CanonicalizationMethod');
  if (c14nUri !== DSIG.excC14n)
    fail(
      'SIGNATURE_ALGORITHM_FORBIDDEN',
      `canonicalization ${c14nUri} is not accepted (exclusive C14N only)`,
    );
  const signatureUri = algorithmOf(signatureMethod, 'SignatureMethod');
  const algorithm = SIGNATURE_ALGORITHMS.get(signatureUri);
  if (!algorithm)
    fail('SIGNATURE_ALGORITHM_FORBIDDEN', `signature algorithm ${signatureUri} is not accepted`);
  if (references.some((r) => r.localName !== 'Reference'))
    fail('SIGNATURE_MALFORMED', 'SignedInfo holds an element other than Reference');
  if (references.length !== 1)
    fail(
      'SIGNATURE_REFERENCE_INVALID',
      `SignedInfo has ${references.length} References; exactly one is accepted`,
    );
  return { algorithm, reference: references[0]! };
}

/** The Reference: URI="" over the whole document, the two fixed transforms and an accepted digest. */
function readReference(reference: Element): { digestHash: string; digestValueElement: Element } {
  if (reference.getAttribute('URI') !== '' || !reference.hasAttribute('URI')) {
    const uri = reference.hasAttribute('URI') ? `URI="${reference.getAttribute('URI')}"` : 'no URI';
    fail(
      'SIGNATURE_REFERENCE_INVALID',
      `the Reference has ${uri}; only URI="" (the whole document) is accepted`,
    );
  }
  const [transforms, digestMethod, digestValueElement] = expectChildren(reference, 'Reference', [
    'Transforms?',
    'DigestMethod',
    'DigestValue',
  ]);
  assertTransforms(transforms);
  const digestUri = algorithmOf(digestMethod!, 'DigestMethod');
  const digestHash = DIGEST_ALGORITHMS.get(digestUri);
  if (!digestHash) fail('SIGNATURE_ALGORITHM_FORBIDDEN', `digest algorithm ${digestUri} is not accepted`);
  return { digestHash, digestValueElement: digestValueElement! };
}

/** Exactly enveloped-signature then exclusive C14N, and no other transform. */
function assertTransforms(transforms: Element | undefined): void {
  const transformUris = transforms
    ? dsigChildren(transforms, 'Transforms').map((t) => {
        if (t.localName !== 'Transform')
          fail('SIGNATURE_MALFORMED', 'Transforms holds an element other than Transform');
        return algorithmOf(t, 'Transform');
      })
    : [];
  for (const uri of transformUris) {
    if (uri !== DSIG.enveloped && uri !== DSIG.excC14n)
      fail('SIGNATURE_ALGORITHM_FORBIDDEN', `transform ${uri} is not accepted`);
  }
  if (
    transformUris.length !== 2 ||
    transformUris[0] !== DSIG.enveloped ||
    transformUris[1] !== DSIG.excC14n
  ) {
    fail(
      'SIGNATURE_MALFORMED',
      'the Reference transforms must be exactly enveloped-signature then exclusive C14N',
    );
  }
}

/** Parsed certificates by their base64 text: a partner signs with the same certificate for months. */
const certificateMemo = new Map<string, X509Certificate>();
const CERTIFICATE_MEMO_SIZE = 256;
const MAX_MEMO_CERTIFICATE_CHARS = 16 * 1024;

function certificateFromBase64(element: Element): X509Certificate {
  const compact = (element.textContent ?? '').replace(/[ \t\r\n]+/g, '');
  const hit = certificateMemo.get(compact);
  if (hit) return hit;
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    fail('SIGNATURE_KEYINFO_INVALID', 'an X509Certificate is not base64');
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(compact, 'base64'));
  } catch (error) {
    return fail(
      'SIGNATURE_KEYINFO_INVALID',
      `an X509Certificate cannot be read: ${(error as Error).message}`,
    );
  }
  // Bounded in count and entry size, so hostile KeyInfo cannot grow the memo beyond a few MB.
  if (compact.length <= MAX_MEMO_CERTIFICATE_CHARS) {
    if (certificateMemo.size >= CERTIFICATE_MEMO_SIZE)
      certificateMemo.delete(certificateMemo.keys().next().value!);
    certificateMemo.set(compact, cert);
  }
  return cert;
}

function readKeyInfo(keyInfo: Element | undefined): X509Certificate[] {
  if (!keyInfo) fail('SIGNATURE_KEYINFO_MISSING', 'the signature has no KeyInfo with the signer certificate');
  const children = dsigChildren(keyInfo, 'KeyInfo');
  if (children.length === 0) fail('SIGNATURE_KEYINFO_MISSING', 'KeyInfo is empty');
  if (children.length !== 1 || children[0]!.localName !== 'X509Data') {
    fail(
      'SIGNATURE_KEYINFO_INVALID',
      `KeyInfo must hold exactly one X509Data (found ${children.map((c) => c.localName).join(', ')})`,
    );
  }
  const items = dsigChildren(children[0]!, 'X509Data');
  if (items.some((c) => c.localName !== 'X509Certificate')) {
    fail('SIGNATURE_KEYINFO_INVALID', 'X509Data may hold X509Certificate elements only');
  }
  if (items.length === 0) fail('SIGNATURE_KEYINFO_MISSING', 'X509Data holds no X509Certificate');
  if (items.length > MAX_KEYINFO_CERTIFICATES) {
    fail(
      'SIGNATURE_KEYINFO_INVALID',
      `X509Data holds ${items.length} certificates; at most ${MAX_KEYINFO_CERTIFICATES} are accepted`,
    );
  }
  return items.map(certificateFromBase64);
}

function checkSignatureValue(parts: SignatureParts, signer: X509Certificate): void {
  const key = signer.publicKey;
  const policy = checkSignerKey(key);
  if (!policy.ok) fail('CERT_KEY_UNSUPPORTED', `the signer certificate has a ${policy.message}`);
  if (policy.kind !== parts.algorithm.key) {
    fail(
      'SIGNATURE_INVALID',
      `${parts.algorithm.name} cannot be verified with the signer's ${policy.kind.toUpperCase()} key`,
    );
  }
  const signedInfo = Buffer.from(canonicalizeExclusive(parts.signedInfo), 'utf8');
  let valid: boolean;
  try {
    valid = cryptoVerify(
      parts.algorithm.hash,
      signedInfo,
      { key, dsaEncoding: 'ieee-p1363' },
      parts.signatureValue,
    );
  } catch {
    valid = false;
  }
  if (!valid) fail('SIGNATURE_INVALID', 'the SignatureValue does not verify with the signer certificate');
}

function checkDigest(document: Document, parts: SignatureParts): void {
  const digest = createHash(parts.digestHash)
    .update(canonicalizeExclusive(document, { exclude: parts.signature }), 'utf8')
    .digest();
  if (!digest.equals(parts.digestValue))
    fail('SIGNATURE_INVALID', 'the document digest does not match the signed DigestValue (content changed)');
}

/** Synchronous form of verifyXmlSignature (the work is CPU-only). */
export function verifyXmlSignatureSync(
  input: string | Uint8Array,
  options: VerifyXmlOptions,
): XmlVerification {
  try {
    const { document, text } = parseXmlStrict(input, options.limits);
    const parts = readSignature(document);
    const [leaf, ...intermediates] = parts.certificates;
    const chain = options.trust.validate(leaf!, intermediates, options.at, { keyUsage: 'digitalSignature' });
    if (!chain.ok) return { ok: false, code: chain.code, message: chain.message };
    checkSignatureValue(parts, leaf!);
    checkDigest(document, parts);
    const facts = factsOf(leaf!);
    return {
      ok: true,
      document,
      text,
      signer: {
        certificate: leaf!,
        thumbprint: facts.fingerprint,
        subject: facts.subject,
        country: facts.country,
      },
      algorithm: parts.algorithm.name,
    };
  } catch (error) {
    if (isGatewayError(error)) return { ok: false, code: error.code, message: error.message };
    return {
      ok: false,
      code: 'SIGNATURE_MALFORMED',
      message: `the signature cannot be processed: ${(error as Error)?.message ?? String(error)}`,
    };
  }
}

/**
 * Verifies the one enveloped signature of `input` against `trust` at time `at`. Returns the verified DOM and
 * signer, or the code of the first failure; never throws.
 */
export function verifyXmlSignature(
  input: string | Uint8Array,
  options: VerifyXmlOptions,
): Promise<XmlVerification> {
  return Promise.resolve(verifyXmlSignatureSync(input, options));
}
