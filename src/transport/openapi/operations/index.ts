/** Every operation of the internal API, in the order the document lists them. */
import type { ApiOperation } from '../operation';
import { ALERT_OPERATIONS } from './alerts';
import { AUDIT_OPERATIONS } from './audit';
import { CONSOLE_ADMIN_OPERATIONS } from './console-admin';
import { CUSTOMS_OPERATIONS } from './customs';
import { MESSAGE_OPERATIONS } from './messages';
import { PARTNER_OPERATIONS } from './partners';
import { PERMIT_OPERATIONS } from './permits';
import { PLATFORM_OPERATIONS } from './platform';
import { REPORT_OPERATIONS } from './reports';
import { RISK_OPERATIONS } from './risk';
import { SESSION_OPERATIONS } from './session';
import { TOKEN_OPERATIONS } from './tokens';

export const API_OPERATIONS: readonly ApiOperation[] = [
  ...PERMIT_OPERATIONS,
  ...CUSTOMS_OPERATIONS,
  ...RISK_OPERATIONS,
  ...MESSAGE_OPERATIONS,
  ...PARTNER_OPERATIONS,
  ...ALERT_OPERATIONS,
  ...AUDIT_OPERATIONS,
  ...REPORT_OPERATIONS,
  ...TOKEN_OPERATIONS,
  ...CONSOLE_ADMIN_OPERATIONS,
  ...SESSION_OPERATIONS,
  ...PLATFORM_OPERATIONS,
];
