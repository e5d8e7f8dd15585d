/**
 * The permit model: the boxes of the CITES permit form as typed data, with one zod schema as the single
 * source of both the TypeScript types and the runtime validation.
 *
 * Text fields hold no leading or trailing white space and only characters XML 1.0 can carry, so every valid
 * permit maps to XML and back without loss. Dates stay as written (see iso-date.ts).
 */
import { z } from 'zod';
import { COUNTRIES, isCountryCode, type CountryCode } from '../countries';
import { GatewayError } from '../errors';
import {
  APPENDICES,
  PERMIT_TYPES,
  PURPOSE_CODES,
  SOURCE_CODES,
  TERM_CODE_PATTERN,
  UNIT_CODES,
  type Appendix,
  type PermitType,
  type PurposeCode,
  type SourceCode,
  type UnitCode,
} from './code-lists';
import { datePartOf, isIsoDate } from './iso-date';

// Characters XML 1.0 cannot carry, even as character references (lone surrogates included).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function text(max: number) {
  return z
    .string()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => s === s.trim(), { message: 'must not start or end with white space' })
    .refine((s) => !NOT_XML_CHAR.test(s), { message: 'contains a character XML cannot carry' });
}

/** A rejected input as shown in a message: strings as they are, anything else as JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value);
}

function codeOf<T extends Record<string, string>>(list: T, what: string) {
  const keys = Object.keys(list) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]];
  return z.enum(keys, {
    error: (issue) => (issue.input === undefined ? 'is required' : `'${shown(issue.input)}' is not ${what}`),
  });
}

const country = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'is required' : 'must be an ISO 3166-1 alpha-2 country code',
  })
  .refine(isCountryCode, {
    error: (issue) => `'${shown(issue.input)}' is not an ISO 3166-1 alpha-2 country code`,
  })
  .transform((code) => code);

const isoDate = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be an ISO 8601 date') })
  .refine(isIsoDate, {
    error: (issue) => `'${shown(issue.input)}' is not an ISO 8601 date (YYYY-MM-DD[Thh:mm:ss[offset]])`,
  });

// Decimal quantities as JSON numbers; exponent notation is excluded because xs:decimal cannot carry it.
const quantity = z
  .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number') })
  .positive({ message: 'must be greater than zero' })
  .max(1e15, { message: 'must be below 10^15' })
  .refine((n) => !String(n).includes('e'), { message: 'has too many decimal places' });

const endorsedQuantity = z
  .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number') })
  .nonnegative({ message: 'must not be negative' })
  .max(1e15, { message: 'must be below 10^15' })
  .refine((n) => !String(n).includes('e'), { message: 'has too many decimal places' });

const addressSchema = z.strictObject({
  street: text(256).optional(),
  city: text(128).optional(),
  postcode: text(32).optional(),
  countrySubdivision: text(128).optional(),
  country,
});

const partySchema = z.strictObject({ name: text(512), address: addressSchema });

const managementAuthoritySchema = z.strictObject({
  name: text(512),
  // When given, the address says something: an empty object would have no XML form to round-trip through.
  address: z
    .strictObject({ street: text(256).optional(), city: text(128).optional(), postcode: text(32).optional() })
    .refine((a) => a.street !== undefined || a.city !== undefined || a.postcode !== undefined, {
      message: 'needs a street, city or postcode (leave the address out otherwise)',
    })
    .optional(),
});

const documentNumber = text(70);

const lineSchema = z.strictObject({
  /** Block letter on the form: A, B, C ... */
  id: z
    .string()
    .regex(/^[A-Za-z0-9]{1,8}$/, { message: 'must be a block letter such as A (1-8 letters or digits)' }),
  scientificName: text(256),
  commonName: text(256).optional(),
  description: text(512).optional(),
  termCode: z
    .string()
    .regex(TERM_CODE_PATTERN, { message: 'must be a three-letter CITES term code such as LIV' })
    .optional(),
  appendix: codeOf(APPENDICES, 'a CITES Appendix (I, II or III)'),
  source: codeOf(SOURCE_CODES, 'a CITES source code'),
  quantity,
  unit: codeOf(UNIT_CODES, 'a CITES unit code').optional(),
  origin: z
    .strictObject({ country, permitNumber: documentNumber.optional(), permitDate: isoDate.optional() })
    .optional(),
  lastReExport: z
    .strictObject({
      country,
      certificateNumber: documentNumber.optional(),
      certificateDate: isoDate.optional(),
    })
    .optional(),
  /** Box 14: quantity actually exported, in the line's unit, endorsed at the border. */
  exportEndorsedQuantity: endorsedQuantity.optional(),
});

