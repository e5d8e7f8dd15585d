/**
 * The only way untrusted XML becomes a DOM in this gateway.
 *
 * Before xmldom sees the text, one linear scan refuses what xmldom would let through or choke on: any
 * DOCTYPE or other markup declaration (no DTD, so no XXE and no entity bombs), undeclared entities and bare
 * `&`, characters XML 1.0 forbids, `]]>` in text, `--` inside comments, and nesting deeper than the limit.
 * xmldom then parses with every warning and error fatal (its default only logs "Extra content at the end of
 * the document" and returns a DOM), with XML 1.0 line-end handling (xmldom's default also folds U+2028,
 * U+2029 and U+0085, which libxml2 and xmlsec1 do not: that would change what a signature covers). A last
 * walk over the DOM refuses namespace declarations XML Namespaces forbids and duplicate attributes.
 */
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { GatewayError } from '../errors';
import { NS } from './namespaces';
import { decodeXml, type XmlEncoding } from './xml-decoding';
import { installXmldomRegexCache } from './xmldom-regex-cache';

installXmldomRegexCache();

export interface XmlLimits {
  /** Largest accepted document, in bytes (UTF-8 size for text input). */
  maxBytes: number;
  /** Deepest accepted element nesting; the root is depth 1. */
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 2 * 1024 * 1024,
  maxDepth: 64,
});

export interface ParsedXml {
  document: Document;
  /** The decoded text that was parsed (byte order mark removed); what was signed, for text input. */
  text: string;
  encoding: XmlEncoding;
}

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const REFERENCE = /&(?:#([0-9]{1,7})|#x([0-9a-fA-F]{1,6})|lt|gt|amp|quot|apos);/y;
const XML_DECLARATION = /^<\?xml[ \t\r\n]/;
const VERSION_1_0 = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1/;

function malformed(message: string): never {
  throw new GatewayError('XML_MALFORMED', message);
}

function isXmlCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function checkReference(text: string, at: number): number {
  REFERENCE.lastIndex = at;
  const m = REFERENCE.exec(text);
  if (!m) {
    const name = /^&[^\s&;<]{0,32};?/.exec(text.slice(at, at + 34))?.[0] ?? '&';
    return malformed(
      `'${name}' is neither a predefined entity nor a character reference (no DTD is allowed)`,
    );
  }
  if (m[1] !== undefined || m[2] !== undefined) {
    const cp = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16);
    if (!isXmlCodePoint(cp)) malformed(`character reference ${m[0]} is not an XML character`);
  }
  return REFERENCE.lastIndex;
}

/** One pass over the markup: declarations, references, comments and nesting depth. Linear in the size. */
function prescan(text: string, maxDepth: number): void {
  const n = text.length;
  let i = 0;
  let depth = 0;
  // Next '&' and ']]>' at or after the cursor; kept so that each is searched for once, not once per segment.
  let nextAmp = text.indexOf('&');
  let nextCdataEnd = text.indexOf(']]>');
  for (;;) {
    const lt = text.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (nextAmp !== -1 && nextAmp < i) nextAmp = text.indexOf('&', i);
    while (nextAmp !== -1 && nextAmp < textEnd) nextAmp = text.indexOf('&', checkReference(text, nextAmp));
    if (nextCdataEnd !== -1 && nextCdataEnd < i) nextCdataEnd = text.indexOf(']]>', i);
    if (nextCdataEnd !== -1 && nextCdataEnd < textEnd) malformed("']]>' is not allowed in text");
    if (lt === -1) return;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) {
      i = skipCommentOrCdata(text, lt);
      continue;
    }
    if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      if (end === -1) malformed('unterminated processing instruction');
      i = end + 2;
      continue;
    }
    if (next === 0x2f /* / */) {
      const end = text.indexOf('>', lt + 2);
      if (end === -1) malformed('unterminated end tag');
      depth--;
      i = end + 1;
      continue;
    }
    const j = startTagEnd(text, lt);
    if (text.charCodeAt(j - 1) !== 0x2f /* / */ && ++depth > maxDepth) {
      throw new GatewayError('XML_TOO_DEEP', `elements nest deeper than ${maxDepth} levels`);
    }
    i = j + 1;
  }
}

