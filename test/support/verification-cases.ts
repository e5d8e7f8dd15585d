/**
 * The customs verification table: one case per reason code (and the accepted variants around them), in
 * terms any test level can set up. Unit tests turn a case into facts for the pure checks; integration
 * tests store the received permit with MongoReceivedPermitRepository; the e2e test sends the permit from
 * a KE gateway to a CH gateway through the real exchange and then applies `setup`.
 *
 * Every case is written for Kenya (KE) exporting to Switzerland (CH), the verifying country. Runners give
 * each case its own permit number and declaration number (from `id`), so cases share one database.
 */
import type { Permit } from '../../src/domain/permit/permit';
import type { VerificationRequestInput } from '../../src/domain/verification/declaration';
import type { ReasonCode, Verdict } from '../../src/domain/verification/reason-codes';
import { samplePermit, type PermitOverrides } from './permits';

export const ISSUING_COUNTRY = 'KE';
export const VERIFYING_COUNTRY = 'CH';
/** Inside the sample permit's validity (2026-03-02 .. 2026-09-01). */
export const ARRIVAL_DATE = '2026-04-15';

type DeclarationInput = VerificationRequestInput['declaration'];

/** What happens between the permit's reception and the verification. */
export interface CaseSetup {
  /** The permit is never sent (the presented one is a forgery). */
  notSent?: true;
  /** The issuing country cancels the permit after sending it. */
  cancel?: { reason: string };
  /** The issuing country replaces the permit by this one (sent after the original). */
  replaceWith?: (original: Permit) => Permit;
  /** The issuing partner is suspended by our administrator before the verification. */
  suspendPartner?: true;
  /** The certificate that signed the permit is revoked in our directory before the verification. */
  revokeSigner?: true;
  /** Another declaration (this number) cleared the permit first, with the case's own request lines. */
  usedByDeclaration?: string;
  /** Our issuer recorded this import permit beforehand (POST /api/v1/import-permits). */
  importPermit?: Permit;
}

export interface VerificationCase {
  /** Short unique slug: permit `KE-2026-V-<id>`, declaration `CH-DECL-<id>`. */
  id: string;
  /** `when ..., then ...` */
  name: string;
  /** The permit the issuing country sends, with the number the runner assigned. */
  permit(permitNumber: string): Permit;
  setup?: CaseSetup;
  /** The verification request customs makes for the sent permit. */
  request(sent: Permit, declarationNumber: string): VerificationRequestInput;
  /**
   * Why the case cannot be set up through the real exchange (the e2e runner skips it; lower levels run
   * it), e.g. a permit the exporter's gateway would never send to us.
   */
  notViaExchange?: string;
  expected: {
    verdict: Verdict;
    /** Exactly these codes, in reporting order (each once unless listed more often). */
    codes: ReasonCode[];
    /** For DOCUMENT_ALTERED: the fields reported as differing. */
    alteredFields?: string[];
  };
}

export function permitNumberFor(c: Pick<VerificationCase, 'id'>): string {
  return `KE-2026-V-${c.id}`;
}

export function declarationNumberFor(c: Pick<VerificationCase, 'id'>): string {
  return `CH-DECL-${c.id}`;
}

/** `KE/2026/<number>`: the key the sample permits are received under. */
export function permitKeyFor(permit: Pick<Permit, 'issuingCountry' | 'issueDate' | 'permitNumber'>): string {
  return `${permit.issuingCountry}/${permit.issueDate.slice(0, 4)}/${permit.permitNumber}`;
}

/** A declaration that matches the sample permit exactly (both blocks, full quantities). */
export function matchingDeclaration(
  sent: Permit,
  declarationNumber: string,
  overrides: Partial<DeclarationInput> = {},
): DeclarationInput {
  return {
    declarationNumber,
    importer: { name: sent.importer.name },
    arrivalDate: ARRIVAL_DATE,
    lines: sent.lines.map((l) => ({
      block: l.id,
      scientificName: l.scientificName,
      termCode: l.termCode ?? 'XXX',
      quantity: l.quantity,
      ...(l.unit !== undefined ? { unit: l.unit } : {}),
      appendix: l.appendix,
      source: l.source,
    })),
    ...overrides,
  };
}

