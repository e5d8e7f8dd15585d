/**
 * A signed CITESEPermit document in, a verified permit out. The signature is checked strictly first
 * (verifyXmlSignature); then, on the very DOM and text that were verified (never a second parse of the input),
 * the root must be our CITESEPermit profile, the permit must read and validate field by field, and the text
 * must conform to schemas/citesepermit.xsd. Every failure is a code; hostile input never throws.
 */
import type { Permit } from '../permit/permit';
import { isGatewayError } from '../errors';
import { fromPermitXml } from '../xml/permit-xml';
import { loadPermitSchema, type SchemaValidator } from '../xml/schema-validator';
import { verifyXmlSignatureSync, type VerifyXmlOptions, type XmlVerification } from './xml-verifier';

export type SignedPermitVerification =
  (Extract<XmlVerification, { ok: true }> & { permit: Permit }) | Extract<XmlVerification, { ok: false }>;

export interface VerifySignedPermitOptions extends VerifyXmlOptions {
  /** The permit schema; loaded once per process (loadPermitSchema) when not given. */
  schema?: SchemaValidator;
}

/**
 * Synchronous form of verifySignedPermit for callers that hold the compiled schema (benchmarks, batch
 * tools). Without `schema` the XSD check is skipped, so production code uses verifySignedPermit.
 */
export function verifySignedPermitSync(
  input: string | Uint8Array,
  options: VerifySignedPermitOptions,
): SignedPermitVerification {
  const verified = verifyXmlSignatureSync(input, options);
  if (!verified.ok) return verified;
  try {
    const permit = fromPermitXml(verified.document);
    options.schema?.assertValid(verified.text);
    return { ...verified, permit };
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
 * Verifies the signature of a CITESEPermit document against `trust` at `at`, reads the permit from the
 * verified DOM and validates it against the permit XSD. Returns the permit, signer and algorithm, or the code
 * of the first failure (XML_*, SIGNATURE_*, CERT_*, PERMIT_UNRECOGNISED, PERMIT_INVALID, SCHEMA_INVALID).
 */
export async function verifySignedPermit(
  input: string | Uint8Array,
  options: VerifySignedPermitOptions,
): Promise<SignedPermitVerification> {
  const schema = options.schema ?? (await loadPermitSchema());
  return verifySignedPermitSync(input, { ...options, schema });
}
