/** Customs verification of presented permits, and our own import permits (Appendix I). */
import { z } from 'zod';
import { verificationRequestSchema } from '../../../domain/verification/declaration';
import { REASON_CODES } from '../../../domain/verification/reason-codes';
import { listQuery as importListQuery, recordBody } from '../../import-permit-routes';
import { listQuery as verificationListQuery } from '../../verification-routes';
import { named, pathParams, type ApiOperation } from '../operation';
import { instant, itemsOf, Permit } from '../views';
import { AssessmentSummary } from './risk';

const Reason = z.looseObject({
  code: z.enum(Object.keys(REASON_CODES) as [string, ...string[]]),
  message: z.string().describe('In plain words, for the officer'),
  declarationLine: z.number().int().optional(),
  block: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const Verification = named(
  'Verification',
  z.looseObject({
    id: z.string(),
    declarationNumber: z.string(),
    attempt: z.number().int(),
    permitKey: z.string(),
    verdict: z.enum(['ACCEPTED', 'REJECTED']),
    reasons: z.array(Reason),
    reasonCodes: z.array(z.string()),
    permit: z.looseObject({}).nullable(),
    presented: z.looseObject({}),
    declaration: z.looseObject({ declarationNumber: z.string() }),
    verifiedAt: instant,
    verifiedBy: z.string(),
  }),
);

const Answer = Verification.extend({
  replayed: z.boolean().describe('True when the same request was answered before (nothing new stored)'),
  assessment: AssessmentSummary.optional().describe('The risk lane, when risk targeting is on'),
});

const ImportPermit = named(
  'ImportPermit',
  z.looseObject({
    permitKey: z.string(),
    permit: Permit,
    status: z.string(),
    recordedAt: instant,
    recordedBy: z.string(),
  }),
);

const VERIFY_ERRORS = ['DECLARATION_ALREADY_VERIFIED', 'PERMIT_KEY_AMBIGUOUS', 'PERMIT_INVALID'] as const;

export const CUSTOMS_OPERATIONS: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/verifications',
    id: 'verifyPresentedPermit',
    tag: 'customs',
    summary:
      'Verify a presented permit and declaration against what was received: the verdict and every reason',
    description: '201 for a new verification; 200 when the same request was answered before.',
    access: ['customs'],
    body: { schema: verificationRequestSchema },
    answers: {
      201: { description: 'Verified', schema: Answer },
      200: { description: 'Answered before', schema: Answer },
    },
    errors: VERIFY_ERRORS,
  },
  {
    method: 'get',
    path: '/api/v1/verifications',
    id: 'listVerifications',
    tag: 'customs',
    summary: 'Verifications, newest first, with filters',
    access: ['customs', 'auditor'],
    query: verificationListQuery,
    answers: { 200: { description: 'The verifications', schema: itemsOf(Verification) } },
  },
  {
    method: 'get',
    path: '/api/v1/verifications/:id',
    id: 'getVerification',
    tag: 'customs',
    summary: 'One verification',
    access: ['customs', 'auditor'],
    params: pathParams('id'),
    answers: { 200: { description: 'The verification', schema: Verification } },
    errors: ['VERIFICATION_NOT_FOUND'],
  },
  {
    method: 'post',
    path: '/api/v1/import-permits',
    id: 'recordImportPermit',
    tag: 'customs',
    summary: 'Record an import permit we issued (JSON document or unsigned XML), for Appendix I checks',
    access: ['issuer'],
    body: { schema: recordBody },
    answers: {
      201: { description: 'Recorded', schema: ImportPermit },
      200: { description: 'The same permit was recorded before', schema: ImportPermit },
    },
    errors: [
      'IMPORT_PERMIT_EXISTS',
      'IMPORT_PERMIT_NOT_OURS',
      'PERMIT_INVALID',
      'XML_MALFORMED',
      'XML_DTD_FORBIDDEN',
    ],
  },
  {
    method: 'get',
    path: '/api/v1/import-permits',
    id: 'listImportPermits',
    tag: 'customs',
    summary: 'Our import permits',
    access: ['issuer', 'customs', 'auditor'],
    query: importListQuery,
    answers: { 200: { description: 'The import permits', schema: itemsOf(ImportPermit) } },
  },
];