/** A request presenting the permit by key (country + number + year). */
export function byKey(
  sent: Permit,
  declarationNumber: string,
  overrides: Partial<DeclarationInput> = {},
): VerificationRequestInput {
  return {
    permit: {
      issuingCountry: sent.issuingCountry,
      permitNumber: sent.permitNumber,
      issueYear: Number(sent.issueDate.slice(0, 4)),
    },
    declaration: matchingDeclaration(sent, declarationNumber, overrides),
  };
}

/** A request presenting the full document (JSON), possibly altered from what was sent. */
export function byDocument(
  document: Permit,
  sent: Permit,
  declarationNumber: string,
  overrides: Partial<DeclarationInput> = {},
): VerificationRequestInput {
  return {
    document: structuredClone(document),
    declaration: matchingDeclaration(sent, declarationNumber, overrides),
  };
}

/** Replaces one declared line's fields (by index), keeping the others. */
function withLine(
  sent: Permit,
  declarationNumber: string,
  index: number,
  changes: Partial<DeclarationInput['lines'][number]>,
  overrides: Partial<DeclarationInput> = {},
): VerificationRequestInput {
  const request = byKey(sent, declarationNumber, overrides);
  const lines = request.declaration.lines.map((l, i) => (i === index ? { ...l, ...changes } : l));
  return { ...request, declaration: { ...request.declaration, lines } };
}

/** A Kenyan export permit of one Appendix I block (live grey parrots, captive-bred). */
export function appendixIPermit(permitNumber: string): Permit {
  return samplePermit({
    permitNumber,
    lines: [
      {
        id: 'A',
        scientificName: 'Psittacus erithacus',
        commonName: 'Grey parrot',
        description: 'Live birds, close-ringed',
        termCode: 'LIV',
        appendix: 'I',
        source: 'C',
        quantity: 4,
        origin: { country: 'KE' },
      },
    ],
  });
}

/** Our (CH) import permit for the grey parrots of `appendixIPermit`. */
export function sampleImportPermit(permitNumber: string, overrides: PermitOverrides = {}): Permit {
  const exported = appendixIPermit('unused');
  return samplePermit({
    permitNumber,
    type: 'I',
    issuingCountry: 'CH',
    managementAuthority: {
      name: 'Federal Food Safety and Veterinary Office FSVO, CITES Management Authority',
    },
    exporter: exported.exporter,
    importer: exported.importer,
    placeOfIssue: 'Bern',
    issueDate: '2026-02-10',
    validFrom: '2026-02-10',
    validUntil: '2027-02-09',
    purpose: 'T',
    securityStampNumber: 'CH0009876',
    lines: exported.lines,
    ...overrides,
  });
}

const sample = (permitNumber: string, overrides: PermitOverrides = {}) =>
  samplePermit({ permitNumber, ...overrides });

