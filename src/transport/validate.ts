/** Request-body validation with zod, mapped to VALIDATION_FAILED listing every problem. */
import type { z } from 'zod';
import { GatewayError } from '../domain/errors';

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(body)',
    message: issue.message,
  }));
  throw new GatewayError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
    details: problems,
  });
}
