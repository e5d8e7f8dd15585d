/**
 * Criteria as the analyst edits them (one level of criteria joined by "and" or "or") and as the API keeps
 * them (nested all/any/not), and criteria in words for the tables.
 */
import type { TFunction } from 'i18next';
import type { Criteria, Criterion } from '../../../src/domain/risk/profile';
import { riskTexts } from './i18n';

export const OPS = Object.keys(riskTexts.en.riskProfiles.ops) as Array<Criterion['op']>;

export interface CriterionRow {
  field: string;
  op: Criterion['op'];
  value: string;
}

export interface CriteriaDraft {
  combinator: 'all' | 'any';
  rows: CriterionRow[];
}

const LIST_OPS: ReadonlySet<string> = new Set(['in', 'notIn']);

/** "12" → 12, "AIR" → "AIR": numbers compare as numbers. */
function scalarOf(text: string): string | number {
  const trimmed = text.trim();
  return trimmed !== '' && /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function criterionOf(row: CriterionRow): Criterion {
  const field = row.field.trim();
  if (row.op === 'exists') return { field, op: 'exists' };
  const value = LIST_OPS.has(row.op) ? row.value.split(',').map(scalarOf) : scalarOf(row.value);
  return { field, op: row.op, value };
}

export function criteriaOf(draft: CriteriaDraft): Criteria {
  const items = draft.rows.map(criterionOf);
  return items.length === 1 && items[0]
    ? items[0]
    : draft.combinator === 'all'
      ? { all: items }
      : { any: items };
}

function isCriterion(c: Criteria): c is Criterion {
  return 'field' in c;
}

function rowOf(c: Criterion): CriterionRow {
  const value = Array.isArray(c.value) ? c.value.join(', ') : c.value === undefined ? '' : String(c.value);
  return { field: c.field, op: c.op, value };
}

/** The draft of stored criteria, or null when they are nested deeper than the builder shows. */
export function draftOf(criteria: Criteria): CriteriaDraft | null {
  if (isCriterion(criteria)) return { combinator: 'all', rows: [rowOf(criteria)] };
  if ('not' in criteria) return null;
  const list = 'all' in criteria ? criteria.all : criteria.any;
  if (!list.every(isCriterion)) return null;
  return { combinator: 'all' in criteria ? 'all' : 'any', rows: list.map(rowOf) };
}

/** `appendix equals I and transportMode is one of AIR, POST`. */
export function criteriaText(criteria: Criteria, t: TFunction): string {
  if (isCriterion(criteria)) {
    const value = Array.isArray(criteria.value) ? criteria.value.join(', ') : criteria.value;
    const op = t(`riskProfiles.ops.${criteria.op}`);
    return criteria.op === 'exists'
      ? `${criteria.field} ${op}`
      : `${criteria.field} ${op} ${String(value ?? '')}`;
  }
  if ('not' in criteria) return `${t('riskProfiles.not')} (${criteriaText(criteria.not, t)})`;
  const [list, joiner] = 'all' in criteria ? [criteria.all, 'and'] : [criteria.any, 'or'];
  const parts = list.map((c) => (isCriterion(c) ? criteriaText(c, t) : `(${criteriaText(c, t)})`));
  return parts.join(` ${t(`riskProfiles.${joiner}`)} `);
}
