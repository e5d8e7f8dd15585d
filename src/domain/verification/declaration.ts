/**
 * The customs declaration a permit is presented with, and the verification request around it: one zod
 * schema each, the single source of the TypeScript types and of the API/CLI validation.
 *
 * The presented permit comes in one of three forms: its key (issuing country + number, + issue year when
 * known), the full document as JSON in our permit model, or the full document as XML in any shape
 * `epix permit import` reads.
 */
import { z } from 'zod';
import { isCountryCode } from '../countries';
import { APPENDICES, SOURCE_CODES, TERM_CODE_PATTERN, UNIT_CODES } from '../permit/code-lists';
import { isIsoDate } from '../permit/iso-date';

function text(max: number) {
  return z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` });
}

function upperCodeOf<T extends Record<string, string>>(list: T, what: string) {
  return z
    .string({ error: `must be ${what}` })
    .trim()
    .transform((s) => s.toUpperCase())
    .refine((s) => Object.prototype.hasOwnProperty.call(list, s), {
      error: (issue) => `'${String(issue.input)}' is not ${what}`,
    })
    .transform((s) => s as Extract<keyof T, string>);
}

const country = z
  .string({ error: 'must be an ISO 3166-1 alpha-2 country code' })
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isCountryCode, {
    error: (issue) => `'${String(issue.input)}' is not an ISO 3166-1 alpha-2 country code`,
  });

const isoDate = z
  .string({ error: 'must be an ISO 8601 date' })
  .trim()
  .refine(isIsoDate, { error: (issue) => `'${String(issue.input)}' is not an ISO 8601 date (YYYY-MM-DD)` });

export const TRANSPORT_MODES = ['AIR', 'SEA', 'ROAD', 'RAIL', 'POST', 'OTHER'] as const;

const hsCode = z
  .string({ error: 'must be an HS code such as 0106.39' })
  .trim()
  .transform((s) => s.replace(/[.\s]/g, ''))
  .refine((s) => /^\d{4,10}$/.test(s), { message: 'must be an HS code of 4 to 10 digits, such as 0106.39' });

/**
 * Free facts a national customs system sends (string or number values), so any system can integrate and
 * rule profiles can read them (as `attr.NAME`) without code changes.
 */
const attributes = z
  .record(
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, { message: 'attribute names are letters, digits, _ or -' }),
    z.union([z.string().max(512, { message: 'must be at most 512 characters' }), z.number()], {
      error: 'must be text or a number',
    }),
  )
  .refine((a) => Object.keys(a).length <= 50, { message: 'at most 50 attributes' });

/** One line of the declaration: what is physically in the consignment, as customs declares it. */
export const declarationLineSchema = z.strictObject({
  /** The permit's block letter (A, B ...) when the declarant knows it. */
  block: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,8}$/, { message: 'must be a block letter such as A' })
    .optional(),
  scientificName: text(256),
  termCode: z
    .string({ error: 'must be a three-letter CITES term code such as LIV' })
    .trim()
    .transform((s) => s.toUpperCase())
    .refine((s) => TERM_CODE_PATTERN.test(s), {
      message: 'must be a three-letter CITES term code such as LIV',
    }),
  quantity: z
    .number({ error: 'must be a number' })
    .positive({ message: 'must be greater than zero' })
    .max(1e15, { message: 'must be below 10^15' }),
  /** Left out for a count of specimens, as on the permit. */
  unit: upperCodeOf(UNIT_CODES, 'a CITES unit code').optional(),
  appendix: upperCodeOf(APPENDICES, 'a CITES Appendix (I, II or III)').optional(),
  source: upperCodeOf(SOURCE_CODES, 'a CITES source code').optional(),
  /** Harmonized System code of the goods (6 to 10 digits, dots allowed), as customs classified them. */
  hsCode: hsCode.optional(),
  /** Customs value of the line, in the declaration's currency. */
  declaredValue: z
    .number({ error: 'must be a number' })
    .nonnegative({ message: 'must not be negative' })
    .max(1e15)
    .optional(),
  /** Net mass in kilograms. */
  netMassKg: z
    .number({ error: 'must be a number' })
    .nonnegative({ message: 'must not be negative' })
    .max(1e15)
    .optional(),
  attributes: attributes.optional(),
});

export const declarationSchema = z.strictObject({
  /** The customs declaration number: one verification (and at most one use of a permit) per number. */
  declarationNumber: text(70).regex(/^[\x21-\x7E]+(?: [\x21-\x7E]+)*$/, {
    message: 'must be printable ASCII (letters, digits, punctuation, single spaces)',
  }),
  importer: z.strictObject({ name: text(512), country: country.optional() }),
  /** When the consignment arrived (or is presented) at the border: decides EXPIRED / NOT_YET_VALID. */
  arrivalDate: isoDate,
  lines: z.array(declarationLineSchema).min(1, { message: 'a declaration has at least one line' }).max(99),
  /** Our import permit's number, required for Appendix I specimens. */
  importPermitNumber: text(70).optional(),
  /** The security stamp number read off the presented paper document, when there is one. */
  securityStampNumber: text(70).optional(),
  /** Who lodged the declaration: the declarant or customs broker. */
  declarant: text(512).optional(),
  /** The customs office or port of entry (its code in the national system). */
  office: text(70).optional(),
  transportMode: z
    .string({ error: 'must be text' })
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(TRANSPORT_MODES, { error: 'must be AIR, SEA, ROAD, RAIL, POST or OTHER' }))
    .optional(),
  departureCountry: country.optional(),
  attributes: attributes.optional(),
});

export type Declaration = z.output<typeof declarationSchema>;
export type DeclarationLine = Declaration['lines'][number];

/** The key the trader presents: issuing country + permit number (+ issue year when known). */
export const presentedKeySchema = z.strictObject({
  issuingCountry: country,
  permitNumber: text(70),
  issueYear: z.number().int().min(1975).max(9999).optional(),
});
export type PresentedKey = z.output<typeof presentedKeySchema>;

/**
 * `POST /api/v1/verifications` body. Exactly one of `permit` (the key), `document` (the full permit as
 * JSON in our model) or `documentXml` (the full permit as XML). `recheck` asks to evaluate a declaration
 * again whose last verification was REJECTED (e.g. the permit has arrived through the exchange since).
 */
export const verificationRequestSchema = z
  .strictObject({
    permit: presentedKeySchema.optional(),
    document: z.record(z.string(), z.unknown()).optional(),
    documentXml: z.string().min(1, { message: 'must not be empty' }).optional(),
    declaration: declarationSchema,
    recheck: z.boolean().optional(),
  })
  .superRefine((body, ctx) => {
    const given = [body.permit, body.document, body.documentXml].filter((v) => v !== undefined).length;
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'give exactly one of permit (the key), document (JSON) or documentXml',
      });
    }
  });

export type VerificationRequestBody = z.output<typeof verificationRequestSchema>;
/** The request as the API client writes it (before trimming and upper-casing). */
export type VerificationRequestInput = z.input<typeof verificationRequestSchema>;

/** What was presented, once the request is parsed. */
export type PresentedPermit =
  | { kind: 'key'; key: PresentedKey }
  | { kind: 'document'; document: Record<string, unknown> }
  | { kind: 'xml'; xml: string };

/** Splits the parsed body into the presented permit and the rest. */
export function presentedOf(body: VerificationRequestBody): PresentedPermit {
  if (body.permit) return { kind: 'key', key: body.permit };
  if (body.document) return { kind: 'document', document: body.document };
  return { kind: 'xml', xml: body.documentXml ?? '' };
}
