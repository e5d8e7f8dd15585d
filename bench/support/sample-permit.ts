/**
 * The permit the benchmarks sign and verify: the same Kenyan export permit as the tests' samplePermit
 * (two blocks, ~4.7 KB as CITESEPermit XML), kept here because benchmarks are built from src/ and bench/ only.
 */
import { assertPermit, type Permit } from '../../src/domain/permit/permit';

/** A valid two-line export permit; `permitNumber` varies it for benches that need distinct permits. */
export function benchPermit(permitNumber = 'KE-2026-000123'): Permit {
  return assertPermit({
    permitNumber,
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
    lines: [
      {
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
      },
      {
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
      },
    ],
  });
}
