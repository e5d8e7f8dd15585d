/** The audit trail and its signed checkpoints (admin; auditors read). */
import { z } from 'zod';
import { pageQuery } from '../../audit-routes';
import { named, pathParams, type ApiOperation } from '../operation';
import { instant, itemsOf } from '../views';

const AuditEntry = named(
  'AuditEntry',
  z.looseObject({
    seq: z.number().int(),
    at: instant,
    actor: z.string(),
    actorRole: z.string().optional(),
    action: z.string(),
    target: z.string(),
    outcome: z.enum(['success', 'failure']).optional(),
    requestId: z.string().optional(),
    before: z.unknown(),
    after: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  }),
);

const Checkpoint = named(
  'AuditCheckpoint',
  z.looseObject({
    country: z.string(),
    seq: z.number().int(),
    headHash: z.string(),
    signedAt: instant,
    document: z.string().describe('Where the signed XML is'),
  }),
);

export const AUDIT_OPERATIONS: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/audit',
    id: 'listAuditEntries',
    tag: 'audit',
    summary: 'The audit trail in order; `next` is the cursor of the following page (null at the end)',
    access: ['admin', 'auditor'],
    query: pageQuery,
    answers: {
      200: {
        description: 'A page of entries',
        schema: z.looseObject({ items: z.array(AuditEntry), next: z.number().int().nullable() }),
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/audit/checkpoints',
    id: 'createAuditCheckpoint',
    tag: 'audit',
    summary: "Sign the chain's head now (201; 200 when that head was signed already)",
    access: ['admin'],
    answers: {
      201: { description: 'Signed', schema: Checkpoint },
      200: { description: 'Signed before', schema: Checkpoint },
    },
    errors: ['CONFLICT'],
  },
  {
    method: 'get',
    path: '/api/v1/audit/checkpoints',
    id: 'listAuditCheckpoints',
    tag: 'audit',
    summary: 'Every checkpoint',
    access: ['admin', 'auditor'],
    answers: { 200: { description: 'The checkpoints', schema: itemsOf(Checkpoint) } },
  },
  {
    method: 'get',
    path: '/api/v1/audit/checkpoints/:seq',
    id: 'getAuditCheckpoint',
    tag: 'audit',
    summary: 'The signed XML of one checkpoint, for `epix audit verify --checkpoint`',
    access: ['admin', 'auditor'],
    params: pathParams('seq'),
    answers: { 200: { description: 'Signed XML', content: ['application/xml'] } },
    errors: ['AUDIT_CHECKPOINT_NOT_FOUND'],
  },
];
