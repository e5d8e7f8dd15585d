/** API tokens for machine clients (admin). */
import { z } from 'zod';
import { createTokenBody } from '../../token-routes';
import { pathParams, type ApiOperation } from '../operation';
import { ApiTokenView, itemsOf } from '../views';

export const TOKEN_OPERATIONS: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/tokens',
    id: 'createToken',
    tag: 'access',
    summary: 'Create an API token; its secret is in this answer only',
    access: ['admin'],
    body: { schema: createTokenBody },
    answers: {
      201: {
        description: 'Created',
        schema: ApiTokenView.extend({ token: z.string().describe('The secret: shown once') }),
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/tokens',
    id: 'listTokens',
    tag: 'access',
    summary: 'Every token: name, role, creation, expiry, last use, status (never a secret)',
    access: ['admin'],
    answers: { 200: { description: 'The tokens', schema: itemsOf(ApiTokenView) } },
  },
  {
    method: 'post',
    path: '/api/v1/tokens/:id/revoke',
    id: 'revokeToken',
    tag: 'access',
    summary: 'Revoke a token (refused by every instance within a second)',
    access: ['admin'],
    params: pathParams('id'),
    answers: { 200: { description: 'Revoked', schema: ApiTokenView } },
    errors: ['TOKEN_NOT_FOUND', 'TOKEN_ALREADY_REVOKED'],
  },
];
