/**
 * Token administration (admin): POST /api/v1/tokens creates one (the secret is in this answer only),
 * GET /api/v1/tokens lists them (name, role, creation, expiry, last use, status; never the secret or its
 * hash), POST /api/v1/tokens/:id/revoke revokes one.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiToken, TokenRepository } from '../domain/auth/token';
import { tokenStatus, type TokenLifetimePolicy } from '../domain/auth/token-lifetime';
import type { Clock } from '../domain/ports';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { createToken, type CreateTokenDeps } from '../flows/create-token';
import { revokeToken, type RevokeTokenDeps } from '../flows/revoke-token';
import { actorOf, requireRole } from './auth';
import { parseBody } from './validate';

export const createTokenBody = z
  .object({
    role: z.string(),
    name: z.string(),
    expiresIn: z.string().optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export function tokenRoutes(deps: {
  authenticator: TokenAuthenticator;
  tokens: TokenRepository;
  clock: Clock;
  lifetime?: TokenLifetimePolicy;
  onCreated?: CreateTokenDeps['onCreated'];
  onRevoked?: RevokeTokenDeps['onRevoked'];
}) {
  const admin = requireRole(deps.authenticator, 'admin');
  const shown = (token: ApiToken) => ({ ...token, status: tokenStatus(token, deps.clock.now()) });
  return (router: Router): void => {
    router.post('/tokens', admin, async (req, res) => {
      const { expiresAt, ...body } = parseBody(createTokenBody, req.body);
      const created = await createToken(deps, {
        ...body,
        ...(expiresAt !== undefined && { expiresAt: new Date(expiresAt) }),
        createdBy: actorOf(res).name,
      });
      res.status(201).json({ token: created.token, ...shown(created.record) });
    });
    router.get('/tokens', admin, async (_req, res) => {
      res.json({ items: (await deps.tokens.list()).map(shown) });
    });
    router.post('/tokens/:id/revoke', admin, async (req, res) => {
      const revoked = await revokeToken(deps, { id: String(req.params.id), revokedBy: actorOf(res).name });
      res.json(shown(revoked));
    });
  };
}
