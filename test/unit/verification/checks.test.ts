/** The single checks at their edges (the table covers each code once; these pin the rules around it). */
import { GatewayError } from '../../../src/domain/errors';
import type { Permit } from '../../../src/domain/permit/permit';
import {
  checkImportPermit,
  checkLines,
  checkPartner,
  checkReceived,
  checkSecurityStamp,
  checkSignature,
  checkUsage,
  checkValidity,
  evaluateVerification,
  matchDeclarationLines,
} from '../../../src/domain/verification/checks';
import { declarationSchema, type DeclarationLine } from '../../../src/domain/verification/declaration';
import { compareDocuments } from '../../../src/domain/verification/document-diff';
import {
  assertOwnImportPermit,
  newImportPermitRecord,
  permitDigest,
} from '../../../src/domain/verification/import-permit';
import {
  normalizePartyName,
  normalizeScientificName,
  normalizeStampNumber,
} from '../../../src/domain/verification/normalize';
import { usageFromMatches } from '../../../src/domain/verification/verification';
import { samplePermit } from '../../support/permits';
import { appendixIPermit, sampleImportPermit } from '../../support/verification-cases';
import { factsFor } from './support/facts';
import { VERIFICATION_CASES } from '../../support/verification-cases';

const line = (changes: Partial<DeclarationLine> = {}): DeclarationLine => ({
  block: 'A',
  scientificName: 'Python sebae',
  termCode: 'SKI',
  quantity: 150,
  unit: 'PCS',
  ...changes,
});

const codesOf = (reasons: Array<{ code: string }>) => reasons.map((r) => r.code);

describe('compareDocuments', () => {
  const received = samplePermit();

  test('when the presented document is the received one, then no field differs', () => {
    expect(compareDocuments(structuredClone(received), received)).toEqual([]);
  });

  test('when text differs only in case and white space and dates only in the time, then no field differs', () => {
    const presented = structuredClone(received);
    presented.importer.name = '  LEDER  import Genf SA';
    presented.lines[0]!.scientificName = 'python sebae';
    presented.issueDate = '2026-03-02T09:15:00+03:00';
    expect(compareDocuments(presented, received)).toEqual([]);
  });

  test('when the presented document lacks optional fields (an older shape), then they are not reported', () => {
    const presented = structuredClone(received);
    delete presented.specialConditions;
    delete presented.placeOfIssue;
    delete presented.managementAuthority.address;
    delete presented.lines[1]!.commonName;
    expect(compareDocuments(presented, received)).toEqual([]);
  });

  test('when the presented document adds a field the received permit lacks, then it is reported', () => {
    const presented = structuredClone(received);
    presented.lines[0]!.origin = { country: 'KE', permitNumber: 'KE-OLD-1' };
    expect(compareDocuments(presented, received)).toEqual([
      { field: 'lines[A].origin.permitNumber', presented: 'KE-OLD-1', received: null },
    ]);
  });

  test('when a block is removed and another added, then each is reported once as a whole block', () => {
    const presented = structuredClone(received);
    presented.lines = [presented.lines[0]!, { ...presented.lines[1]!, id: 'C', quantity: 999 }];
    expect(compareDocuments(presented, received)).toEqual([
      { field: 'lines[B]', presented: null, received: 'present' },
      { field: 'lines[C]', presented: 'present', received: null },
    ]);
  });

  test('when only the presented document shows an export endorsement, then it is not an alteration', () => {
    const presented = structuredClone(received);
    presented.lines[0]!.exportEndorsedQuantity = 140;
    expect(compareDocuments(presented, received)).toEqual([]);
  });

  test('when both show an export endorsement and they differ, then it is reported', () => {
    const endorsed = structuredClone(received);
    endorsed.lines[0]!.exportEndorsedQuantity = 100;
    const presented = structuredClone(endorsed);
    presented.lines[0]!.exportEndorsedQuantity = 150;
    expect(compareDocuments(presented, endorsed)).toEqual([
      { field: 'lines[A].exportEndorsedQuantity', presented: 150, received: 100 },
    ]);
  });

  test('when the number, dates and purpose are altered, then every field is listed', () => {
    const presented = {
      ...structuredClone(received),
      permitNumber: 'KE-2026-000124',
      validUntil: '2027-09-01',
      purpose: 'Z',
    } as Permit;
    expect(compareDocuments(presented, received).map((d) => d.field)).toEqual([
      'permitNumber',
      'validUntil',
      'purpose',
    ]);
  });
});

