/** Permits we issue (issuer) and permits we received (customs, auditors). */
import { z } from 'zod';
import { ISSUED_PERMIT_STATUSES, RECEIVED_PERMIT_STATUSES } from '../../../domain/exchange/permit-records';
import { cancelBody, issuedPermitBodySchema, listQuery } from '../../permit-routes';
import { named, pathParams, type ApiOperation } from '../operation';
import { instant, pageOf, Permit } from '../views';

const Submitted = z.looseObject({
  permitKey: z.string(),
  messageId: z.string(),
  state: z.string(),
  destination: z.string(),
  created: z.boolean().describe('False when the same permit had been submitted before'),
});

const IssuedPermit = named(
  'IssuedPermit',
  issuedPermitBodySchema.extend({
    permitKey: z.string(),
    permit: Permit,
    signedXml: z
      .string()
      .optional()
      .describe('The CITESEPermit exactly as signed and sent (in the one-permit answer)'),
    destination: z.string(),
    status: z.enum(ISSUED_PERMIT_STATUSES),
    messageId: z.string(),
    createdAt: instant,
    usage: z
      .looseObject({
        declarationNumber: z.string(),
        clearedAt: instant,
        lines: z.array(z.looseObject({ lineId: z.string(), quantity: z.number() })),
      })
      .optional()
      .describe('The importing country confirmed clearance, with the quantities it cleared'),
  }),
);

const ReceivedPermit = named(
  'ReceivedPermit',
  z.looseObject({
    permitKey: z.string(),
    issuingCountry: z.string(),
    permit: Permit,
    signedXml: z
      .string()
      .optional()
      .describe('The CITESEPermit exactly as received (in the one-permit answer)'),
    signer: z.looseObject({ thumbprint: z.string(), subject: z.string() }),
    status: z.enum(RECEIVED_PERMIT_STATUSES),
    messageId: z.string(),
    receivedAt: instant,
  }),
);

const key = pathParams('key');
const KEY_NOTE = 'The permit key (KE/2026/NUMBER) is URL-encoded in the path (KE%2F2026%2FNUMBER).';
const XML = ['application/xml', 'text/xml'];
const PERMIT_ERRORS = [
  'PERMIT_INVALID',
  'XML_MALFORMED',
  'XML_DTD_FORBIDDEN',
  'XML_TOO_DEEP',
  'SCHEMA_INVALID',
] as const;

export const PERMIT_OPERATIONS: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/permits',
    id: 'issuePermit',
    tag: 'permits',
    summary: 'Issue a permit: the gateway signs it and sends it to the country of import',
    description:
      'JSON (this schema) or unsigned CITESEPermit XML. 202 when new, 200 when the same permit was submitted before.',
    access: ['issuer'],
    body: { schema: Permit, alsoAccepts: XML },
    answers: {
      202: { description: 'Stored and queued for delivery', schema: Submitted },
      200: { description: 'Submitted before: nothing new stored or sent', schema: Submitted },
    },
    errors: [...PERMIT_ERRORS, 'PERMIT_EXISTS', 'PERMIT_CONFLICT', 'PARTNER_NOT_FOUND', 'PARTNER_NOT_ACTIVE'],
  },
  {
    method: 'get',
    path: '/api/v1/permits',
    id: 'listIssuedPermits',
    tag: 'permits',
    summary:
      'Permits we issued, newest first; a full page ends with `next` (before, beforeKey), which pages on',
    access: ['issuer', 'auditor', 'admin'],
    query: listQuery,
    answers: { 200: { description: 'The permits', schema: pageOf(IssuedPermit) } },
  },
  {
    method: 'get',
    path: '/api/v1/permits/:key',
    id: 'getIssuedPermit',
    tag: 'permits',
    summary: 'One permit we issued',
    description: KEY_NOTE,
    access: ['issuer', 'auditor', 'admin'],
    params: key,
    answers: { 200: { description: 'The permit', schema: IssuedPermit } },
    errors: ['PERMIT_NOT_FOUND'],
  },
  {
    method: 'post',
    path: '/api/v1/permits/:key/cancel',
    id: 'cancelPermit',
    tag: 'permits',
    summary: 'Cancel a permit we issued; the importing country is told',
    description: KEY_NOTE,
    access: ['issuer'],
    params: key,
    body: { schema: cancelBody },
    answers: {
      202: {
        description: 'Cancelled; the cancellation is queued for delivery',
        schema: z.looseObject({
          permitKey: z.string(),
          messageId: z.string(),
          status: z.literal('CANCELLED'),
        }),
      },
    },
    errors: ['PERMIT_NOT_FOUND', 'PERMIT_STATE_CONFLICT'],
  },
  {
    method: 'post',
    path: '/api/v1/permits/:key/replace',
    id: 'replacePermit',
    tag: 'permits',
    summary: 'Replace a permit we issued by a new one that names it in replacesPermit',
    description: KEY_NOTE,
    access: ['issuer'],
    params: key,
    body: { schema: Permit, alsoAccepts: XML },
    answers: {
      202: { description: 'The new permit, queued', schema: Submitted.extend({ replaces: z.string() }) },
    },
    errors: [
      ...PERMIT_ERRORS,
      'PERMIT_NOT_FOUND',
      'PERMIT_STATE_CONFLICT',
      'PERMIT_EXISTS',
      'PERMIT_CONFLICT',
    ],
  },
  {
    method: 'get',
    path: '/api/v1/received-permits',
    id: 'listReceivedPermits',
    tag: 'customs',
    summary: 'Permits partners sent us, newest first; a full page ends with `next` (before, beforeKey)',
    access: ['customs', 'auditor', 'admin'],
    query: listQuery,
    answers: { 200: { description: 'The permits', schema: pageOf(ReceivedPermit) } },
  },
  {
    method: 'get',
    path: '/api/v1/received-permits/:key',
    id: 'getReceivedPermit',
    tag: 'customs',
    summary: 'One permit a partner sent us',
    description: KEY_NOTE,
    access: ['customs', 'auditor', 'admin'],
    params: key,
    answers: { 200: { description: 'The permit', schema: ReceivedPermit } },
    errors: ['PERMIT_NOT_FOUND'],
  },
];