/** The table. Unit, integration and e2e tests run every case. */
export const VERIFICATION_CASES: VerificationCase[] = [
  {
    id: 'ok-key',
    name: 'when the received permit is presented by key with a matching declaration, then ACCEPTED',
    permit: (n) => sample(n),
    request: (sent, d) => byKey(sent, d),
    expected: { verdict: 'ACCEPTED', codes: [] },
  },
  {
    id: 'ok-doc',
    name: 'when the genuine full document is presented, then ACCEPTED',
    permit: (n) => sample(n),
    request: (sent, d) => byDocument(sent, sent, d),
    expected: { verdict: 'ACCEPTED', codes: [] },
  },
  {
    id: 'ok-names',
    name: 'when scientific names differ only in case and spacing, and only part of the quantity is declared, then ACCEPTED',
    permit: (n) => sample(n),
    request: (sent, d) => {
      const request = byKey(sent, d);
      const lines = request.declaration.lines.map((l, i) => ({
        ...l,
        block: undefined,
        scientificName: i === 0 ? '  python   SEBAE ' : 'ALOE secundiflora',
        quantity: i === 0 ? 100 : 250.5,
      }));
      return { ...request, declaration: { ...request.declaration, lines } };
    },
    expected: { verdict: 'ACCEPTED', codes: [] },
  },
  {
    id: 'forged-key',
    name: 'when a permit number never received from that country is presented, then NOT_RECEIVED',
    permit: (n) => sample(n),
    setup: { notSent: true },
    request: (sent, d) => byKey(sent, d),
    expected: { verdict: 'REJECTED', codes: ['NOT_RECEIVED'] },
  },
  {
    id: 'forged-doc',
    name: 'when a forged full document (never received) is presented, then NOT_RECEIVED',
    permit: (n) => sample(n),
    setup: { notSent: true },
    request: (sent, d) => byDocument(sent, sent, d),
    expected: { verdict: 'REJECTED', codes: ['NOT_RECEIVED'] },
  },
  {
    id: 'revoked',
    name: 'when the certificate that signed the received permit has since been revoked, then SIGNATURE_INVALID',
    permit: (n) => sample(n),
    setup: { revokeSigner: true },
    request: (sent, d) => byKey(sent, d),
    expected: { verdict: 'REJECTED', codes: ['SIGNATURE_INVALID'] },
  },
  {
    id: 'suspended',
    name: 'when the issuing partner is suspended, then PARTNER_SUSPENDED',
    permit: (n) => sample(n),
    setup: { suspendPartner: true },
    request: (sent, d) => byKey(sent, d),
    expected: { verdict: 'REJECTED', codes: ['PARTNER_SUSPENDED'] },
  },
  {
    id: 'cancelled',
    name: 'when the issuing country cancelled the permit, then CANCELLED',
    permit: (n) => sample(n),
    setup: { cancel: { reason: 'Issued in error' } },
    request: (sent, d) => byKey(sent, d),
    expected: { verdict: 'REJECTED', codes: ['CANCELLED'] },
  },
  {
    id: 'replaced',
    name: 'when the issuing country replaced the permit, then REPLACED naming the replacement',
    permit: (n) => sample(n),
    setup: {
      replaceWith: (original) =>
        samplePermit({
          ...original,
          permitNumber: `${original.permitNumber}-R`,
          replacesPermit: { permitNumber: original.permitNumber, issueDate: original.issueDate },
        }),
    },
    request: (sent, d) => byKey(sent, d),
    expected: { verdict: 'REJECTED', codes: ['REPLACED'] },
  },
  {
    id: 'expired',
    name: 'when the consignment arrives after the validity period, then EXPIRED',
    permit: (n) => sample(n),
    request: (sent, d) => byKey(sent, d, { arrivalDate: '2026-09-02' }),
    expected: { verdict: 'REJECTED', codes: ['EXPIRED'] },
  },
  {
    id: 'early',
    name: 'when the consignment arrives before the validity period, then NOT_YET_VALID',
    permit: (n) => sample(n, { validFrom: '2026-04-01' }),
    request: (sent, d) => byKey(sent, d, { arrivalDate: '2026-03-20' }),
    expected: { verdict: 'REJECTED', codes: ['NOT_YET_VALID'] },
  },
  {
    id: 'reused',
    name: 'when another declaration already cleared the permit, then ALREADY_USED',
    permit: (n) => sample(n),
    setup: { usedByDeclaration: 'CH-DECL-FIRST-USE' },
    request: (sent, d) => byKey(sent, d),
    expected: { verdict: 'REJECTED', codes: ['ALREADY_USED'] },
  },
  {
    id: 'altered',
    name: 'when the presented document was altered (quantity, importer, stamp), then DOCUMENT_ALTERED listing each field',
    permit: (n) => sample(n),
    request: (sent, d) => {
      const altered = structuredClone(sent);
      altered.lines[0]!.quantity = 1500;
      altered.importer.name = 'Cuir Négoce Lausanne SA';
      return byDocument(altered, sent, d);
    },
    expected: {
      verdict: 'REJECTED',
      codes: ['DOCUMENT_ALTERED'],
      alteredFields: ['importer.name', 'lines[A].quantity'],
    },
  },
  {
    id: 'altered-stamp',
    name: 'when the presented document carries another security stamp, then DOCUMENT_ALTERED and SECURITY_STAMP_MISMATCH',
    permit: (n) => sample(n),
    request: (sent, d) => byDocument({ ...sent, securityStampNumber: 'KE0099999' }, sent, d),
    expected: {
      verdict: 'REJECTED',
      codes: ['DOCUMENT_ALTERED', 'SECURITY_STAMP_MISMATCH'],
      alteredFields: ['securityStampNumber'],
    },
  },
  {
    id: 'species',
    name: 'when a declared species is not on the permit, then SPECIES_MISMATCH',
    permit: (n) => sample(n),
    request: (sent, d) => withLine(sent, d, 0, { block: undefined, scientificName: 'Python regius' }),
    expected: { verdict: 'REJECTED', codes: ['SPECIES_MISMATCH'] },
  },
  {
    id: 'species-block',
    name: 'when a declared block holds another species, then SPECIES_MISMATCH',
    permit: (n) => sample(n),
    request: (sent, d) => withLine(sent, d, 0, { scientificName: 'Crocodylus niloticus' }),
    expected: { verdict: 'REJECTED', codes: ['SPECIES_MISMATCH'] },
  },
  {
    id: 'appendix',
    name: 'when a declared Appendix differs, then APPENDIX_MISMATCH',
    permit: (n) => sample(n),
    request: (sent, d) => withLine(sent, d, 0, { appendix: 'III' }),
    expected: { verdict: 'REJECTED', codes: ['APPENDIX_MISMATCH'] },
  },
  {
    id: 'source',
    name: 'when wild specimens are declared as captive-bred, then SOURCE_MISMATCH',
    permit: (n) => sample(n),
    request: (sent, d) => withLine(sent, d, 0, { source: 'C' }),
    expected: { verdict: 'REJECTED', codes: ['SOURCE_MISMATCH'] },
  },
  {
    id: 'term',
    name: 'when a declared term differs (live animals on a skins permit), then TERM_MISMATCH',
    permit: (n) => sample(n),
    request: (sent, d) => withLine(sent, d, 0, { termCode: 'LIV' }),
    expected: { verdict: 'REJECTED', codes: ['TERM_MISMATCH'] },
  },
  {
    id: 'unit',
    name: 'when a declared unit differs, then UNIT_MISMATCH',
    permit: (n) => sample(n),
    request: (sent, d) => withLine(sent, d, 1, { unit: 'GRM', quantity: 250 }),
    expected: { verdict: 'REJECTED', codes: ['UNIT_MISMATCH'] },
  },
  {
    id: 'quantity',
    name: 'when more is declared than permitted, then QUANTITY_EXCEEDED',
    permit: (n) => sample(n),
    request: (sent, d) => withLine(sent, d, 0, { quantity: 151 }),
    expected: { verdict: 'REJECTED', codes: ['QUANTITY_EXCEEDED'] },
  },
  {
    id: 'quantity-sum',
    name: 'when two declared lines of one block add up to more than permitted, then QUANTITY_EXCEEDED once',
    permit: (n) => sample(n),
    request: (sent, d) => {
      const request = byKey(sent, d);
      const first = { ...request.declaration.lines[0]!, quantity: 100 };
      const lines = [first, { ...first, quantity: 60 }, request.declaration.lines[1]!];
      return { ...request, declaration: { ...request.declaration, lines } };
    },
    expected: { verdict: 'REJECTED', codes: ['QUANTITY_EXCEEDED'] },
  },
  {
    id: 'endorsed',
    name: 'when more is declared than the export-endorsed quantity, then QUANTITY_EXCEEDED',
    permit: (n) => {
      const permit = sample(n);
      permit.lines[0]!.exportEndorsedQuantity = 120;
      return permit;
    },
    request: (sent, d) => withLine(sent, d, 0, { quantity: 130 }),
    expected: { verdict: 'REJECTED', codes: ['QUANTITY_EXCEEDED'] },
  },
  {
    id: 'endorsed-ok',
    name: 'when exactly the export-endorsed quantity is declared, then ACCEPTED',
    permit: (n) => {
      const permit = sample(n);
      permit.lines[0]!.exportEndorsedQuantity = 120;
      return permit;
    },
    request: (sent, d) => withLine(sent, d, 0, { quantity: 120 }),
    expected: { verdict: 'ACCEPTED', codes: [] },
  },
  {
    id: 'importer',
    name: 'when the declared importer is not the one on the permit, then IMPORTER_MISMATCH',
    permit: (n) => sample(n),
    request: (sent, d) => byKey(sent, d, { importer: { name: 'Exotic Leather Trading GmbH' } }),
    expected: { verdict: 'REJECTED', codes: ['IMPORTER_MISMATCH'] },
  },
  {
    id: 'importer-spelling',
    name: 'when the importer differs only in accents, punctuation and case, then ACCEPTED',
    permit: (n) => sample(n),
    request: (sent, d) => byKey(sent, d, { importer: { name: 'LEDER IMPORT GENF S.A.', country: 'ch' } }),
    expected: { verdict: 'ACCEPTED', codes: [] },
  },
  {
    id: 'destination',
    name: 'when the permit is for another country of import, then DESTINATION_MISMATCH',
    notViaExchange:
      "the exporter's gateway sends a permit only to its importer's country, so this one never reaches CH through the exchange",
    permit: (n) => {
      const permit = sample(n);
      permit.importer.address = {
        street: 'Hafenstrasse 3',
        city: 'Hamburg',
        postcode: '20457',
        country: 'DE',
      };
      return permit;
    },
    request: (sent, d) => byKey(sent, d),
    expected: { verdict: 'REJECTED', codes: ['DESTINATION_MISMATCH'] },
  },
  {
    id: 'app1-none',
    name: 'when Appendix I specimens come without an import permit, then IMPORT_PERMIT_MISSING',
    permit: (n) => appendixIPermit(n),
    request: (sent, d) => byKey(sent, d),
    expected: { verdict: 'REJECTED', codes: ['IMPORT_PERMIT_MISSING'] },
  },
  {
    id: 'app1-unknown',
    name: 'when the declared import permit was never issued by us, then IMPORT_PERMIT_MISSING',
    permit: (n) => appendixIPermit(n),
    request: (sent, d) => byKey(sent, d, { importPermitNumber: 'CH-IMP-FAKE-1' }),
    expected: { verdict: 'REJECTED', codes: ['IMPORT_PERMIT_MISSING'] },
  },
  {
    id: 'app1-expired',
    name: 'when our import permit had expired at arrival, then IMPORT_PERMIT_MISSING',
    permit: (n) => appendixIPermit(n),
    setup: {
      importPermit: sampleImportPermit('CH-IMP-2026-EXP', {
        validFrom: '2026-01-05',
        issueDate: '2026-01-05',
        validUntil: '2026-03-31',
      }),
    },
    request: (sent, d) => byKey(sent, d, { importPermitNumber: 'CH-IMP-2026-EXP' }),
    expected: { verdict: 'REJECTED', codes: ['IMPORT_PERMIT_MISSING'] },
  },
  {
    id: 'app1-ok',
    name: 'when Appendix I specimens come with our valid import permit, then ACCEPTED',
    permit: (n) => appendixIPermit(n),
    setup: { importPermit: sampleImportPermit('CH-IMP-2026-OK') },
    request: (sent, d) => byKey(sent, d, { importPermitNumber: 'CH-IMP-2026-OK' }),
    expected: { verdict: 'ACCEPTED', codes: [] },
  },
  {
    id: 'stamp',
    name: 'when the presented security stamp is not the received one, then SECURITY_STAMP_MISMATCH',
    permit: (n) => sample(n),
    request: (sent, d) => byKey(sent, d, { securityStampNumber: 'KE0045124' }),
    expected: { verdict: 'REJECTED', codes: ['SECURITY_STAMP_MISMATCH'] },
  },
  {
    id: 'stamp-ok',
    name: 'when the presented security stamp matches ignoring case and spaces, then ACCEPTED',
    permit: (n) => sample(n),
    request: (sent, d) => byKey(sent, d, { securityStampNumber: 'ke 0045123' }),
    expected: { verdict: 'ACCEPTED', codes: [] },
  },
  {
    id: 'many',
    name: 'when several checks fail at once, then every failing check is reported',
    permit: (n) => sample(n),
    setup: { cancel: { reason: 'Specimens seized before export' } },
    request: (sent, d) => {
      const request = withLine(
        sent,
        d,
        0,
        { quantity: 400, source: 'C' },
        {
          arrivalDate: '2026-10-01',
          importer: { name: 'Someone Else AG' },
        },
      );
      return request;
    },
    expected: {
      verdict: 'REJECTED',
      codes: ['CANCELLED', 'EXPIRED', 'SOURCE_MISMATCH', 'QUANTITY_EXCEEDED', 'IMPORTER_MISMATCH'],
    },
  },
];
