/** Puts the API's validation problems (`details: [{ field, message }]`) on the form's own fields. */
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/** True when every problem found its field (else the caller shows the error as a whole too). */
export function showFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details))
    return false;
  const problems = error.details as Array<{ field: string; message: string }>;
  const byField = new Map<string, string[]>();
  for (const p of problems) {
    const field = p.field.split('.')[0] ?? p.field;
    byField.set(field, [...(byField.get(field) ?? []), p.message]);
  }
  form.setFields(
    [...byField].filter(([f]) => fields.includes(f)).map(([name, errors]) => ({ name, errors })),
  );
  return [...byField.keys()].every((f) => fields.includes(f));
}
