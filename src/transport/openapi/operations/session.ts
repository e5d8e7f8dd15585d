/** The web console's session: sign in, who is signed in, sign out. */
import { z } from 'zod';
import { signInRequestSchema } from '../../../domain/auth/console-session-api';
import { ROLES } from '../../../domain/auth/token';
import type { ApiOperation } from '../operation';

const sessionView = z.looseObject({
  name: z.string(),
  role: z.enum(ROLES),
  csrfToken: z.string().describe('Send it as X-CSRF-Token with every state-changing call'),
  idleTimeoutSeconds: z.number().int(),
});

export const SESSION_OPERATIONS: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/session',
    id: 'signIn',
    tag: 'console',
    summary: 'Sign in to the console (sets the HttpOnly session cookie)',
    access: 'public',
    body: { schema: signInRequestSchema },
    answers: { 201: { description: 'Signed in', schema: sessionView } },
    errors: ['SIGN_IN_FAILED', 'ACCOUNT_LOCKED'],
  },
  {
    method: 'get',
    path: '/api/v1/session',
    id: 'getSession',
    tag: 'console',
    summary: 'Who is signed in',
    access: 'session',
    answers: { 200: { description: 'The session', schema: sessionView } },
  },
  {
    method: 'delete',
    path: '/api/v1/session',
    id: 'signOut',
    tag: 'console',
    summary: 'Sign out',
    access: 'session',
    answers: { 204: { description: 'Signed out' } },
  },
];
