/**
 * `/api/v1/session`: console sign-in (POST, sets the HttpOnly session cookie), who is signed in (GET) and
 * sign-out (DELETE). Any role may sign in; what a session may do is decided by `requireRole` on each
 * route, as for bearer tokens.
 */
import type { Response, Router } from 'express';
import { SESSION_COOKIE, signInRequestSchema, type SessionView } from '../domain/auth/console-session-api';
import type { Session } from '../domain/auth/session';
import { GatewayError } from '../domain/errors';
import type { SessionAuthenticator } from '../flows/authenticate-session';
import { signIn, type SignInDeps } from '../flows/sign-in';
import { sessionCookieOptions, sessionOf } from './session-auth';
import { parseBody } from './validate';

export interface SessionRoutesDeps extends SignInDeps {
  authenticator: SessionAuthenticator;
  secureCookie: boolean;
}

function viewOf(session: Session, deps: SessionRoutesDeps): SessionView {
  return {
    name: session.name,
    role: session.role,
    csrfToken: session.csrfToken,
    idleTimeoutSeconds: Math.round(deps.authenticator.policy.idleTimeoutMs / 1000),
  };
}

function requireSession(res: Response): Session {
  const session = sessionOf(res);
  if (!session) throw new GatewayError('AUTH_REQUIRED', 'not signed in to the console');
  return session;
}

export function sessionRoutes(deps: SessionRoutesDeps) {
  return (router: Router): void => {
    router.post('/session', async (req, res) => {
      if (req.body === undefined) throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', 'send JSON');
      const input = parseBody(signInRequestSchema, req.body);
      const { secret, session } = await signIn(deps, input);
      res.set('Cache-Control', 'no-store');
      res.cookie(SESSION_COOKIE, secret, sessionCookieOptions(deps.secureCookie));
      res.status(201).json(viewOf(session, deps));
    });
    router.get('/session', (_req, res) => {
      res.set('Cache-Control', 'no-store');
      res.json(viewOf(requireSession(res), deps));
    });
    router.delete('/session', async (_req, res) => {
      await deps.authenticator.signOut(requireSession(res));
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(deps.secureCookie));
      res.status(204).end();
    });
  };
}
