/**
 * The officers' forms between the console and the API: what the permit form sends is a valid permit of the
 * server's model, the API's field problems land on the form's fields in the officer's language, and the
 * criteria builder writes what the server's profile schema accepts (and reads back what it shows).
 */
import i18next, { type TFunction } from 'i18next';
import { ApiError } from '../../../console/src/api/client';
import { fieldProblemsOf } from '../../../console/src/permits/field-errors';
import { permitsTexts } from '../../../console/src/permits/i18n';
import { TERM_NAMES } from '../../../console/src/permits/term-names';
import { TERM_CODES } from '../../../src/domain/reports/term-codes';
import { newPermitValues, replacementValues, toPermit } from '../../../console/src/permits/permit-values';
import { criteriaOf, criteriaText, draftOf } from '../../../console/src/risk/criteria';
import { riskTexts } from '../../../console/src/risk/i18n';
import { validatePermit } from '../../../src/domain/permit/permit';
import { criteriaSchema } from '../../../src/domain/risk/profile';
import { samplePermit } from '../../support/permits';

async function translator(language: 'en' | 'fr'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: {
      [language]: { translation: { ...permitsTexts[language], ...riskTexts[language] } },
    },
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

describe('the permit form', () => {
  test('when the officer leaves optional boxes empty, then the permit sent leaves them out and is valid', () => {
    const values = {
      ...newPermitValues('KE', new Date('2026-12-02T10:00:00Z')),
      permitNumber: ' KE-2026-1 ',
      placeOfIssue: '',
      managementAuthority: { name: 'KWS' },
      exporter: { name: 'Exporter Ltd', address: { country: 'KE', street: '', city: 'Nairobi' } },
      importer: { name: 'Importer SA', address: { country: 'CH' } },
      lines: [
        {
          id: 'A',
          scientificName: 'Python sebae',
          termCode: 'SKI',
          appendix: 'II',
          source: 'W',
          quantity: 150,
          unit: '',
          origin: { country: '' },
        },
      ],
    };
    const permit = toPermit(values as never);
    expect(permit).not.toHaveProperty('placeOfIssue');
    expect(permit.lines[0]).not.toHaveProperty('unit');
    expect(permit.lines[0]).not.toHaveProperty('origin');
    expect(permit.permitNumber).toBe('KE-2026-1');
    expect(permit.validUntil).toBe('2027-06-02');
    expect(validatePermit(permit)).toEqual({ ok: true, permit });
  });

  test('when a permit is replaced, then the form starts from it without its number or the permit it replaced', () => {
    const old = samplePermit({ replacesPermit: { permitNumber: 'KE-0', issueDate: '2026-01-01' } });
    const values = replacementValues(old);
    expect(values).not.toHaveProperty('permitNumber');
    expect(values).not.toHaveProperty('replacesPermit');
    expect(values.lines).toEqual(old.lines);
  });

  test('when the API rejects fields, then each problem names its form field, in French where the catalogue knows it', async () => {
    const t = await translator('fr');
    const permitInvalid = new ApiError(400, 'PERMIT_INVALID', 'invalid', [
      { path: 'lines[0].quantity', message: 'must be greater than zero' },
      { path: 'importer.address.country', message: "'XX' is not an ISO 3166-1 alpha-2 country code" },
    ]);
    expect(fieldProblemsOf(permitInvalid, t)).toEqual([
      { name: ['lines', 0, 'quantity'], path: 'lines[0].quantity', message: 'Doit être supérieur à zéro' },
      {
        name: ['importer', 'address', 'country'],
        path: 'importer.address.country',
        message: "'XX' is not an ISO 3166-1 alpha-2 country code",
      },
    ]);
    const validation = new ApiError(400, 'VALIDATION_FAILED', 'invalid', [
      { field: 'lines.1.id', message: 'is required' },
    ]);
    expect(fieldProblemsOf(validation, t)?.[0]?.name).toEqual(['lines', 1, 'id']);
    expect(fieldProblemsOf(new ApiError(409, 'PERMIT_STATE_CONFLICT', 'conflict'), t)).toBeNull();
  });
});

test('when the server knows a term code, then Spanish and French name it too (and name nothing else)', () => {
  const codes = Object.keys(TERM_CODES).sort();
  expect(Object.keys(TERM_NAMES.es).sort()).toEqual(codes);
  expect(Object.keys(TERM_NAMES.fr).sort()).toEqual(codes);
});

describe('the criteria builder', () => {
  test('when criteria are joined by "or" with a list and a number, then the server schema accepts them and they read back the same', async () => {
    const t = await translator('en');
    const draft = {
      combinator: 'any' as const,
      rows: [
        { field: 'transportMode', op: 'in' as const, value: 'AIR, POST' },
        { field: 'quantity', op: 'gt' as const, value: '100' },
        { field: 'attr.flagged', op: 'exists' as const, value: 'ignored' },
      ],
    };
    const criteria = criteriaOf(draft);
    expect(criteria).toEqual({
      any: [
        { field: 'transportMode', op: 'in', value: ['AIR', 'POST'] },
        { field: 'quantity', op: 'gt', value: 100 },
        { field: 'attr.flagged', op: 'exists' },
      ],
    });
    expect(criteriaSchema.safeParse(criteria).success).toBe(true);
    expect(draftOf(criteria)).toEqual({
      combinator: 'any',
      rows: [
        { field: 'transportMode', op: 'in', value: 'AIR, POST' },
        { field: 'quantity', op: 'gt', value: '100' },
        { field: 'attr.flagged', op: 'exists', value: '' },
      ],
    });
    expect(criteriaText(criteria, t)).toBe(
      'transportMode is one of AIR, POST or quantity is greater than 100 or attr.flagged is known',
    );
  });

  test('when stored criteria nest deeper than one level, then the builder declines them (edited as JSON) and words show the nesting', async () => {
    const t = await translator('fr');
    const nested = {
      all: [
        { field: 'appendix', op: 'eq' as const, value: 'I' },
        { not: { field: 'source', op: 'eq' as const, value: 'C' } },
      ],
    };
    expect(draftOf(nested)).toBeNull();
    expect(criteriaText(nested, t)).toBe('appendix est égal à I et (non (source est égal à C))');
  });
});