describe('line checks', () => {
  const permit = samplePermit();

  test('when a declared block is not on the permit, then SPECIES_MISMATCH names the block', () => {
    const reasons = checkLines(matchDeclarationLines(permit, [line({ block: 'c' })]));
    expect(reasons).toEqual([
      expect.objectContaining({ code: 'SPECIES_MISMATCH', block: 'C', declarationLine: 0 }),
    ]);
  });

  test('when one species is on two blocks, then the block with the declared term and unit is matched', () => {
    const two = samplePermit({
      lines: [
        { ...permit.lines[0]!, id: 'A', termCode: 'SKI', unit: 'PCS', quantity: 10 },
        { ...permit.lines[0]!, id: 'B', termCode: 'LEA', unit: 'KIL', quantity: 5 },
      ],
    });
    const matches = matchDeclarationLines(two, [
      line({ block: undefined, termCode: 'LEA', unit: 'KIL', quantity: 5 }),
    ]);
    expect(matches[0]!.permitLine?.id).toBe('B');
    expect(checkLines(matches)).toEqual([]);
  });

  test('when the permit line has no term code, then the declared term is not compared', () => {
    const noTerm = samplePermit();
    delete noTerm.lines[0]!.termCode;
    expect(checkLines(matchDeclarationLines(noTerm, [line({ termCode: 'LIV' })]))).toEqual([]);
  });

  test('when a count of specimens is declared in pieces, then UNIT_MISMATCH and no quantity check', () => {
    const count = samplePermit();
    delete count.lines[0]!.unit;
    const reasons = checkLines(matchDeclarationLines(count, [line({ quantity: 9999 })]));
    expect(codesOf(reasons)).toEqual(['UNIT_MISMATCH']);
    expect(reasons[0]!.details).toEqual({ declared: 'PCS', permitted: null });
  });

  test('when decimal quantities add up to exactly the permitted amount, then nothing is exceeded', () => {
    const decimal = samplePermit();
    decimal.lines[1]!.quantity = 0.3;
    const lines = [
      line({ block: 'B', scientificName: 'Aloe secundiflora', termCode: 'EXT', unit: 'KIL', quantity: 0.1 }),
      line({ block: 'B', scientificName: 'Aloe secundiflora', termCode: 'EXT', unit: 'KIL', quantity: 0.2 }),
    ];
    expect(checkLines(matchDeclarationLines(decimal, lines))).toEqual([]);
  });

  test('when the presented paper shows a lower endorsement than the received permit, then the lower one limits', () => {
    const presented = samplePermit();
    presented.lines[0]!.exportEndorsedQuantity = 90;
    const reasons = checkLines(matchDeclarationLines(permit, [line({ quantity: 100 })]), presented);
    expect(reasons).toEqual([
      expect.objectContaining({
        code: 'QUANTITY_EXCEEDED',
        block: 'A',
        details: { declared: 100, permitted: 150, exportEndorsed: 90, unit: 'PCS', declarationLines: [0] },
      }),
    ]);
  });

  test('when a block has an export endorsement of zero, then any declared quantity exceeds it', () => {
    const zero = samplePermit();
    zero.lines[0]!.exportEndorsedQuantity = 0;
    expect(codesOf(checkLines(matchDeclarationLines(zero, [line({ quantity: 1 })])))).toEqual([
      'QUANTITY_EXCEEDED',
    ]);
  });
});

