/**
 * A realistic, valid permit for tests across the gateway: a Kenyan export permit to Switzerland with two
 * blocks of Appendix II species (African rock python skins, wild; Aloe secundiflora extract, wild).
 */
import { assertPermit, type Permit, type PermitLine } from '../../src/domain/permit/permit';

/** What `samplePermit` accepts: any top-level field; `lines` replaces the lines wholesale. */
export type PermitOverrides = Partial<Permit>;

const LINE_A: PermitLine = {
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

const LINE_B: PermitLine = {
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

/**
 * A fresh valid permit (validated with the model, so a broken sample fails loudly). Each call returns new
 * objects, so tests may mutate the result.
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
    lines: [structuredClone(LINE_A), structuredClone(LINE_B)],
  };
  return assertPermit({ ...base, ...structuredClone(overrides) });
}
