/**
 * Field-by-field comparison of the document a trader presents with the permit received from the issuing
 * country through the exchange. The received permit is the truth (its signature was verified); every
 * field the presented document shows differently is listed, so the officer sees exactly what was altered.
 *
 * Rules:
 * - lines are matched by block letter, so the paths read `lines[A].quantity`; a block that one side has
 *   and the other lacks is itself a difference (`lines[C]`);
 * - a field the presented document shows that the received permit lacks is a difference (added text);
 * - a field the presented document does not show is not compared: older document shapes cannot carry
 *   every field, and the officer sees the received values in the verification's permit summary. The
 *   Box 14 export endorsement is the exception both ways: a paper document may carry an endorsement that
 *   was never transmitted, so it is compared only when both sides have one;
 * - text compares case- and white-space-insensitively; dates compare by calendar date; numbers exactly.
 */
import { datePartOf, isIsoDate } from '../permit/iso-date';
import type { Permit } from '../permit/permit';
import { normalizeBlock, normalizeFreeText } from './normalize';

export interface FieldDifference {
  /** Path in the permit model with lines keyed by block letter, e.g. `lines[A].quantity`. */
  field: string;
  /** The value on the presented document (null when it lacks the field or block). */
  presented: unknown;
  /** The value on the received permit (null when it lacks the field or block). */
  received: unknown;
}

type Leaf = string | number | boolean;

const DATE_FIELDS = /(^|\.)(issueDate|validFrom|validUntil|permitDate|certificateDate)$/;
const BOTH_SIDES_ONLY = /\.exportEndorsedQuantity$/;

/** Flattens a permit into path → leaf, lines keyed by block letter. */
function flatten(permit: Permit): Map<string, Leaf> {
  const out = new Map<string, Leaf>();
  const walk = (value: unknown, path: string): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${path}[${i}]`));
      return;
    }
    if (typeof value === 'object') {
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        walk(child, path === '' ? key : `${path}.${key}`);
      }
      return;
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out.set(path, value);
  };
  const { lines, ...header } = permit;
  walk(header, '');
  for (const line of lines) {
    const { id, ...rest } = line;
    walk(rest, `lines[${normalizeBlock(id)}]`);
  }
  return out;
}

function sameLeaf(field: string, a: Leaf, b: Leaf): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  if (typeof a === 'string' && typeof b === 'string') {
    if (DATE_FIELDS.test(field) && isIsoDate(a) && isIsoDate(b)) return datePartOf(a) === datePartOf(b);
    return normalizeFreeText(a) === normalizeFreeText(b);
  }
  return a === b;
}

/** Every field the presented document shows differently from the received permit (empty: not altered). */
export function compareDocuments(presented: Permit, received: Permit): FieldDifference[] {
  const differences: FieldDifference[] = [];
  const presentedBlocks = new Set(presented.lines.map((l) => normalizeBlock(l.id)));
  const receivedBlocks = new Set(received.lines.map((l) => normalizeBlock(l.id)));
  for (const block of receivedBlocks) {
    if (!presentedBlocks.has(block))
      differences.push({ field: `lines[${block}]`, presented: null, received: 'present' });
  }
  for (const block of presentedBlocks) {
    if (!receivedBlocks.has(block))
      differences.push({ field: `lines[${block}]`, presented: 'present', received: null });
  }
  const p = flatten(presented);
  const r = flatten(received);
  for (const [field, value] of p) {
    const block = /^lines\[([^\]]+)\]/.exec(field)?.[1];
    if (block !== undefined && !receivedBlocks.has(block)) continue; // the whole block is reported above
    const other = r.get(field);
    if (other === undefined) {
      if (!BOTH_SIDES_ONLY.test(field)) differences.push({ field, presented: value, received: null });
      continue;
    }
    if (!sameLeaf(field, value, other)) differences.push({ field, presented: value, received: other });
  }
  return differences;
}
