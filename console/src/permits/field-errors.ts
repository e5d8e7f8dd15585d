/**
 * The API's field problems on the form's fields: PERMIT_INVALID details name the model's path
 * (`lines[0].quantity`), VALIDATION_FAILED details a dotted field (`lines.0.quantity`); both become antd's
 * name paths. Messages the catalogue knows are shown in the current language, others as the API wrote them.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

export interface FieldProblem {
  name: Array<string | number>;
  path: string;
  message: string;
}

function namePathOf(path: string): Array<string | number> {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The field problems an API error carries, or null when it is not a validation error with details. */
export function fieldProblemsOf(error: unknown, t: TFunction): FieldProblem[] | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code !== 'PERMIT_INVALID' && error.code !== 'VALIDATION_FAILED') return null;
  if (!Array.isArray(error.details)) return null;
  // The messages are the keys of this table (they hold spaces and dots, so no key path reaches them).
  const known = t('permits.fieldMessages', { returnObjects: true }) as unknown as Record<string, string>;
  return (error.details as Array<{ path?: string; field?: string; message: string }>).map((d) => {
    const path = d.path ?? d.field ?? '';
    return {
      name: namePathOf(path),
      path,
      message: Object.prototype.hasOwnProperty.call(known, d.message)
        ? (known[d.message] ?? d.message)
        : d.message,
    };
  });
}
