import { GatewayError } from '../../../src/domain/errors';
import { formatPermitKey, parsePermitKey, permitKeyOf } from '../../../src/domain/permit/permit-key';
import { assertPermit, validatePermit, type FieldIssue } from '../../../src/domain/permit/permit';
import { samplePermit } from '../../support/permits';

const issuesOf = (input: unknown): FieldIssue[] => {
  const result = validatePermit(input);
  if (result.ok) throw new Error('expected the permit to be refused');
  return result.issues;
};

describe('permit model', () => {
  test('when the sample permit is validated, then it is a KE export to CH with two Appendix II lines', () => {
    const permit = samplePermit();
    expect(permit).toMatchObject({
      type: 'E',
      issuingCountry: 'KE',
      importer: { address: { country: 'CH' } },
    });
    expect(permit.lines.map((l) => [l.id, l.scientificName, l.appendix])).toEqual([
      ['A', 'Python sebae', 'II'],
      ['B', 'Aloe secundiflora', 'II'],
    ]);
    expect(samplePermit({ permitNumber: 'KE-2026-000124' }).permitNumber).toBe('KE-2026-000124');
  });

  test('when codes are unknown, then each is a validation error naming its field', () => {
    const permit = samplePermit();
    const bad = {
      ...permit,
      type: 'X',
      purpose: 'K',
      issuingCountry: 'QQ',
      lines: [{ ...permit.lines[0], appendix: 'IV', source: 'Q', unit: 'KGS', termCode: 'skins' }],
    };
    expect(issuesOf(bad)).toEqual([
      { path: 'type', message: "'X' is not a permit type (E, R, I or O)" },
      { path: 'issuingCountry', message: "'QQ' is not an ISO 3166-1 alpha-2 country code" },
      { path: 'purpose', message: "'K' is not a CITES purpose code" },
      { path: 'lines[0].termCode', message: 'must be a three-letter CITES term code such as LIV' },
      { path: 'lines[0].appendix', message: "'IV' is not a CITES Appendix (I, II or III)" },
      { path: 'lines[0].source', message: "'Q' is not a CITES source code" },
      { path: 'lines[0].unit', message: "'KGS' is not a CITES unit code" },
    ]);
  });

  test('when required fields are missing or extra ones present, then each is named', () => {
    const { purpose: _purpose, issuingCountry: _country, ...rest } = samplePermit();
    expect(issuesOf({ ...rest, colour: 'green' })).toEqual([
      { path: 'issuingCountry', message: 'is required' },
      { path: 'purpose', message: 'is required' },
      { path: 'colour', message: 'is not a permit field' },
    ]);
  });

  test('when dates are impossible or out of order, then the date fields are named', () => {
    expect(issuesOf({ ...samplePermit(), validUntil: '2026-02-29' })).toEqual([
      { path: 'validUntil', message: "'2026-02-29' is not an ISO 8601 date (YYYY-MM-DD[Thh:mm:ss[offset]])" },
    ]);
    expect(issuesOf({ ...samplePermit(), validUntil: '2026-03-01T23:59:59+01:00' })).toEqual([
      { path: 'validUntil', message: 'is before the issue date' },
      { path: 'validUntil', message: 'is before validFrom' },
    ]);
  });

  test('when text has outer white space, a block repeats or an authority address is empty, then refused', () => {
    const permit = samplePermit();
    expect(
      issuesOf({
        ...permit,
        permitNumber: ' KE-1',
        managementAuthority: { name: 'KWS', address: {} },
        lines: [permit.lines[0], { ...permit.lines[1], id: 'A' }],
      }),
    ).toEqual([
      { path: 'permitNumber', message: 'must not start or end with white space' },
      {
        path: 'managementAuthority.address',
        message: 'needs a street, city or postcode (leave the address out otherwise)',
      },
      { path: 'lines[1].id', message: 'block A appears twice' },
    ]);
  });

  test('when assertPermit meets an invalid permit, then PERMIT_INVALID carries the issues as details', () => {
    const error = (() => {
      try {
        assertPermit({ ...samplePermit(), lines: [] });
      } catch (e) {
        return e as GatewayError;
      }
      throw new Error('expected PERMIT_INVALID');
    })();
    expect(error.code).toBe('PERMIT_INVALID');
    expect(error.details).toEqual([{ path: 'lines', message: 'a permit has at least one line' }]);
  });

  test('when a permit key is formatted and parsed, then country, year and number come back', () => {
    const key = permitKeyOf(samplePermit({ permitNumber: 'KE/2026/77' }));
    expect(formatPermitKey(key)).toBe('KE/2026/KE/2026/77');
    expect(parsePermitKey('KE/2026/KE/2026/77')).toEqual(key);
  });
});
