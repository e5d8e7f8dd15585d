/**
 * One error type for the whole gateway, and one catalogue of codes.
 *
 * The catalogue decides how a failure looks everywhere: its HTTP status, whether a queue consumer retries
 * it or dead-letters it, and its default text. A flow throws `new GatewayError('CERT_EXPIRED', ...)`; the
 * HTTP layer, the receipt builder and the logs all read the same entry.
 */

export type ErrorCategory =
  'validation' | 'authentication' | 'authorization' | 'not-found' | 'conflict' | 'transient' | 'internal';

export interface ErrorSpec {
  readonly status: number;
  readonly category: ErrorCategory;
  /** What a queue consumer does with a message that failed this way. */
  readonly disposition: 'retry' | 'dead-letter';
  readonly text: string;
}

const spec = (
  status: number,
  category: ErrorCategory,
  text: string,
  disposition: 'retry' | 'dead-letter' = category === 'transient' ? 'retry' : 'dead-letter',
): ErrorSpec => ({ status, category, disposition, text });

/**
 * Every stable error code. Codes are part of the public contract (API bodies, receipts, CLI output):
 * add new ones, never rename.
 */
export const ERROR_CATALOGUE = {
  // Generic request problems
  VALIDATION_FAILED: spec(400, 'validation', 'The request is not valid'),
  MALFORMED_JSON: spec(400, 'validation', 'The request body is not valid JSON'),
  UNSUPPORTED_MEDIA_TYPE: spec(415, 'validation', 'The content type is not accepted here'),
  PAYLOAD_TOO_LARGE: spec(413, 'validation', 'The request body is larger than allowed'),
  NOT_FOUND: spec(404, 'not-found', 'No such resource'),
  CONFLICT: spec(409, 'conflict', 'The resource is in a state that does not allow this'),
  INTERNAL_ERROR: spec(500, 'internal', 'Internal error'),
  SERVICE_UNAVAILABLE: spec(503, 'transient', 'A service the gateway depends on is unavailable'),

  // Configuration and start-up
  CONFIG_INVALID: spec(500, 'internal', 'The configuration is not valid'),
  IDENTITY_INVALID: spec(500, 'internal', 'The configured certificates or keys are not usable'),

  // Internal API authentication
  AUTH_REQUIRED: spec(401, 'authentication', 'A bearer token is required'),
  AUTH_INVALID_TOKEN: spec(401, 'authentication', 'The bearer token is not valid'),
  FORBIDDEN: spec(403, 'authorization', 'The token does not have a role allowed to do this'),
  AUTH_TOKEN_EXPIRED: spec(401, 'authentication', 'The bearer token has expired'),
  AUTH_TOKEN_REVOKED: spec(401, 'authentication', 'The bearer token was revoked'),
  TOKEN_NOT_FOUND: spec(404, 'not-found', 'No API token with this id'),
  TOKEN_ALREADY_REVOKED: spec(409, 'conflict', 'The API token was already revoked'),

  // Console users and sessions (issue 16)
  SIGN_IN_FAILED: spec(401, 'authentication', 'The name or the password is wrong'),
  ACCOUNT_LOCKED: spec(429, 'authentication', 'Too many failed sign-ins: this account is locked for a while'),
  CSRF_TOKEN_INVALID: spec(
    403,
    'authorization',
    'The X-CSRF-Token header is missing or does not match the session',
  ),
  USER_EXISTS: spec(409, 'conflict', 'A user with this name already exists'),
  USER_NOT_FOUND: spec(404, 'not-found', 'No console user with this id'),

  // Permit document and signatures (issue 3)
  XML_MALFORMED: spec(400, 'validation', 'The document is not well-formed XML'),
  XML_DTD_FORBIDDEN: spec(400, 'validation', 'DOCTYPE and entity declarations are not allowed'),
  XML_TOO_LARGE: spec(413, 'validation', 'The document is larger than allowed'),
  XML_TOO_DEEP: spec(400, 'validation', 'The document nests elements deeper than allowed'),
  XML_ENCODING_INVALID: spec(400, 'validation', 'The document is not valid UTF-8 or UTF-16'),
  SCHEMA_INVALID: spec(400, 'validation', 'The document does not conform to the CITESEPermit schema'),
  PERMIT_INVALID: spec(400, 'validation', 'The permit is not valid'),
  PERMIT_UNRECOGNISED: spec(400, 'validation', 'No CITESEPermit (v2) or CBFShip (v1) permit found'),
  SIGNATURE_MISSING: spec(422, 'authentication', 'The document is not signed'),
  SIGNATURE_MULTIPLE: spec(422, 'authentication', 'The document has more than one signature'),
  SIGNATURE_MISPLACED: spec(422, 'authentication', 'The signature is not a child of the document element'),
  SIGNATURE_MALFORMED: spec(422, 'authentication', 'The signature is not structured as required'),
  SIGNATURE_REFERENCE_INVALID: spec(422, 'authentication', 'The signature needs one Reference, with URI=""'),
  SIGNATURE_ALGORITHM_FORBIDDEN: spec(422, 'authentication', 'The signature uses a forbidden algorithm'),
  SIGNATURE_KEYINFO_MISSING: spec(422, 'authentication', 'The signature carries no X.509 signer certificate'),
  SIGNATURE_KEYINFO_INVALID: spec(422, 'authentication', 'The signature KeyInfo is not readable X.509 data'),
  SIGNATURE_INVALID: spec(422, 'authentication', 'The signature does not verify'),
  CERT_UNTRUSTED: spec(422, 'authentication', 'The signer certificate does not chain to a trusted anchor'),
  CERT_EXPIRED: spec(422, 'authentication', 'A signer chain certificate had expired'),
  CERT_NOT_YET_VALID: spec(422, 'authentication', 'A signer chain certificate was not yet valid'),
  CERT_KEY_USAGE: spec(422, 'authentication', 'The signer certificate is not allowed to sign documents'),
  CERT_SELF_SIGNED_LEAF: spec(422, 'authentication', 'The signer certificate is self-signed'),
  CERT_KEY_UNSUPPORTED: spec(422, 'authentication', 'The signer key type or size is not allowed'),
  TRUST_ANCHOR_INVALID: spec(400, 'validation', 'The trust anchors are not readable X.509 certificates'),

  // Partners and certificates (issue 4). Certificate uploads also use CERT_EXPIRED, CERT_KEY_USAGE and
  // CERT_KEY_UNSUPPORTED above (with a message naming the upload's role).
  PARTNER_NOT_FOUND: spec(404, 'not-found', 'No partner with this country code'),
  PARTNER_EXISTS: spec(409, 'conflict', 'A partner with this country code already exists'),
  PARTNER_IS_OWN_COUNTRY: spec(400, 'validation', 'Our own country cannot be added as a partner'),
  // retried: the delivery worker keeps trying until an administrator adds the anchor or the budget runs out
  PARTNER_NO_TLS_ANCHOR: spec(409, 'conflict', 'The partner has no trusted tls-ca certificate', 'retry'),
  PARTNER_UNREACHABLE: spec(502, 'transient', 'The partner gateway could not be reached'),
  PARTNER_TLS_FAILED: spec(502, 'transient', 'The mutual-TLS handshake with the partner gateway failed'),
  PARTNER_TIMEOUT: spec(504, 'transient', 'The partner gateway did not answer in time'),
  CERT_UNPARSEABLE: spec(400, 'validation', 'The certificate cannot be read'),
  CERT_PKCS12_INVALID: spec(
    400,
    'validation',
    'The PKCS#12 file cannot be opened (wrong password or damaged)',
  ),
  CERT_PKCS12_EC_UNSUPPORTED: spec(
    400,
    'validation',
    'PKCS#12 files with EC keys or certificates are not supported; upload the certificate as PEM or DER',
  ),
  CERT_WEAK_KEY: spec(422, 'validation', 'The key is too weak (RSA needs 2048 bits or more, EC 256 or more)'),
  CERT_NOT_CA: spec(422, 'validation', 'A CA role needs a CA certificate (basicConstraints CA, keyCertSign)'),
  CERT_NOT_LEAF: spec(422, 'validation', 'A pinned leaf role needs an end-entity certificate, not a CA'),
  CERT_COUNTRY_MISMATCH: spec(422, 'validation', 'The certificate subject C= is not the partner country'),
  CERT_REVOKED: spec(409, 'conflict', 'The certificate was revoked and cannot be trusted again'),
  CERT_NOT_FOUND: spec(404, 'not-found', 'The partner has no certificate with this fingerprint'),
  EXCHANGE_CLIENT_UNTRUSTED: spec(
    403,
    'authorization',
    'The client certificate does not belong to a trusted partner certificate',
  ),
  EXCHANGE_PARTNER_INACTIVE: spec(403, 'authorization', 'The partner is not active'),
  EXCHANGE_COUNTRY_MISMATCH: spec(
    403,
    'authorization',
    "The client certificate's subject C= is not the partner that trusts its CA",
  ),
  AUDIT_CHAIN_BROKEN: spec(500, 'internal', 'The audit log hash chain is broken'),
  AUDIT_APPEND_CONFLICT: spec(503, 'transient', 'The audit log entry could not be appended; try again'),
  AUDIT_CHECKPOINT_NOT_FOUND: spec(404, 'not-found', 'No audit checkpoint at this sequence number'),
  AUDIT_CHECKPOINT_INVALID: spec(422, 'validation', 'The audit checkpoint is not a valid signed checkpoint'),
  AUDIT_CHECKPOINT_MISMATCH: spec(500, 'internal', 'The audit log no longer matches a signed checkpoint'),

  // Risk backtest input (issue 15): `epix risk backtest` on a customs history CSV
  RISK_COLUMN_MISSING: spec(400, 'validation', 'The input has no column with this name'),
  RISK_INPUT_INVALID: spec(400, 'validation', 'The backtest input or options cannot be used'),

  // Exchange (issue 5)
  ENVELOPE_INVALID: spec(400, 'validation', 'The exchange message envelope is not valid'),
  RECEIPT_INVALID: spec(502, 'transient', 'The partner answered with a receipt that is not valid'),
  RECEIPT_MISMATCH: spec(
    502,
    'transient',
    'The receipt does not answer our message (wrong message id, digest or countries)',
  ),
  EXCHANGE_SIGNER_MISMATCH: spec(
    403,
    'authorization',
    'The message is signed by another country than the TLS client partner',
  ),
  EXCHANGE_FROM_MISMATCH: spec(403, 'authorization', 'The message From is not the sending partner'),
  EXCHANGE_NOT_ADDRESSED_TO_US: spec(403, 'authorization', 'The message is addressed to another country'),
  EXCHANGE_ISSUER_MISMATCH: spec(
    403,
    'authorization',
    'The permit was issued by another country than the sending partner',
  ),
  EXCHANGE_DOCUMENT_TYPE_NOT_ALLOWED: spec(
    403,
    'authorization',
    'The partner is not allowed to send this document type',
  ),
  EXCHANGE_PERMIT_KEY_MISMATCH: spec(
    400,
    'validation',
    'The envelope PermitKey is not the permit it carries',
  ),
  PERMIT_CONFLICT: spec(409, 'conflict', 'A different permit with the same key was already received'),
  PERMIT_NOT_FOUND: spec(404, 'not-found', 'No permit with this key'),
  PERMIT_EXISTS: spec(409, 'conflict', 'A permit with this key was already issued'),
  PERMIT_STATE_CONFLICT: spec(409, 'conflict', 'The permit is not in a state that allows this'),
  MESSAGE_NOT_FOUND: spec(404, 'not-found', 'No message with this id'),
  MESSAGE_NOT_RESENDABLE: spec(409, 'conflict', 'Only FAILED outbound messages can be resent'),
  PARTNER_HTTP_ERROR: spec(502, 'transient', 'The partner gateway answered with a server error'),
  PARTNER_REJECTED: spec(422, 'validation', 'The partner gateway rejected the message'),
  DELIVERY_EXHAUSTED: spec(504, 'internal', 'The message could not be delivered within the retry policy'),
  PARTNER_NOT_ACTIVE: spec(409, 'conflict', 'The destination partner is not onboarded and active'),

  // Customs verification (issue 6). Verdict reasons (NOT_RECEIVED, ALREADY_USED ...) are not errors: they
  // live in domain/verification/reason-codes.ts. These are requests that cannot be evaluated.
  VERIFICATION_NOT_FOUND: spec(404, 'not-found', 'No verification with this id'),
  DECLARATION_ALREADY_VERIFIED: spec(
    409,
    'conflict',
    'This declaration number was already verified with other content (a REJECTED one can be rechecked)',
  ),
  PERMIT_KEY_AMBIGUOUS: spec(
    409,
    'conflict',
    'Several permits with this number were received from that country; give the issue year',
  ),
  IMPORT_PERMIT_EXISTS: spec(409, 'conflict', 'Another import permit with this key was already recorded'),
  IMPORT_PERMIT_NOT_OURS: spec(
    400,
    'validation',
    'Only import permits (type I) of our own country can be recorded',
  ),

  // Reports and statistics (issue 17)
  REPORT_YEAR_INVALID: spec(400, 'validation', 'The report year is not a year with CITES trade to report'),
  REPORT_FORMAT_UNSUPPORTED: spec(400, 'validation', 'The report format is not csv, xlsx or json'),
  // Exchange integrity (issue 13)
  EXCHANGE_PERMIT_NOT_OWNED: spec(
    403,
    'authorization',
    'The message cancels or replaces a permit the sending partner did not issue',
  ),
  EXCHANGE_REPLACES_MISMATCH: spec(
    403,
    'authorization',
    'The envelope Replaces is not the permit the signed replacement says it replaces',
  ),
  EXCHANGE_USAGE_NOT_OURS: spec(
    403,
    'authorization',
    'The usage confirmation names a permit we did not issue to the sending partner',
  ),
  EXCHANGE_SIGNER_COUNTRY_MISSING: spec(
    403,
    'authorization',
    'The signer certificate names no country (subject C=), so it cannot speak for the sending partner',
  ),
  CERT_REVOCATION_UNKNOWN: spec(
    503,
    'transient',
    "The certificate's revocation status cannot be checked (CRL unreachable or stale) and the policy is hard-fail",
  ),
  RATE_LIMITED: spec(429, 'transient', 'Too many requests; retry after the time given in Retry-After'),
  // Administrator CRL uploads (issue 13), for partners without a reachable CRL distribution point
  CRL_INVALID: spec(400, 'validation', 'The upload is not a readable X.509 CRL (PEM or base64 DER)'),
  CRL_NOT_FROM_PARTNER_ANCHOR: spec(
    422,
    'validation',
    "The CRL is not signed by one of the partner's trusted CA certificates (tls-ca or signing-ca)",
  ),
  CRL_EXPIRED: spec(422, 'validation', 'The CRL is past its nextUpdate: it no longer says anything current'),
  CRL_NOT_YET_VALID: spec(422, 'validation', 'The CRL thisUpdate is in the future'),
  // Alert delivery and retention (issue 18)
  ALERT_NOT_FOUND: spec(404, 'not-found', 'No alert with this id'),
  // Customs risk targeting (issue 15)
  RISK_PROFILE_NOT_FOUND: spec(404, 'not-found', 'No risk profile with this id'),
  RISK_PROFILE_VERSION_CONFLICT: spec(
    409,
    'conflict',
    'The risk profile was changed since the version this change is based on; read it again',
  ),
  RISK_ASSESSMENT_NOT_FOUND: spec(404, 'not-found', 'No risk assessment with this id'),
  RISK_DECLARATION_ALREADY_ASSESSED: spec(
    409,
    'conflict',
    'This declaration number was already assessed with other content',
  ),
  RISK_CONTROL_RESULT_EXISTS: spec(
    409,
    'conflict',
    'A control result was already recorded for this assessment',
  ),
  RISK_TRAINING_NOT_ENOUGH_RESULTS: spec(
    409,
    'conflict',
    'Not enough control results (with both findings and clean inspections) to train a model',
  ),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, options?: { details?: unknown; cause?: unknown }) {
    super(
      message ?? ERROR_CATALOGUE[code].text,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'GatewayError';
    this.code = code;
    this.details = options?.details;
  }

  get category(): ErrorCategory {
    return ERROR_CATALOGUE[this.code].category;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  get disposition(): 'retry' | 'dead-letter' {
    return ERROR_CATALOGUE[this.code].disposition;
  }

  /** The body every API error uses: `{ error: { code, message, details? } }`. */
  toBody(): { error: { code: ErrorCode; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, value);
}

/**
 * The warnings an ACCEPTED_WITH_WARNINGS receipt can carry: the message was accepted and stored, and the
 * sender should know this about it. Codes are public like the error codes: add, never rename.
 */
export const RECEIPT_WARNING_CATALOGUE = {
  PERMIT_UNKNOWN: 'The permit this message is about was never received here',
  PERMIT_DESTINATION_OTHER: 'The permit names another country of import',
  PERMIT_EXPIRED_ON_ARRIVAL: 'The permit had expired when it arrived',
  PERMIT_ALREADY_RECEIVED: 'The same permit was received before in another message',
} as const satisfies Record<string, string>;

export type ReceiptWarningCode = keyof typeof RECEIPT_WARNING_CATALOGUE;
