/** Bearer-token authentication and role checks for the internal API. */
import type { Request, RequestHandler, Response } from 'express';
import type { Actor, Role } from '../domain/auth/token';
import { GatewayError } from '../domain/errors';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { currentContext } from '../logging/context';
import { sessionActorOf } from './session-auth';

/** Authenticates the request and lets it through only with one of `roles`. */
export function requireRole(authenticator: TokenAuthenticator, ...roles: Role[]): RequestHandler {
  if (roles.length === 0) throw new Error('requireRole: name at least one role');
  return async (req, res, next) => {
    const actor = sessionActorOf(res) ?? (await authenticator.authenticate(req.header('authorization')));
    if (!roles.includes(actor.role)) {
      throw new GatewayError(
        'FORBIDDEN',
        `this needs the role ${roles.join(' or ')}; the token has ${actor.role}`,
      );
    }
    res.locals.actor = actor;
    const context = currentContext();
    if (context) {
      context.actor = actor.name;
      context.actorRole = actor.role;
    }
    next();
  };
}

/** The authenticated actor of a request that passed `requireRole`. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new GatewayError('AUTH_REQUIRED');
  return actor;
}

export type { Request };
