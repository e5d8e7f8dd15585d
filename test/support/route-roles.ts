/**
 * The internal API's access policy, written down once: every route (method and path as registered) and
 * the roles allowed to call it. test/integration/route-roles.int.test.ts walks the real Express app and
 * calls every route with no token, an expired token, a revoked token and a token of each role in ROLES;
 * a route that is not in this table, or one that lets in another set of roles, fails that test.
 *
 * Adding a route: add its line here with the roles it must allow (least privilege), and describe it in
 * src/transport/openapi/operations/ (test/e2e/openapi.e2e.test.ts checks both). A new role in ROLES
 * is refused everywhere until lines here name it.
 */
import { ROLES, type Role } from '../../src/domain/auth/token';

/** Roles let through; 'public': no token needed; 'session': only a console session, never a bearer token. */
export type Access = readonly Role[] | 'public' | 'session';

export interface RouteAccess {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  allowed: Access;
}

/** Every role there is (e.g. GET /api/v1/identity: any authenticated caller). */
const ANY_ROLE: readonly Role[] = ROLES;

export const ROUTE_ROLES: readonly RouteAccess[] = [
  { method: 'GET', path: '/health/live', allowed: 'public' },
  { method: 'GET', path: '/health/ready', allowed: 'public' },
  { method: 'GET', path: '/metrics', allowed: 'public' },
  { method: 'GET', path: '/api/v1/openapi.json', allowed: 'public' },

  { method: 'POST', path: '/api/v1/tokens', allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/tokens', allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/tokens/:id/revoke', allowed: ['admin'] },

  { method: 'POST', path: '/api/v1/partners', allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/partners', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/v1/partners/:code', allowed: ['admin', 'auditor'] },
  { method: 'PATCH', path: '/api/v1/partners/:code', allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/partners/:code/certificates', allowed: ['admin', 'auditor'] },
  { method: 'POST', path: '/api/v1/partners/:code/certificates', allowed: ['admin'] },
  { method: 'DELETE', path: '/api/v1/partners/:code/certificates/:fingerprint', allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/partners/:code/ping', allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/partners/:code/crls', allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/partners/:code/crls', allowed: ['admin', 'auditor'] },

  { method: 'GET', path: '/api/v1/audit', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/v1/audit/verification', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/v1/overview', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/v1/users', allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/users', allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/users/:id/disable', allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/audit/checkpoints', allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/audit/checkpoints', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/v1/audit/checkpoints/:seq', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/v1/alerts', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/v1/alerts/:id', allowed: ['admin', 'auditor'] },
  { method: 'POST', path: '/api/v1/alerts/:id/acknowledge', allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/alert-deliveries', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/v1/identity', allowed: ANY_ROLE },

  { method: 'POST', path: '/api/v1/permits', allowed: ['issuer'] },
  { method: 'GET', path: '/api/v1/permits', allowed: ['issuer', 'auditor', 'admin'] },
  { method: 'GET', path: '/api/v1/permits/:key', allowed: ['issuer', 'auditor', 'admin'] },
  { method: 'POST', path: '/api/v1/permits/:key/cancel', allowed: ['issuer'] },
  { method: 'POST', path: '/api/v1/permits/:key/replace', allowed: ['issuer'] },
  { method: 'GET', path: '/api/v1/received-permits', allowed: ['customs', 'auditor', 'admin'] },
  { method: 'GET', path: '/api/v1/received-permits/:key', allowed: ['customs', 'auditor', 'admin'] },

  { method: 'GET', path: '/api/v1/messages', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/v1/messages/:id', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/v1/messages/:id/signed-xml', allowed: ['admin', 'auditor'] },
  { method: 'POST', path: '/api/v1/messages/:id/resend', allowed: ['admin'] },

  { method: 'POST', path: '/api/v1/verifications', allowed: ['customs'] },
  { method: 'GET', path: '/api/v1/verifications', allowed: ['customs', 'auditor'] },
  { method: 'GET', path: '/api/v1/verifications/:id', allowed: ['customs', 'auditor'] },
  { method: 'POST', path: '/api/v1/import-permits', allowed: ['issuer'] },
  { method: 'GET', path: '/api/v1/import-permits', allowed: ['issuer', 'customs', 'auditor'] },

  { method: 'GET', path: '/api/v1/reports/annual', allowed: ['admin', 'auditor', 'issuer'] },
  { method: 'GET', path: '/api/v1/reports/illegal-trade', allowed: ['admin', 'auditor'] },
  { method: 'GET', path: '/api/v1/reports/statistics', allowed: ['admin', 'auditor', 'issuer'] },
  { method: 'GET', path: '/api/v1/reports/statistics/:table', allowed: ['admin', 'auditor', 'issuer'] },

  { method: 'POST', path: '/api/v1/risk/profiles', allowed: ['risk'] },
  { method: 'PUT', path: '/api/v1/risk/profiles/:id', allowed: ['risk'] },
  { method: 'GET', path: '/api/v1/risk/profiles', allowed: ['risk', 'auditor'] },
  { method: 'GET', path: '/api/v1/risk/profiles/:id', allowed: ['risk', 'auditor'] },
  { method: 'GET', path: '/api/v1/risk/profiles/:id/versions', allowed: ['risk', 'auditor'] },
  { method: 'POST', path: '/api/v1/risk/assessments', allowed: ['customs'] },
  { method: 'GET', path: '/api/v1/risk/assessments/:id', allowed: ['customs', 'risk', 'auditor'] },
  { method: 'POST', path: '/api/v1/risk/assessments/:id/control-result', allowed: ['customs'] },
  { method: 'GET', path: '/api/v1/risk/models', allowed: ['risk', 'auditor'] },
  { method: 'POST', path: '/api/v1/risk/models/train', allowed: ['risk'] },

  // The web console: its files, sign-in (anyone may try), and the session it opened.
  { method: 'GET', path: '/console', allowed: 'public' },
  { method: 'GET', path: '/console/{*splat}', allowed: 'public' },
  { method: 'POST', path: '/api/v1/session', allowed: 'public' },
  { method: 'GET', path: '/api/v1/session', allowed: 'session' },
  { method: 'DELETE', path: '/api/v1/session', allowed: 'session' },
];
