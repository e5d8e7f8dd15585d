/**
 * Console sessions on the internal API: resolves the session cookie to its session (then `requireRole`
 * treats it as the request's actor, exactly like a bearer token of the same role), and refuses a
 * state-changing request made with a session unless it carries the session's CSRF token in the
 * X-CSRF-Token header. A request with an Authorization header is left to the bearer token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, RequestHandler, Response, Router } from 'express';
import { CSRF_HEADER, SESSION_COOKIE } from '../domain/auth/console-session-api';
import { actorOfSession, type Session } from '../domain/auth/session';
import type { Actor } from '../domain/auth/token';
import { GatewayError } from '../domain/errors';
import type { SessionAuthenticator } from '../flows/authenticate-session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Signing in needs no CSRF token (there is no session yet to take it from; the body must be JSON). */
const isSignIn = (req: Request): boolean => req.method === 'POST' && req.path === '/session';

export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, secure, sameSite: 'strict', path: '/' };
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function csrfMatches(req: Request, session: Session): boolean {
  const given = Buffer.from(req.header(CSRF_HEADER) ?? '', 'utf8');
  const expected = Buffer.from(session.csrfToken, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The middleware, as the first of the API's route sets. */
export function sessionAuth(deps: { sessions: SessionAuthenticator; secureCookie: boolean }) {
  const handler: RequestHandler = async (req, res, next) => {
    const secret = readCookie(req, SESSION_COOKIE);
    if (secret === undefined || req.header('authorization') !== undefined) return next();
    const session = await deps.sessions.authenticate(secret);
    if (!session) {
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(deps.secureCookie));
      return next();
    }
    if (!SAFE_METHODS.has(req.method) && !isSignIn(req) && !csrfMatches(req, session))
      throw new GatewayError('CSRF_TOKEN_INVALID');
    res.locals.session = session;
    next();
  };
  return (router: Router): void => {
    router.use(handler);
  };
}

/** The session this request was made with, if any. */
export function sessionOf(res: Response): Session | undefined {
  return res.locals.session as Session | undefined;
}

/** The actor of the request's console session, if it has one (else the bearer token decides). */
export function sessionActorOf(res: Response): Actor | undefined {
  const session = sessionOf(res);
  return session ? actorOfSession(session) : undefined;
}
