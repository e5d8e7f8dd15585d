/**
 * Rule profiles: what a risk analyst writes ("Appendix I live birds from XX arriving by air: RED"), as data.
 * A profile's criteria read the same flat facts as the model (see facts.ts); evaluation is pure.
 */
import { z } from 'zod';
import type { FactValue, Facts } from './facts';

const scalar = z.union([z.string(), z.number()]);

/** One comparison of a fact with a value. `exists` ignores `value`. */
export const criterionSchema = z.object({
  field: z.string().min(1),
  op: z.enum(['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'startsWith', 'contains', 'exists']),
  value: z.union([scalar, z.array(scalar), z.boolean()]).optional(),
});
export type Criterion = z.infer<typeof criterionSchema>;

/** A criterion, or `{ all }`, `{ any }`, `{ not }` of criteria. */
export type Criteria = Criterion | { all: Criteria[] } | { any: Criteria[] } | { not: Criteria };

export const criteriaSchema: z.ZodType<Criteria> = z.lazy(() =>
  z.union([
    criterionSchema,
    z.object({ all: z.array(criteriaSchema).min(1) }).strict(),
    z.object({ any: z.array(criteriaSchema).min(1) }).strict(),
    z.object({ not: criteriaSchema }).strict(),
  ]),
);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const profileSchema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  criteria: criteriaSchema,
  lane: z.enum(['YELLOW', 'RED']),
  /** Percent of matching declarations selected (a rule everyone can see is inspected only partly). */
  selectionRate: z.number().min(0).max(100).default(100),
  validFrom: isoDate.optional(),
  validTo: isoDate.optional(),
  sensitive: z.boolean().default(false),
  /** Who must be told when a sensitive profile matches. */
  notify: z.array(z.string().min(1)).default([]),
  active: z.boolean().default(true),
});
export type RiskProfileDefinition = z.infer<typeof profileSchema>;

function asList(value: Criterion['value']): Array<string | number> {
  if (Array.isArray(value)) return value;
  return value === undefined || typeof value === 'boolean' ? [] : [value];
}

/** Equality that lets "2" match 2 (facts from JSON attributes and criteria typed by hand differ). */
function same(fact: FactValue, value: string | number): boolean {
  if (fact === null) return false;
  if (typeof fact === typeof value) return fact === value;
  return String(fact) === String(value);
}

/** Orders numbers numerically and everything else as text (ISO dates compare correctly as text). */
function compare(fact: FactValue, value: Criterion['value']): number | null {
  if (fact === null || value === undefined || Array.isArray(value) || typeof value === 'boolean') return null;
  const a = typeof fact === 'number' ? fact : Number(fact);
  const b = typeof value === 'number' ? value : Number(value);
  if (typeof fact === 'number' || typeof value === 'number') {
    return Number.isNaN(a) || Number.isNaN(b) ? null : a - b;
  }
  return fact < value ? -1 : fact > value ? 1 : 0;
}

function textOf(value: Criterion['value']): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

function matchesCriterion({ field, op, value }: Criterion, facts: Facts): boolean {
  const fact = facts[field] ?? null;
  const order = () => compare(fact, value);
  switch (op) {
    case 'exists':
      return value === false ? fact === null : fact !== null && fact !== '';
    case 'eq':
      return !Array.isArray(value) && asList(value).some((v) => same(fact, v));
    case 'ne':
      return fact !== null && !asList(value).some((v) => same(fact, v));
    case 'in':
      return asList(value).some((v) => same(fact, v));
    case 'notIn':
      return fact !== null && !asList(value).some((v) => same(fact, v));
    case 'gt':
      return (order() ?? -1) > 0;
    case 'gte':
      return (order() ?? -1) >= 0;
    case 'lt':
      return (order() ?? 1) < 0;
    case 'lte':
      return (order() ?? 1) <= 0;
    case 'startsWith':
      return fact !== null && textOf(value) !== null && String(fact).startsWith(textOf(value)!);
    case 'contains':
      return fact !== null && textOf(value) !== null && containsToken(String(fact), textOf(value)!);
  }
}

/** "contains" on a comma-joined list (verificationReasons) matches a whole item; on other text, a substring. */
function containsToken(fact: string, needle: string): boolean {
  if (fact.includes(',')) return fact.split(',').some((item) => item.trim() === needle);
  return fact.includes(needle);
}

/**
 * Whether the facts satisfy the criteria. A missing or null fact satisfies no comparison (`ne` and
 * `notIn` included: "not from XX" says nothing about a declaration whose country is unknown), only
 * `exists: false`.
 */
export function matchesCriteria(criteria: Criteria, facts: Facts): boolean {
  if ('all' in criteria) return criteria.all.every((c) => matchesCriteria(c, facts));
  if ('any' in criteria) return criteria.any.some((c) => matchesCriteria(c, facts));
  if ('not' in criteria) return !matchesCriteria(criteria.not, facts);
  return matchesCriterion(criteria, facts);
}

/** Whether the profile applies on `date` (YYYY-MM-DD or a full ISO timestamp): active and within its validity. */
export function isProfileInForce(
  profile: Pick<RiskProfileDefinition, 'active' | 'validFrom' | 'validTo'>,
  date: string,
): boolean {
  const day = date.slice(0, 10);
  if (!profile.active) return false;
  if (profile.validFrom !== undefined && day < profile.validFrom) return false;
  return profile.validTo === undefined || day <= profile.validTo;
}