describe('validity, receipt, partner, signature, usage and stamp checks', () => {
  const permit = samplePermit({ validFrom: '2026-03-10' });

  test.each([
    ['2026-03-10', []],
    ['2026-09-01', []],
    ['2026-09-01T23:59:59+02:00', []],
    ['2026-09-02', ['EXPIRED']],
    ['2026-03-09', ['NOT_YET_VALID']],
  ])('when the consignment arrives on %s, then %j', (arrival, codes) => {
    expect(codesOf(checkValidity(permit, arrival))).toEqual(codes);
  });

  test('when a permit has no validFrom, then validity starts at the issue date', () => {
    expect(codesOf(checkValidity(samplePermit(), '2026-03-01'))).toEqual(['NOT_YET_VALID']);
  });

  test('when the received document is an import permit of the issuing country, then NOT_RECEIVED', () => {
    const reasons = checkReceived({
      requestedKey: 'KE/2026/X',
      received: {
        permitKey: 'KE/2026/X',
        status: 'VALID',
        permit: samplePermit({ type: 'I' }),
        receivedAt: new Date(),
      },
    });
    expect(reasons).toEqual([
      expect.objectContaining({ code: 'NOT_RECEIVED', details: { permitKey: 'KE/2026/X', type: 'I' } }),
    ]);
  });

  test('when the number was received for another year only, then NOT_RECEIVED says which', () => {
    const reasons = checkReceived({ requestedKey: 'KE/2025/X', received: null, otherYears: ['KE/2026/X'] });
    expect(reasons[0]!.details).toEqual({ permitKey: 'KE/2025/X', receivedWithOtherYear: ['KE/2026/X'] });
  });

  test.each([
    ['active', []],
    ['suspended', ['PARTNER_SUSPENDED']],
    ['pending', ['PARTNER_SUSPENDED']],
    ['unknown', ['PARTNER_SUSPENDED']],
  ] as const)('when the issuing partner is %s, then %j', (status, codes) => {
    expect(codesOf(checkPartner('KE', status))).toEqual(codes);
  });

  test('when the signature could not be checked (partner not active), then no SIGNATURE_INVALID is claimed', () => {
    expect(checkSignature({ state: 'not-checked', why: 'partner suspended' })).toEqual([]);
    expect(
      codesOf(checkSignature({ state: 'invalid', code: 'SIGNATURE_INVALID', message: 'digest' })),
    ).toEqual(['SIGNATURE_INVALID']);
  });

  test('when the clearance belongs to this same declaration, then it is not ALREADY_USED', () => {
    const clearance = { declarationNumber: 'D1', verificationId: 'v', clearedAt: new Date() };
    expect(checkUsage(clearance, 'D1')).toEqual([]);
    expect(codesOf(checkUsage(clearance, 'D2'))).toEqual(['ALREADY_USED']);
  });

  test('when a stamp is presented but the received permit has none, then SECURITY_STAMP_MISMATCH', () => {
    const noStamp = samplePermit();
    delete noStamp.securityStampNumber;
    expect(checkSecurityStamp(noStamp, 'KE1')[0]!.details).toEqual({ presented: 'KE1', received: null });
    expect(checkSecurityStamp(noStamp, undefined)).toEqual([]);
  });
});

describe('import permit check', () => {
  const exported = appendixIPermit('KE-APP1');
  const declaration = { arrivalDate: '2026-04-15', importPermitNumber: 'CH-IMP-1' };
  const matches = matchDeclarationLines(exported, [
    line({ scientificName: 'Psittacus erithacus', termCode: 'LIV', unit: undefined, quantity: 4 }),
  ]);
  const record = (overrides = {}) =>
    newImportPermitRecord(sampleImportPermit('CH-IMP-1', overrides), 'issuer', new Date());

  test('when our import permit is cancelled, then IMPORT_PERMIT_MISSING says so', () => {
    const reasons = checkImportPermit(matches, declaration, [{ ...record(), status: 'CANCELLED' }]);
    expect(reasons[0]!.message).toMatch(/cancelled/);
  });

  test('when our import permit covers other species, then IMPORT_PERMIT_MISSING lists the uncovered ones', () => {
    const other = record({ lines: [{ ...exported.lines[0]!, scientificName: 'Ara macao' }] });
    const reasons = checkImportPermit(matches, declaration, [other]);
    expect(reasons[0]!.details).toMatchObject({ uncovered: ['Psittacus erithacus'] });
  });

  test('when one of two recorded years is valid, then the check passes', () => {
    const old = record({ issueDate: '2025-01-01', validFrom: '2025-01-01', validUntil: '2025-06-30' });
    expect(checkImportPermit(matches, declaration, [old, record()])).toEqual([]);
  });

  test('when Appendix I is declared for an Appendix II block, then APPENDIX_MISMATCH and IMPORT_PERMIT_MISSING', () => {
    const c = VERIFICATION_CASES.find((x) => x.id === 'ok-key')!;
    const { facts } = factsFor(c);
    facts.declaration.lines[0]!.appendix = 'I';
    expect(codesOf(evaluateVerification(facts).reasons)).toEqual([
      'APPENDIX_MISMATCH',
      'IMPORT_PERMIT_MISSING',
    ]);
  });

  test('when an import permit of another country or type is recorded, then IMPORT_PERMIT_NOT_OURS', () => {
    expect(() => assertOwnImportPermit(samplePermit(), 'CH')).toThrow(GatewayError);
    try {
      assertOwnImportPermit(samplePermit(), 'CH');
    } catch (error) {
      expect((error as GatewayError).code).toBe('IMPORT_PERMIT_NOT_OURS');
      expect((error as GatewayError).details).toEqual([
        { field: 'type', message: 'is E, an import permit is I' },
        { field: 'issuingCountry', message: 'is KE, not our country CH' },
      ]);
    }
    expect(() => assertOwnImportPermit(sampleImportPermit('CH-1'), 'CH')).not.toThrow();
  });

  test('when the same permit is written with keys in another order, then its digest is the same', () => {
    const permit = sampleImportPermit('CH-1');
    const reordered = Object.fromEntries(Object.entries(permit).reverse()) as Permit;
    expect(permitDigest(reordered)).toBe(permitDigest(permit));
    expect(permitDigest({ ...permit, purpose: 'Z' })).not.toBe(permitDigest(permit));
  });
});

