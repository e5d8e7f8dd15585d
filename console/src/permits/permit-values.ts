/** The form's values and the permit model: empty optional fields are left out, as the model wants. */
import type { Permit } from '../../../src/domain/permit/permit';

/** The permit without the fields a replacement must not copy. */
export type PermitFormValues = Omit<Permit, 'replacesPermit'>;

function pruned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruned);
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? value.trim() : value;
  const entries = Object.entries(value)
    .map(([k, v]) => [k, pruned(v)] as const)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .filter(([, v]) => typeof v !== 'object' || Array.isArray(v) || Object.keys(v as object).length > 0);
  return Object.fromEntries(entries);
}

export function toPermit(values: PermitFormValues): Permit {
  return pruned(values) as Permit;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A new export permit from `country`, valid six months, with one block. */
export function newPermitValues(country: string, today: Date): Partial<PermitFormValues> {
  const until = new Date(today);
  until.setUTCMonth(until.getUTCMonth() + 6);
  return {
    type: 'E',
    issuingCountry: country,
    issueDate: isoDay(today),
    validUntil: isoDay(until),
    purpose: 'T',
    exporter: { name: '', address: { country } },
    lines: [{ id: 'A', scientificName: '', appendix: 'II', source: 'W', termCode: 'LIV', quantity: 1 }],
  } as Partial<PermitFormValues>;
}

/** A replacement starts from the permit it replaces, under a number the officer gives. */
export function replacementValues(permit: Permit): Partial<PermitFormValues> {
  const { replacesPermit: _replaces, permitNumber: _number, ...rest } = permit;
  return rest;
}
