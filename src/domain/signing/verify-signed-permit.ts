/**
 * A signed CITESEPermit document in, a verified permit out: the signature is checked strictly first
 * (verifyXmlSignature), then the permit is read from the very DOM that was digested, never from a second parse
 * of the input. Every failure is a code; hostile input never throws.
 */
import type { Permit } from '../permit/permit';
import { isGatewayError } from '../errors';
import { fromPermitXml } from '../xml/permit-xml';
import { verifyXmlSignatureSync, type VerifyXmlOptions, type XmlVerification } from './xml-verifier';

export type SignedPermitVerification =
  (Extract<XmlVerification, { ok: true }> & { permit: Permit }) | Extract<XmlVerification, { ok: false }>;

/** Synchronous form of verifySignedPermit. */
export function verifySignedPermitSync(
  input: string | Uint8Array,
  options: VerifyXmlOptions,
): SignedPermitVerification {
  const verified = verifyXmlSignatureSync(input, options);
  if (!verified.ok) return verified;
  try {
    return { ...verified, permit: fromPermitXml(verified.document) };
  } catch (error) {
    if (isGatewayError(error)) return { ok: false, code: error.code, message: error.message };
    return {
      ok: false,
      code: 'PERMIT_INVALID',
      message: `the permit cannot be read: ${(error as Error)?.message ?? String(error)}`,
    };
  }
}

/**
 * Verifies the signature of a CITESEPermit document against `trust` at `at` and reads the permit from the
 * verified DOM. Returns the permit, signer and algorithm, or the code of the first failure (SIGNATURE_*,
 * CERT_*, XML_*, PERMIT_UNRECOGNISED, PERMIT_INVALID).
 */
export function verifySignedPermit(
  input: string | Uint8Array,
  options: VerifyXmlOptions,
): Promise<SignedPermitVerification> {
  return Promise.resolve(verifySignedPermitSync(input, options));
}
