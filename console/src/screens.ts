/**
 * Which screens each role sees: the API's own role rules for the routes a screen calls (the API still
 * enforces them; this only keeps the console from showing what the role cannot do).
 */
import type { Role } from '../../src/domain/auth/token';

export const SCREENS = [
  { key: 'customs', path: '/customs', roles: ['customs'] },
  { key: 'messages', path: '/messages', roles: ['admin', 'auditor'] },
  { key: 'overview', path: '/overview', roles: ['admin', 'auditor'] },
  { key: 'partners', path: '/partners', roles: ['admin', 'auditor'] },
  { key: 'alerts', path: '/alerts', roles: ['admin', 'auditor'] },
  { key: 'audit', path: '/audit', roles: ['admin', 'auditor'] },
  { key: 'users', path: '/users', roles: ['admin'] },
  { key: 'permits', path: '/permits', roles: ['issuer'] },
  { key: 'reports', path: '/reports', roles: ['admin', 'auditor', 'issuer'] },
  { key: 'risk', path: '/risk', roles: ['risk', 'auditor'] },
] as const satisfies ReadonlyArray<{ key: string; path: string; roles: readonly Role[] }>;

export type ScreenKey = (typeof SCREENS)[number]['key'];

export function screensFor(role: Role): Array<(typeof SCREENS)[number]> {
  return SCREENS.filter((screen) => (screen.roles as readonly Role[]).includes(role));
}