describe('normalisation, declaration model and usage', () => {
  test('when names are typed differently, then they normalise alike only where intended', () => {
    expect(normalizeScientificName(' Python\tSEBAE  ')).toBe('python sebae');
    expect(normalizePartyName('Leder-Import Genève S.A.')).toBe(normalizePartyName('lederimport geneve sa'));
    expect(normalizePartyName('Leder Import Genf SA')).not.toBe(normalizePartyName('Leder Import Genf AG'));
    expect(normalizeStampNumber(' ke 004 5123')).toBe('KE0045123');
  });

  test('when a declaration is parsed, then codes are upper-cased and text trimmed', () => {
    const parsed = declarationSchema.parse({
      declarationNumber: ' CH-2026-1 ',
      importer: { name: ' Leder ', country: 'ch' },
      arrivalDate: '2026-04-15',
      lines: [
        {
          scientificName: 'Python sebae',
          termCode: 'ski',
          quantity: 1,
          unit: 'pcs',
          appendix: 'ii',
          source: 'w',
        },
      ],
    });
    expect(parsed.declarationNumber).toBe('CH-2026-1');
    expect(parsed.importer).toEqual({ name: 'Leder', country: 'CH' });
    expect(parsed.lines[0]).toMatchObject({ termCode: 'SKI', unit: 'PCS', appendix: 'II', source: 'W' });
  });

  test.each([
    ['a negative quantity', { quantity: -1 }, 'lines.0.quantity'],
    ['an unknown unit', { unit: 'BARREL' }, 'lines.0.unit'],
    ['an unknown source', { source: 'Z' }, 'lines.0.source'],
  ])('when a line has %s, then the declaration is refused naming the field', (_what, change, field) => {
    const result = declarationSchema.safeParse({
      declarationNumber: 'D',
      importer: { name: 'X' },
      arrivalDate: '2026-04-15',
      lines: [{ scientificName: 'Python sebae', termCode: 'SKI', quantity: 1, ...change }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  test('when usage is built from matched lines, then quantities add up per block without float noise', () => {
    const permit = samplePermit();
    const matches = matchDeclarationLines(permit, [
      line({ block: 'B', scientificName: 'Aloe secundiflora', termCode: 'EXT', unit: 'KIL', quantity: 0.1 }),
      line({ block: 'B', scientificName: 'Aloe secundiflora', termCode: 'EXT', unit: 'KIL', quantity: 0.2 }),
      line({ quantity: 150 }),
    ]);
    const at = new Date('2026-04-15T10:00:00Z');
    expect(
      usageFromMatches(matches, { declarationNumber: 'D', clearedAt: at, confirmedBy: 'officer' }),
    ).toEqual({
      declarationNumber: 'D',
      clearedAt: at,
      lines: [
        { lineId: 'B', quantity: 0.3, unit: 'KIL' },
        { lineId: 'A', quantity: 150, unit: 'PCS' },
      ],
      confirmedBy: 'officer',
    });
  });
});
