/** POST/GET /api/v1/tokens (admin): tokens can also be created over the API once one admin exists. */
import type { Router } from 'express';
import type { TokenRepository } from '../domain/auth/token';
import type { Clock } from '../domain/ports';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { createToken, type CreateTokenDeps } from '../flows/create-token';
import { actorOf, requireRole } from './auth';
import { parseBody } from './validate';
import { z } from 'zod';

const createTokenBody = z.object({ role: z.string(), name: z.string() }).strict();

export function tokenRoutes(deps: {
  authenticator: TokenAuthenticator;
  tokens: TokenRepository;
  clock: Clock;
  onCreated?: CreateTokenDeps['onCreated'];
}) {
  const admin = requireRole(deps.authenticator, 'admin');
  return (router: Router): void => {
    router.post('/tokens', admin, async (req, res) => {
      const body = parseBody(createTokenBody, req.body);
      const created = await createToken(deps, { ...body, createdBy: actorOf(res).name });
      res.status(201).json({ token: created.token, ...created.record });
    });
    router.get('/tokens', admin, async (_req, res) => {
      res.json({ items: await deps.tokens.list() });
    });
  };
}
