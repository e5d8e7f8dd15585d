/**
 * Enveloped XMLDSig signatures over a whole document: Reference URI="", transforms enveloped-signature +
 * exclusive C14N, SignedInfo canonicalised with exclusive C14N, RSA-SHA256 or ECDSA (P-256: SHA-256, P-384:
 * SHA-384), and the signer certificate (plus its chain) in KeyInfo/X509Data.
 *
 * Why not xmldsigjs: it clones the DOM several times per signature (~3.9 ms for a 5 KB permit, of which the
 * RSA operation is ~0.3 ms). Here the document is parsed once, canonicalised by our one-pass exc-c14n, and
 * the ds:Signature element is written as text, already in canonical form for SignedInfo, and spliced in
 * before the root's end tag. Every byte of the input outside the new element stays as it was, which is what
 * "store and forward the signed bytes exactly" needs.
 */
import {
  createHash,
  createPrivateKey,
  sign as cryptoSign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { GatewayError } from '../errors';
import { readCertificates } from '../pki/trust-anchors';
import { canonicalizeExclusive } from '../xml/exc-c14n';
import { NS } from '../xml/namespaces';
import { parseXmlStrict, type XmlLimits } from '../xml/strict-parser';
import { DIGEST_URI, DSIG, signatureAlgorithmFor, type SignatureAlgorithm } from './algorithms';
import { checkSignerKey } from './signer-key';

export interface XmlSignerOptions {
  /** PKCS#8 or traditional PEM private key (RSA ≥ 2048 bits or EC P-256 / P-384). */
  keyPem: string;
  /** The signer certificate (the first certificate of the PEM text); must match the key. */
  certPem: string;
  /** Intermediate / CA certificates to include after the signer certificate. */
  chainPems?: readonly string[];
  /** Parser limits for the documents to sign. */
  limits?: Partial<XmlLimits>;
}

const DS = 'ds';

function certificateBase64(cert: X509Certificate): string {
  return cert.raw.toString('base64');
}

/** Signs XML documents with one key; create once and reuse (it holds the parsed key). */
export class XmlSigner {
  private constructor(
    private readonly key: KeyObject,
    /** The signer certificate, for callers that want to show or log it. */
    readonly certificate: X509Certificate,
    readonly algorithm: SignatureAlgorithm,
    private readonly keyInfo: string,
    private readonly limits: Partial<XmlLimits>,
  ) {}

  /**
   * Reads the key and certificates; throws IDENTITY_INVALID when the key cannot be read, is too weak, or does
   * not belong to the certificate.
   */
  static create(options: XmlSignerOptions): Promise<XmlSigner> {
    // Inside the executor, a throw becomes a rejection.
    return new Promise((resolve) => resolve(XmlSigner.createSync(options)));
  }

  /** Synchronous form of `create`. */
  static createSync(options: XmlSignerOptions): XmlSigner {
    let key: KeyObject;
    try {
      key = createPrivateKey(options.keyPem);
    } catch (error) {
      throw new GatewayError(
        'IDENTITY_INVALID',
        `the signing key cannot be read: ${(error as Error).message}`,
      );
    }
    const [certificate] = readSigningCertificates(options.certPem);
    const chain = (options.chainPems ?? []).flatMap(readSigningCertificates);
    const kind = checkSignerKey(certificate!.publicKey);
    if (!kind.ok) throw new GatewayError('IDENTITY_INVALID', `the signing certificate: ${kind.message}`);
    if (!certificate!.checkPrivateKey(key)) {
      throw new GatewayError(
        'IDENTITY_INVALID',
        'the signing key does not belong to the signing certificate',
      );
    }
    const keyInfo =
      `<${DS}:KeyInfo><${DS}:X509Data>` +
      [certificate!, ...chain]
        .map((c) => `<${DS}:X509Certificate>${certificateBase64(c)}</${DS}:X509Certificate>`)
        .join('') +
      `</${DS}:X509Data></${DS}:KeyInfo>`;
    return new XmlSigner(
      key,
      certificate!,
      signatureAlgorithmFor(kind.kind, kind.curve),
      keyInfo,
      options.limits ?? {},
    );
  }

  /**
   * Returns the document with an enveloped ds:Signature as the last child of the root element. The input must
   * be well-formed, DTD-free XML without a signature; the result is UTF-8 text (a UTF-16 encoding label in the
   * declaration is rewritten to UTF-8).
   */
  sign(xml: string): Promise<string> {
    return new Promise((resolve) => resolve(this.signSync(xml)));
  }

  /** Synchronous form of `sign` (the work is CPU-only), for benchmarks and batch tools. */
  signSync(xml: string): string {
    const { document, text } = parseXmlStrict(xml, this.limits);
    if (document.getElementsByTagNameNS(NS.dsig, 'Signature').length > 0) {
      throw new GatewayError(
        'SIGNATURE_MULTIPLE',
        'the document already carries a ds:Signature; sign the unsigned document',
      );
    }
    const digest = createHash(this.algorithm.hash)
      .update(canonicalizeExclusive(document), 'utf8')
      .digest('base64');
    // Written directly in canonical form: as the apex of exc-c14n, SignedInfo carries the ds declaration and
    // every element is written with a start and an end tag, attributes in canonical order.
    const signedInfo =
      `<${DS}:SignedInfo xmlns:${DS}="${NS.dsig}">` +
      `<${DS}:CanonicalizationMethod Algorithm="${DSIG.excC14n}"></${DS}:CanonicalizationMethod>` +
      `<${DS}:SignatureMethod Algorithm="${this.algorithm.uri}"></${DS}:SignatureMethod>` +
      `<${DS}:Reference URI=""><${DS}:Transforms>` +
      `<${DS}:Transform Algorithm="${DSIG.enveloped}"></${DS}:Transform>` +
      `<${DS}:Transform Algorithm="${DSIG.excC14n}"></${DS}:Transform>` +
      `</${DS}:Transforms>` +
      `<${DS}:DigestMethod Algorithm="${DIGEST_URI[this.algorithm.hash]}"></${DS}:DigestMethod>` +
      `<${DS}:DigestValue>${digest}</${DS}:DigestValue>` +
      `</${DS}:Reference></${DS}:SignedInfo>`;
    const value = cryptoSign(this.algorithm.hash, Buffer.from(signedInfo, 'utf8'), {
      key: this.key,
      dsaEncoding: 'ieee-p1363', // XMLDSig 1.1: ECDSA SignatureValue is r || s
    }).toString('base64');
    const signature =
      `<${DS}:Signature xmlns:${DS}="${NS.dsig}">` +
      `<${DS}:SignedInfo>${signedInfo.slice(signedInfo.indexOf('>') + 1)}` +
      `<${DS}:SignatureValue>${value}</${DS}:SignatureValue>${this.keyInfo}</${DS}:Signature>`;
    return spliceBeforeRootEnd(utf8Declaration(text), document.documentElement!.tagName, signature);
  }
}

function readSigningCertificates(pem: string): X509Certificate[] {
  try {
    return readCertificates(pem);
  } catch (error) {
    throw new GatewayError(
      'IDENTITY_INVALID',
      `a signing certificate cannot be read: ${(error as Error).message}`,
    );
  }
}

const DECLARATION_ENCODING = /^(<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*)(["'])UTF-16(?:LE|BE)?\2/i;

function utf8Declaration(text: string): string {
  return DECLARATION_ENCODING.test(text) ? text.replace(DECLARATION_ENCODING, '$1$2UTF-8$2') : text;
}

/** Comments, processing instructions and white space: all a document may hold after its root element. */
const MISC_ONLY = /^(?:[ \t\r\n]+|<!--[\s\S]*?-->|<\?[\s\S]*?\?>)*$/;

/**
 * Inserts `insert` as the last child of the root element, textually, leaving every other byte as it was. The
 * text must be well-formed (parsed strictly before), so its root ends either with `</tagName>` or, when empty,
 * with `/>`; either is the last one followed only by misc markup.
 */
export function spliceBeforeRootEnd(text: string, tagName: string, insert: string): string {
  const endTag = `</${tagName}`;
  for (let at = text.lastIndexOf(endTag); at !== -1; at = text.lastIndexOf(endTag, at - 1)) {
    const close = text.indexOf('>', at);
    if (
      close !== -1 &&
      /^[ \t\r\n]*$/.test(text.slice(at + endTag.length, close)) &&
      MISC_ONLY.test(text.slice(close + 1))
    ) {
      return text.slice(0, at) + insert + text.slice(at);
    }
  }
  for (let at = text.lastIndexOf('/>'); at !== -1; at = text.lastIndexOf('/>', at - 1)) {
    if (MISC_ONLY.test(text.slice(at + 2)))
      return `${text.slice(0, at)}>${insert}</${tagName}>${text.slice(at + 2)}`;
  }
  throw new GatewayError('XML_MALFORMED', 'the end of the root element was not found');
}
