/**
 * Random valid permits for property tests: every optional field present or absent, text with the
 * characters XML escaping and white-space handling get wrong (&, <, >, quotes, CR, LF, tab, ']]>', non-ASCII,
 * astral), every code list and country, dates with and without time and offset, decimal quantities.
 */
import fc from 'fast-check';
import { COUNTRIES } from '../../../../src/domain/countries';
import {
  APPENDICES,
  PERMIT_TYPES,
  PURPOSE_CODES,
  SOURCE_CODES,
  UNIT_CODES,
} from '../../../../src/domain/permit/code-lists';
import { assertPermit, type Permit } from '../../../../src/domain/permit/permit';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as Array<Extract<keyof T, string>>;

const CHARS = [
  'a',
  'Z',
  '0',
  ' ',
  ' ',
  '&',
  '<',
  '>',
  '"',
  "'",
  '\t',
  '\n',
  '\r',
  ']',
  ']]>',
  '-',
  '/',
  '\u00e9',
  '\u00fc',
  '\u20ac',
  '\u4e2d',
  '\u{1F98E}',
  '\u00a0',
  '#',
  ';',
  '&amp;',
  '\u2028',
  '\u0085',
];

/** Text the model accepts: 1..max characters, no leading or trailing white space (JavaScript trim). */
export const textArb = (max = 40): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 12 })
    .map((parts) => parts.join('').trim().slice(0, max).trim())
    .filter((s) => s.length > 0);

const countryArb = fc.constantFrom(...keys(COUNTRIES));

const two = (n: number) => String(n).padStart(2, '0');

const dayArb = fc.record({
  year: fc.integer({ min: 1990, max: 2099 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
});

const timeArb = fc.option(
  fc.record({
    h: fc.integer({ min: 0, max: 23 }),
    m: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    fraction: fc.constantFrom('', '.0', '.00', '.123', '.000000001'),
    zone: fc.constantFrom('', 'Z', '+01:00', '-05:30', '+14:00'),
  }),
  { nil: undefined },
);

/** An ISO date (or date-time) string. */
export const dateArb = fc.tuple(dayArb, timeArb).map(([d, t]) => {
  const date = `${d.year}-${two(d.month)}-${two(d.day)}`;
  return t ? `${date}T${two(t.h)}:${two(t.m)}:${two(t.s)}${t.fraction}${t.zone}` : date;
});

/** Positive decimals with up to three places (as JSON numbers). */
const quantityArb = fc
  .tuple(fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: 0, max: 3 }))
  .map(([n, places]) => n / 10 ** places);

const endorsedArb = fc.oneof(fc.constant(0), quantityArb);

const documentNumberArb = textArb(70);

const addressArb = fc.record(
  {
    street: textArb(),
    city: textArb(),
    postcode: textArb(32),
    countrySubdivision: textArb(),
    country: countryArb,
  },
  { requiredKeys: ['country'] },
);

const partyArb = fc.record({ name: textArb(), address: addressArb });

const authorityAddressArb = fc
  .record({ street: textArb(), city: textArb(), postcode: textArb(32) }, { requiredKeys: [] })
  .filter((a) => Object.keys(a).length > 0);

const lineArb = (id: string) =>
  fc.record(
    {
      id: fc.constant(id),
      scientificName: textArb(),
      commonName: textArb(),
      description: textArb(),
      termCode: fc.stringMatching(/^[A-Z]{3}$/),
      appendix: fc.constantFrom(...keys(APPENDICES)),
      source: fc.constantFrom(...keys(SOURCE_CODES)),
      quantity: quantityArb,
      unit: fc.constantFrom(...keys(UNIT_CODES)),
      origin: fc.record(
        { country: countryArb, permitNumber: documentNumberArb, permitDate: dateArb },
        { requiredKeys: ['country'] },
      ),
      lastReExport: fc.record(
        { country: countryArb, certificateNumber: documentNumberArb, certificateDate: dateArb },
        { requiredKeys: ['country'] },
      ),
      exportEndorsedQuantity: endorsedArb,
    },
    { requiredKeys: ['id', 'scientificName', 'appendix', 'source', 'quantity'] },
  );

const LINE_IDS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'AA', 'B2', 'z9'];

const linesArb = fc
  .shuffledSubarray(LINE_IDS, { minLength: 1, maxLength: 5 })
  .chain((ids) => fc.tuple(...ids.map(lineArb)));

/** Three dates in calendar order: issue date, start of validity, end of validity. */
const datesArb = fc
  .tuple(dateArb, dateArb, dateArb)
  .map((dates) =>
    [...dates].sort((a, b) =>
      a.slice(0, 10) < b.slice(0, 10) ? -1 : a.slice(0, 10) > b.slice(0, 10) ? 1 : 0,
    ),
  );

/** A valid permit (checked with the model, so the arbitrary cannot drift from it). */
export const permitArb: fc.Arbitrary<Permit> = fc
  .record(
    {
      permitNumber: documentNumberArb,
      type: fc.constantFrom(...keys(PERMIT_TYPES)),
      issuingCountry: countryArb,
      managementAuthority: fc.record(
        { name: textArb(), address: authorityAddressArb },
        { requiredKeys: ['name'] },
      ),
      exporter: partyArb,
      importer: partyArb,
      placeOfIssue: textArb(),
      dates: datesArb,
      withValidFrom: fc.boolean(),
      purpose: fc.constantFrom(...keys(PURPOSE_CODES)),
      specialConditions: textArb(200),
      securityStampNumber: textArb(70),
      replacesPermit: fc.record({ permitNumber: documentNumberArb, issueDate: dateArb }),
      lines: linesArb,
    },
    {
      requiredKeys: [
        'permitNumber',
        'type',
        'issuingCountry',
        'managementAuthority',
        'exporter',
        'importer',
        'dates',
        'withValidFrom',
        'purpose',
        'lines',
      ],
    },
  )
  .map(({ dates, withValidFrom, ...rest }) => {
    const [issueDate, validFrom, validUntil] = dates as [string, string, string];
    return assertPermit({ ...rest, issueDate, validUntil, ...(withValidFrom ? { validFrom } : {}) });
  });
