/**
 * Keeps secrets out of logs: values under secret-looking keys are replaced, and PEM private keys or bearer
 * tokens are cut out of any string, wherever they appear.
 */

const SECRET_KEY = /pass(word|phrase)?|secret|token|authorization|private|pkcs12|pfx|^key$|keyPem|apiKey/i;
const PRIVATE_PEM =
  /-----BEGIN ([A-Z0-9 ]+ )?PRIVATE KEY-----[\s\S]*?(-----END ([A-Z0-9 ]+ )?PRIVATE KEY-----|$)/g;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const TOKEN_LITERAL = /\bepx_[A-Za-z0-9_-]{16,}/g;

export const REDACTED = '[REDACTED]';

export function redactString(value: string): string {
  return value
    .replace(PRIVATE_PEM, REDACTED)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(TOKEN_LITERAL, REDACTED);
}

/** Returns a copy of `value` with secrets removed; cycles and depth are bounded. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactString(value.message),
      stack: value.stack && redactString(value.stack),
    };
  }
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && item !== undefined && item !== null ? REDACTED : redact(item, depth + 1, seen);
  }
  return out;
}
