/**
 * Console users (admin):
 *  - GET /api/v1/users: every user (name, role, creation, disabling; never a password hash);
 *  - POST /api/v1/users `{ name, role, password }`: creates one with the password the administrator set
 *    once (only its scrypt hash is kept, and it is never returned);
 *  - POST /api/v1/users/:id/disable: the account can no longer sign in and its sessions end.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../domain/auth/password';
import type { SessionRepository } from '../domain/auth/session';
import { ROLES } from '../domain/auth/token';
import type { UserRepository } from '../domain/auth/user';
import type { AuditLog } from '../domain/audit/audit-entry';
import type { Clock } from '../domain/ports';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { createUser } from '../flows/create-user';
import { disableUser } from '../flows/disable-user';
import { audited, recordAction } from './audited-action';
import { actorOf, requireRole } from './auth';
import { parseBody } from './validate';

export const createUserRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(64),
  role: z.enum(ROLES),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH),
});

export const userViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  disabledAt: z.iso.datetime().optional(),
  disabledBy: z.string().optional(),
});
export const userListResponseSchema = z.object({ items: z.array(userViewSchema) });
export const disableUserResponseSchema = z.object({ user: userViewSchema, endedSessions: z.number() });

const userId = z.string().min(1).max(100);

export function userRoutes(deps: {
  authenticator: TokenAuthenticator;
  users: UserRepository;
  sessions: Pick<SessionRepository, 'deleteForUser'>;
  audit: Pick<AuditLog, 'append'>;
  clock: Clock;
}) {
  const admin = requireRole(deps.authenticator, 'admin');
  return (router: Router): void => {
    router.get('/users', admin, async (_req, res) => {
      res.json({ items: await deps.users.list() });
    });
    // createUser appends the success entry itself (as for `epix user create`); audited() records failures.
    router.post(
      '/users',
      admin,
      audited('user.created', () => 'user:(new)'),
      async (req, res) => {
        const input = parseBody(createUserRequestSchema, req.body);
        const user = await createUser(deps, { ...input, createdBy: actorOf(res).name });
        res.status(201).location(`/api/v1/users/${user.id}`).json(user);
      },
    );
    router.post(
      '/users/:id/disable',
      admin,
      audited('user.disabled', (req) => `user:${String(req.params.id)}`),
      async (req, res) => {
        const id = parseBody(userId, req.params.id);
        const result = await disableUser(deps, id, actorOf(res).name);
        await recordAction(res, {
          after: { name: result.user.name, role: result.user.role, endedSessions: result.endedSessions },
        });
        res.json(result);
      },
    );
  };
}
