import type { Facts } from '../../../src/domain/risk/facts';
import {
  isProfileInForce,
  matchesCriteria,
  profileSchema,
  type Criteria,
} from '../../../src/domain/risk/profile';

const parrot: Facts = {
  scientificName: 'Psittacus erithacus',
  genus: 'Psittacus',
  class: 'Aves',
  appendix: 'I',
  source: 'C',
  hsCode: '010632',
  quantityRatio: 1.4,
  arrivalDate: '2026-03-10',
  firstShipmentOfImporter: 1,
  verificationReasons: 'QUANTITY_EXCEEDED,PERMIT_EXPIRED',
  declarant: null,
};

describe('matchesCriteria', () => {
  it.each<[string, Criteria, boolean]>([
    ['eq on a taxon rank', { field: 'genus', op: 'eq', value: 'Psittacus' }, true],
    ['eq with another value', { field: 'genus', op: 'eq', value: 'Ara' }, false],
    [
      'eq of a number fact with the same number written as text',
      { field: 'firstShipmentOfImporter', op: 'eq', value: '1' },
      true,
    ],
    ['ne', { field: 'source', op: 'ne', value: 'W' }, true],
    ['ne on a null fact (unknown is not "different")', { field: 'declarant', op: 'ne', value: 'X' }, false],
    ['in', { field: 'appendix', op: 'in', value: ['I', 'II'] }, true],
    ['notIn', { field: 'appendix', op: 'notIn', value: ['I', 'II'] }, false],
    ['gt above', { field: 'quantityRatio', op: 'gt', value: 1.2 }, true],
    ['gt at the value', { field: 'quantityRatio', op: 'gt', value: 1.4 }, false],
    ['gte at the value', { field: 'quantityRatio', op: 'gte', value: 1.4 }, true],
    ['lt', { field: 'quantityRatio', op: 'lt', value: 1 }, false],
    ['lte at the value', { field: 'quantityRatio', op: 'lte', value: 1.4 }, true],
    ['lt on a date', { field: 'arrivalDate', op: 'lt', value: '2026-04-01' }, true],
    ['gt on a missing fact', { field: 'valuePerUnit', op: 'gt', value: 0 }, false],
    ['lt on a missing fact', { field: 'valuePerUnit', op: 'lt', value: 1e9 }, false],
    ['startsWith an HS chapter', { field: 'hsCode', op: 'startsWith', value: '0106' }, true],
    ['startsWith another chapter', { field: 'hsCode', op: 'startsWith', value: '0301' }, false],
    [
      'contains a reason code',
      { field: 'verificationReasons', op: 'contains', value: 'PERMIT_EXPIRED' },
      true,
    ],
    [
      'contains only part of a reason code',
      { field: 'verificationReasons', op: 'contains', value: 'PERMIT' },
      false,
    ],
    ['exists on a present fact', { field: 'hsCode', op: 'exists' }, true],
    ['exists on a null fact', { field: 'declarant', op: 'exists' }, false],
    ['exists false on a null fact', { field: 'declarant', op: 'exists', value: false }, true],
  ])('when the criterion is %s, then it matches: %s', (_name, criteria, expected) => {
    expect(matchesCriteria(criteria, parrot)).toBe(expected);
  });

  it('when criteria are combined with all, any and not, then they combine as logic does', () => {
    const birdsNotWild: Criteria = {
      all: [
        { field: 'class', op: 'eq', value: 'Aves' },
        { not: { field: 'source', op: 'eq', value: 'W' } },
        {
          any: [
            { field: 'appendix', op: 'eq', value: 'III' },
            { field: 'quantityRatio', op: 'gt', value: 1.1 },
          ],
        },
      ],
    };
    expect(matchesCriteria(birdsNotWild, parrot)).toBe(true);
    expect(matchesCriteria(birdsNotWild, { ...parrot, quantityRatio: 1 })).toBe(false);
    expect(matchesCriteria(birdsNotWild, { ...parrot, source: 'W' })).toBe(false);
  });
});

describe('profileSchema', () => {
  it('when a profile gives only the required fields, then the defaults fill the rest', () => {
    const profile = profileSchema.parse({
      name: 'Parrots',
      criteria: { field: 'genus', op: 'eq', value: 'Psittacus' },
      lane: 'RED',
    });
    expect(profile).toMatchObject({ selectionRate: 100, sensitive: false, notify: [], active: true });
  });

  it('when a criterion has an unknown operator or a combination is empty, then the profile is refused', () => {
    const base = { name: 'x', lane: 'RED' };
    expect(
      profileSchema.safeParse({ ...base, criteria: { field: 'genus', op: 'like', value: 'P' } }).success,
    ).toBe(false);
    expect(profileSchema.safeParse({ ...base, criteria: { all: [] } }).success).toBe(false);
    expect(
      profileSchema.safeParse({ ...base, lane: 'GREEN', criteria: { field: 'genus', op: 'exists' } }).success,
    ).toBe(false);
    expect(
      profileSchema.safeParse({ ...base, selectionRate: 101, criteria: { field: 'genus', op: 'exists' } })
        .success,
    ).toBe(false);
  });
});

describe('isProfileInForce', () => {
  const profile = { active: true, validFrom: '2026-01-01', validTo: '2026-06-30' };
  it.each([
    ['2025-12-31', false],
    ['2026-01-01', true],
    ['2026-06-30T23:59:00Z', true],
    ['2026-07-01', false],
  ])('when the date is %s, then it is in force: %s', (date, expected) => {
    expect(isProfileInForce(profile, date)).toBe(expected);
  });

  it('when the profile is not active, then it is never in force', () => {
    expect(isProfileInForce({ ...profile, active: false }, '2026-03-01')).toBe(false);
  });
});