/** The index after a comment or CDATA section opening at `lt`; any other `<!` (DOCTYPE ...) is refused. */
function skipCommentOrCdata(text: string, lt: number): number {
  if (text.startsWith('<!--', lt)) {
    const end = text.indexOf('-->', lt + 4);
    if (end === -1) malformed('unterminated comment');
    if (text.indexOf('--', lt + 4) !== end) malformed("'--' is not allowed inside a comment");
    return end + 3;
  }
  if (text.startsWith('<![CDATA[', lt)) {
    const end = text.indexOf(']]>', lt + 9);
    if (end === -1) malformed('unterminated CDATA section');
    return end + 3;
  }
  throw new GatewayError(
    'XML_DTD_FORBIDDEN',
    `'${text.slice(lt, lt + 10).replace(/[^\x20-\x7e]/g, '?')}': DOCTYPE and other declarations are not allowed`,
  );
}

/** The index of the '>' closing the start tag at `lt`, outside quoted attribute values, whose references it checks. */
function startTagEnd(text: string, lt: number): number {
  const n = text.length;
  let j = lt + 1;
  let quote = 0;
  for (; j < n; j++) {
    const c = text.charCodeAt(j);
    if (quote !== 0) {
      if (c === quote) quote = 0;
      else if (c === 0x26 /* & */) j = checkReference(text, j) - 1;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e /* > */) break;
  }
  if (j >= n) malformed('unterminated start tag');
  return j;
}

function checkNamespacesAndAttributes(document: Document): void {
  let node: Node | null = document.documentElement;
  while (node) {
    if (node.nodeType === 1) {
      const attributes = (node as Element).attributes;
      if (attributes.length > 0) {
        const seen = new Set<string>();
        for (let k = 0; k < attributes.length; k++) {
          const attr = attributes.item(k)!;
          if (attr.namespaceURI === NS.xmlns) {
            const prefix = attr.prefix === 'xmlns' ? attr.localName : '';
            const uri = attr.value;
            if (prefix !== '' && uri === '')
              malformed(`xmlns:${prefix}="" cannot undeclare a prefix in XML 1.0`);
            if (prefix === 'xmlns' || uri === NS.xmlns) malformed('the xmlns namespace cannot be declared');
            if ((prefix === 'xml') !== (uri === NS.xml))
              malformed('the xml prefix and namespace belong only to each other');
            continue;
          }
          const key = `${attr.namespaceURI ?? ''} ${attr.localName}`;
          if (seen.has(key))
            malformed(`attribute ${attr.name} appears twice (same namespace and local name)`);
          seen.add(key);
        }
      }
    }
    // Depth-first, iterative: documents deep enough to matter were refused by the prescan already.
    if (node.firstChild) node = node.firstChild;
    else {
      while (node && !node.nextSibling) node = node.parentNode === document ? null : node.parentNode;
      node = node ? node.nextSibling : null;
    }
  }
}

const xml10LineEnds = (source: string): string => source.replace(/\r\n?/g, '\n');

function failOnAnything(level: string, message: string): never {
  throw new Error(`${level}: ${message}`);
}

function byteLength(text: string, limit: number): number {
  // Every UTF-16 code unit is at least one UTF-8 byte and at most three.
  if (text.length > limit) return text.length;
  return text.length * 3 <= limit ? text.length : Buffer.byteLength(text, 'utf8');
}

/** Parses untrusted XML strictly; throws GatewayError XML_* naming the first problem. */
export function parseXmlStrict(input: string | Uint8Array, limits: Partial<XmlLimits> = {}): ParsedXml {
  const maxBytes = limits.maxBytes ?? DEFAULT_XML_LIMITS.maxBytes;
  const maxDepth = limits.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth;
  const size = typeof input === 'string' ? byteLength(input, maxBytes) : input.byteLength;
  if (size > maxBytes)
    throw new GatewayError('XML_TOO_LARGE', `the document has more than ${maxBytes} bytes`);
  const { text, encoding } = decodeXml(input);
  if (NOT_XML_CHAR.test(text)) malformed('the document contains a character XML 1.0 does not allow');
  if (XML_DECLARATION.test(text) && !VERSION_1_0.test(text)) malformed('only XML version 1.0 is accepted');
  prescan(text, maxDepth);
  let document: Document;
  try {
    document = new DOMParser({
      onError: failOnAnything,
      normalizeLineEndings: xml10LineEnds,
    }).parseFromString(text, 'text/xml');
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/^Reporting \w+ "?/, '').split('\n')[0] : String(error);
    return malformed(message ?? 'not well-formed');
  }
  if (!document.documentElement) malformed('the document has no root element');
  checkNamespacesAndAttributes(document);
  return { document, text, encoding };
}
