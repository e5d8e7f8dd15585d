/**
 * Which catalogue codes an operation can answer with: those of its own (`errors`) plus those every
 * operation of its kind has (authentication for a protected route, body parsing for one with a body,
 * rate limiting and server trouble for all).
 */
import type { ErrorCode } from '../../domain/errors';
import type { ApiOperation } from './operation';

const EVERY_API_CALL: readonly ErrorCode[] = ['RATE_LIMITED', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE'];
const PROTECTED: readonly ErrorCode[] = [
  'AUTH_REQUIRED',
  'AUTH_INVALID_TOKEN',
  'AUTH_TOKEN_EXPIRED',
  'AUTH_TOKEN_REVOKED',
  'FORBIDDEN',
];
/** A console session's state-changing call without the session's CSRF token. */
const SESSION_WRITE: readonly ErrorCode[] = ['CSRF_TOKEN_INVALID'];
const WITH_BODY: readonly ErrorCode[] = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
];
const WITH_INPUT: readonly ErrorCode[] = ['VALIDATION_FAILED'];

export function errorCodesOf(op: ApiOperation): ErrorCode[] {
  const onApi = op.path.startsWith('/api/v1/');
  const codes = [
    ...(op.errors ?? []),
    ...(onApi ? EVERY_API_CALL : ['INTERNAL_ERROR' as const]),
    ...(op.access === 'public' ? [] : PROTECTED),
    ...(op.access !== 'public' && op.method !== 'get' ? SESSION_WRITE : []),
    ...(op.body ? WITH_BODY : []),
    ...(op.query || op.params ? WITH_INPUT : []),
  ];
  return [...new Set(codes)];
}
