/** What the console's administrator and auditor screens read: users, the overview, the audit chain's state. */
import { auditVerificationResponseSchema } from '../../audit-verification-routes';
import { overviewQuerySchema, overviewResponseSchema } from '../../overview-routes';
import {
  createUserRequestSchema,
  disableUserResponseSchema,
  userListResponseSchema,
  userViewSchema,
} from '../../user-routes';
import { named, pathParams, type ApiOperation } from '../operation';

const User = named('User', userViewSchema);

export const CONSOLE_ADMIN_OPERATIONS: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/users',
    id: 'listUsers',
    tag: 'access',
    summary: 'Console users (never a password hash)',
    access: ['admin'],
    answers: { 200: { description: 'The users', schema: userListResponseSchema } },
  },
  {
    method: 'post',
    path: '/api/v1/users',
    id: 'createUser',
    tag: 'access',
    summary: 'Create a console user with a password the administrator sets once (only its hash is kept)',
    access: ['admin'],
    body: { schema: createUserRequestSchema },
    answers: { 201: { description: 'Created', schema: User } },
    errors: ['USER_EXISTS'],
  },
  {
    method: 'post',
    path: '/api/v1/users/:id/disable',
    id: 'disableUser',
    tag: 'access',
    summary: 'Disable a console user: it can no longer sign in and its sessions end',
    access: ['admin'],
    params: pathParams('id'),
    answers: { 200: { description: 'Disabled', schema: disableUserResponseSchema } },
    errors: ['USER_NOT_FOUND'],
  },
  {
    method: 'get',
    path: '/api/v1/overview',
    id: 'getOverview',
    tag: 'operations',
    summary:
      'The console overview: messages by partner and state, failed deliveries, open alerts, expiring certificates, verdicts',
    access: ['admin', 'auditor'],
    query: overviewQuerySchema,
    answers: { 200: { description: 'Counted by the database', schema: overviewResponseSchema } },
  },
  {
    method: 'get',
    path: '/api/v1/audit/verification',
    id: 'verifyAuditChain',
    tag: 'audit',
    summary:
      'The audit chain checked now (hash links and checkpoint signatures); ok: false names the first broken entry',
    access: ['admin', 'auditor'],
    answers: { 200: { description: 'The result', schema: auditVerificationResponseSchema } },
  },
];
