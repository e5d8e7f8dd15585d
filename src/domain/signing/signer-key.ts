/**
 * The key policy for document signatures, shared by signer and verifier: RSA with at least 2048 bits, or EC
 * on P-256 / P-384. Anything else (RSA-1024, DSA, Ed25519, other curves) is refused.
 */
import type { KeyObject } from 'node:crypto';
import type { KeyKind } from './algorithms';

export const MIN_RSA_BITS = 2048;

const CURVES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384' };

export type SignerKeyCheck = { ok: true; kind: KeyKind; curve?: string } | { ok: false; message: string };

/** Whether a signer public key is allowed, and which kind it is. */
export function checkSignerKey(key: KeyObject): SignerKeyCheck {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa') {
    const bits = details.modulusLength ?? 0;
    return bits >= MIN_RSA_BITS
      ? { ok: true, kind: 'rsa' }
      : { ok: false, message: `RSA key of ${bits} bits (at least ${MIN_RSA_BITS} needed)` };
  }
  if (type === 'ec') {
    const curve = CURVES[details.namedCurve ?? ''];
    return curve
      ? { ok: true, kind: 'ec', curve }
      : { ok: false, message: `EC curve ${details.namedCurve ?? '?'} (P-256 or P-384 needed)` };
  }
  return { ok: false, message: `${type ?? 'unknown'} key (RSA or EC needed)` };
}