/** The zod schema of a permit: the single source of the Permit type and of its runtime validation. */
export const permitSchema = z
  .strictObject({
    permitNumber: documentNumber,
    type: codeOf(PERMIT_TYPES, 'a permit type (E, R, I or O)'),
    issuingCountry: country,
    managementAuthority: managementAuthoritySchema,
    exporter: partySchema,
    importer: partySchema,
    placeOfIssue: text(128).optional(),
    issueDate: isoDate,
    validFrom: isoDate.optional(),
    validUntil: isoDate,
    purpose: codeOf(PURPOSE_CODES, 'a CITES purpose code'),
    specialConditions: text(4000).optional(),
    securityStampNumber: text(70).optional(),
    replacesPermit: z.strictObject({ permitNumber: documentNumber, issueDate: isoDate }).optional(),
    lines: z.array(lineSchema).min(1, { message: 'a permit has at least one line' }).max(99),
  })
  .superRefine((permit, ctx) => {
    // zod runs this even when a field failed its own check; compare only dates that are dates.
    const until = isIsoDate(permit.validUntil) ? datePartOf(permit.validUntil) : undefined;
    if (until !== undefined && isIsoDate(permit.issueDate) && until < datePartOf(permit.issueDate)) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'is before the issue date' });
    }
    if (
      until !== undefined &&
      permit.validFrom !== undefined &&
      isIsoDate(permit.validFrom) &&
      until < datePartOf(permit.validFrom)
    ) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'is before validFrom' });
    }
    const seen = new Set<string>();
    permit.lines.forEach((line, index) => {
      if (seen.has(line.id))
        ctx.addIssue({
          code: 'custom',
          path: ['lines', index, 'id'],
          message: `block ${line.id} appears twice`,
        });
      seen.add(line.id);
    });
  });

export type Permit = z.output<typeof permitSchema>;
export type PermitLine = Permit['lines'][number];
export type Party = Permit['exporter'];
export type Address = Party['address'];
export type { Appendix, PermitType, PurposeCode, SourceCode, UnitCode };

/** One problem with one field; `path` is a path in the model, e.g. `lines[0].origin.country`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** `['lines', 0, 'origin', 'country']` → `lines[0].origin.country`, the path style of FieldIssue. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(permit)' : out;
}

function toFieldIssues(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        issues.push({ path: formatFieldPath([...issue.path, key]), message: 'is not a permit field' });
      continue;
    }
    const message = /received undefined$/.test(issue.message) ? 'is required' : issue.message;
    issues.push({ path: formatFieldPath(issue.path), message });
  }
  return issues;
}

export type PermitValidation = { ok: true; permit: Permit } | { ok: false; issues: FieldIssue[] };

/** Validates untrusted data (JSON, an imported draft) as a permit; every problem names its field. */
export function validatePermit(input: unknown): PermitValidation {
  const result = permitSchema.safeParse(input);
  return result.success
    ? { ok: true, permit: result.data }
    : { ok: false, issues: toFieldIssues(result.error) };
}

/** Like validatePermit, but throws PERMIT_INVALID with the field issues as details. */
export function assertPermit(input: unknown): Permit {
  const result = validatePermit(input);
  if (result.ok) return result.permit;
  const first = result.issues[0];
  const summary = first ? `${first.path} ${first.message}` : 'invalid';
  const more = result.issues.length > 1 ? ` (and ${result.issues.length - 1} more)` : '';
  throw new GatewayError('PERMIT_INVALID', `The permit is not valid: ${summary}${more}`, {
    details: result.issues,
  });
}

/** English short name of a country, as written beside the code in the XML. */
export function countryName(code: CountryCode): string {
  return COUNTRIES[code];
}
