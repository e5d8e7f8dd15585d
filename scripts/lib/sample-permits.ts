/**
 * Realistic Kenyan export permits to Switzerland, the one home of the sample permit: the tests' samplePermit
 * (fixed 2026 dates; test/support/permits.ts re-exports it), the benches' and hostile fixtures' permit, and
 * the demo's and drills' permits dated from today so customs at the border finds them valid.
 */
import { formatPermitKey, permitKeyOf as keyOfPermit } from '../../src/domain/permit/permit-key';
import { assertPermit, type Permit, type PermitLine } from '../../src/domain/permit/permit';

/** YYYY-MM-DD of `date` plus `days` (UTC). */
export function isoDay(date: Date, days = 0): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

const PYTHON_SKINS: PermitLine = {
  id: 'A',
  scientificName: 'Python sebae',
  commonName: 'African rock python',
  description: 'Tanned skins, whole',
  termCode: 'SKI',
  appendix: 'II',
  source: 'W',
  quantity: 150,
  unit: 'PCS',
  origin: { country: 'KE' },
};

const ALOE_EXTRACT: PermitLine = {
  id: 'B',
  scientificName: 'Aloe secundiflora',
  commonName: 'Aloe',
  description: 'Dried leaf exudate (bitter aloe extract) in 25 kg drums',
  termCode: 'EXT',
  appendix: 'II',
  source: 'W',
  quantity: 250.5,
  unit: 'KIL',
  origin: { country: 'KE' },
};

const PRUNUS_BARK: PermitLine = {
  id: 'A',
  scientificName: 'Prunus africana',
  commonName: 'African cherry',
  description: 'Dried bark, chipped',
  termCode: 'BAR',
  appendix: 'II',
  source: 'A',
  quantity: 1200,
  unit: 'KIL',
  origin: { country: 'KE' },
};

/** The lines of the permit kinds scripts use: `skins` (two blocks, like the tests' sample) or `bark`. */
export type PermitKind = 'skins' | 'bark';

/** What `samplePermit` accepts: any top-level field; `lines` replaces the lines wholesale. */
export type PermitOverrides = Partial<Permit>;

/**
 * A fresh valid permit: a Kenyan export permit to Switzerland with two blocks of Appendix II species (African
 * rock python skins, wild; Aloe secundiflora extract, wild), ~4.7 KB as CITESEPermit XML. Validated with the
 * model, so a broken sample fails loudly; each call returns new objects, so callers may mutate the result.
 */
export function samplePermit(overrides: PermitOverrides = {}): Permit {
  const base: Permit = {
    permitNumber: 'KE-2026-000123',
    type: 'E',
    issuingCountry: 'KE',
    managementAuthority: {
      name: 'Kenya Wildlife Service, CITES Management Authority',
      address: { street: 'Langata Road', city: 'Nairobi', postcode: '00100' },
    },
    exporter: {
      name: 'Savannah Hides and Botanicals Ltd',
      address: { street: 'Enterprise Road 12', city: 'Nairobi', postcode: '00500', country: 'KE' },
    },
    importer: {
      name: 'Leder Import Genf SA',
      address: {
        street: 'Rue du Rhône 40',
        city: 'Genève',
        postcode: '1204',
        countrySubdivision: 'GE',
        country: 'CH',
      },
    },
    placeOfIssue: 'Nairobi',
    issueDate: '2026-03-02',
    validFrom: '2026-03-02',
    validUntil: '2026-09-01',
    purpose: 'T',
    specialConditions: 'Valid only for the specimens and quantities listed. Not valid for re-export.',
    securityStampNumber: 'KE0045123',
    lines: [structuredClone(PYTHON_SKINS), structuredClone(ALOE_EXTRACT)],
  };
  return assertPermit({ ...base, ...structuredClone(overrides) });
}

/**
 * A valid KE→CH export permit numbered `permitNumber`, issued `today`, valid 180 days. Its key is
 * `KE/<year of today>/<permitNumber>`.
 */
export function kenyanExportPermit(
  permitNumber: string,
  options: { today?: Date; kind?: PermitKind } = {},
): Permit {
  const today = options.today ?? new Date();
  return samplePermit({
    permitNumber,
    issueDate: isoDay(today),
    validFrom: isoDay(today),
    validUntil: isoDay(today, 180),
    securityStampNumber: `KE${permitNumber.replace(/\W/g, '').slice(-7).padStart(7, '0')}`,
    ...(options.kind === 'bark' && { lines: [PRUNUS_BARK] }),
  });
}

/** The key a permit is stored under on both sides, as text: `KE/2026/<number>`. */
export function permitKeyOf(permit: Pick<Permit, 'issuingCountry' | 'issueDate' | 'permitNumber'>): string {
  return formatPermitKey(keyOfPermit(permit));
}

/** A customs declaration matching `permit` exactly (every block, full quantities), arriving today. */
export function matchingDeclaration(permit: Permit, declarationNumber: string, today = new Date()) {
  return {
    declarationNumber,
    importer: { name: permit.importer.name, country: permit.importer.address.country },
    arrivalDate: isoDay(today),
    lines: permit.lines.map((l) => ({
      block: l.id,
      scientificName: l.scientificName,
      termCode: l.termCode ?? 'XXX',
      quantity: l.quantity,
      ...(l.unit !== undefined ? { unit: l.unit } : {}),
      appendix: l.appendix,
      source: l.source,
    })),
  };
}

/** A verification request presenting `permit` by key with a matching declaration. */
export function verificationByKey(permit: Permit, declarationNumber: string, today = new Date()) {
  return {
    permit: {
      issuingCountry: permit.issuingCountry,
      permitNumber: permit.permitNumber,
      issueYear: Number(permit.issueDate.slice(0, 4)),
    },
    declaration: matchingDeclaration(permit, declarationNumber, today),
  };
}
