/**
 * Turns the bytes of an XML document into text. Only UTF-8 and UTF-16 are accepted (the two encodings every
 * XML processor must read); the byte order mark, the bytes themselves and the declared encoding label must
 * agree, otherwise the document is refused with XML_ENCODING_INVALID instead of being guessed at.
 */
import { GatewayError } from '../errors';

export type XmlEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE';

export interface DecodedXml {
  text: string;
  encoding: XmlEncoding;
}

const DECLARATION = /^<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/;

function fail(message: string): never {
  throw new GatewayError('XML_ENCODING_INVALID', message);
}

/** The encoding named in the XML declaration, upper-cased, or undefined when there is none. */
export function declaredEncoding(text: string): string | undefined {
  return DECLARATION.exec(text)?.[2]?.toUpperCase();
}

function checkLabel(label: string | undefined, encoding: XmlEncoding): void {
  if (label === undefined) return;
  const utf16 = label === 'UTF-16' || label === 'UTF-16LE' || label === 'UTF-16BE';
  if (encoding === 'UTF-8') {
    if (label === 'UTF-8' || label === 'US-ASCII' || label === 'ASCII') return;
    if (utf16) fail(`the document declares ${label} but its bytes are UTF-8`);
    fail(`unsupported encoding ${label}: only UTF-8 and UTF-16 are accepted`);
  }
  if (!utf16) fail(`the document is UTF-16 but declares ${label}`);
  if (label !== 'UTF-16' && label !== encoding)
    fail(`the document declares ${label} but its bytes are ${encoding}`);
}

function decodeWith(encoding: XmlEncoding, bytes: Uint8Array): string {
  const label = encoding === 'UTF-8' ? 'utf-8' : encoding.toLowerCase();
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail(`the bytes are not valid ${encoding}`);
  }
}

/** Decodes document bytes; a string is taken as already decoded (a leading U+FEFF is dropped). */
export function decodeXml(input: string | Uint8Array): DecodedXml {
  if (typeof input === 'string') {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    const label = declaredEncoding(text);
    if (label !== undefined && !/^(UTF-8|UTF-16(LE|BE)?|US-ASCII|ASCII)$/.test(label)) {
      fail(`unsupported encoding ${label}: only UTF-8 and UTF-16 are accepted`);
    }
    return { text, encoding: 'UTF-8' };
  }
  const b0 = input[0];
  const b1 = input[1];
  let encoding: XmlEncoding = 'UTF-8';
  let offset = 0;
  if (b0 === 0xef && b1 === 0xbb && input[2] === 0xbf) offset = 3;
  else if (b0 === 0xff && b1 === 0xfe) [encoding, offset] = ['UTF-16LE', 2];
  else if (b0 === 0xfe && b1 === 0xff) [encoding, offset] = ['UTF-16BE', 2];
  else if (b0 === 0x3c && b1 === 0x00) encoding = 'UTF-16LE';
  else if (b0 === 0x00 && b1 === 0x3c) encoding = 'UTF-16BE';
  const body = input.subarray(offset);
  if (encoding !== 'UTF-8' && body.length % 2 !== 0) fail(`an odd number of bytes cannot be ${encoding}`);
  const text = decodeWith(encoding, body);
  if (encoding !== 'UTF-8' && !/^[ \t\r\n]*</.test(text)) {
    fail(`the bytes do not read as XML in ${encoding}: the byte order mark does not match the content`);
  }
  checkLabel(declaredEncoding(text), encoding);
  return { text, encoding };
}
