import fc from 'fast-check';
import { GatewayError } from '../../../src/domain/errors';
import type { FieldIssue } from '../../../src/domain/permit/permit';
import { NS } from '../../../src/domain/xml/namespaces';
import { fromPermitXml, toPermitXml } from '../../../src/domain/xml/permit-xml';
import { parseXmlStrict } from '../../../src/domain/xml/strict-parser';
import { samplePermit } from '../../support/permits';
import { permitArb } from './support/permit-arbitrary';

const read = (xml: string) => fromPermitXml(parseXmlStrict(xml).document);

function errorOf(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

const issuesOf = (fn: () => unknown): FieldIssue[] => {
  const error = errorOf(fn);
  expect(error.code).toBe('PERMIT_INVALID');
  return error.details as FieldIssue[];
};

describe('toPermitXml / fromPermitXml', () => {
  test('when any valid permit is written and read back, then it is the same permit', () => {
    fc.assert(
      fc.property(permitArb, (permit) => {
        expect(read(toPermitXml(permit))).toStrictEqual(permit);
      }),
      { numRuns: 200 },
    );
  });

  test('when the sample permit is written, then the root and blocks use the v2 namespaces of the toolkit', () => {
    const xml = toPermitXml(samplePermit());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rsm:CITESEPermit')).toBe(true);
    const root = parseXmlStrict(xml).document.documentElement!;
    expect(root.namespaceURI).toBe('urn:un:unece:uncefact:data:standard:CITESEPermit:2');
    const blocks = Array.from(root.childNodes)
      .filter((n) => n.nodeType === 1)
      .map((n) => `${n.namespaceURI} ${n.localName}`);
    expect(blocks).toEqual([
      `${NS.citesEPermit2} SpecifiedExchangedDocumentContext`,
      `${NS.citesEPermit2} HeaderExchangedDocument`,
      `${NS.citesEPermit2} SpecifiedSupplyChainConsignment`,
    ]);
    const id = root.getElementsByTagNameNS(NS.ram, 'ID');
    expect(id.item(2)?.textContent).toBe('KE-2026-000123');
    expect(xml).toContain('<ram:ItemQuantity unitCode="KIL">250.5</ram:ItemQuantity>');
    expect(xml).toContain('<ram:ScientificName>Python sebae</ram:ScientificName>');
  });

  test('when text holds markup characters and a carriage return, then they are escaped and survive', () => {
    const permit = samplePermit({ specialConditions: 'a < b && c > d ]]> "q"\r\nline 2\rend' });
    const xml = toPermitXml(permit);
    expect(xml).toContain('a &lt; b &amp;&amp; c &gt; d ]]&gt; "q"&#xD;\nline 2&#xD;end');
    expect(read(xml).specialConditions).toBe(permit.specialConditions);
  });

  test('when the document uses other prefixes or default namespaces, then it reads the same', () => {
    const xml = toPermitXml(samplePermit())
      .replace(/rsm:/g, '')
      .replace('xmlns:rsm=', 'xmlns=')
      .replace(/ram:/g, 'r:')
      .replace('xmlns:ram=', 'xmlns:r=');
    expect(read(xml)).toStrictEqual(samplePermit());
  });

  test('when the permit is not valid, then toPermitXml refuses it with PERMIT_INVALID naming the field', () => {
    const permit = { ...samplePermit(), purpose: 'X' } as never;
    expect(issuesOf(() => toPermitXml(permit))).toEqual([
      { path: 'purpose', message: "'X' is not a CITES purpose code" },
    ]);
  });

  test('when the root is not a CITESEPermit in the v2 namespace, then PERMIT_UNRECOGNISED', () => {
    const noNamespace = toPermitXml(samplePermit()).replace(
      ` xmlns:rsm="${NS.citesEPermit2}"`,
      ' xmlns:rsm="urn:other"',
    );
    expect(errorOf(() => read(noNamespace)).code).toBe('PERMIT_UNRECOGNISED');
    expect(errorOf(() => read('<CBFShip xmlns="urn:un:unece:uncefact:data:draft:CBFShip:1"/>')).code).toBe(
      'PERMIT_UNRECOGNISED',
    );
  });

  test('when required fields are missing, then each is reported with the element it should be in', () => {
    const xml = toPermitXml(samplePermit())
      .replace('<ram:ID>KE-2026-000123</ram:ID>', '')
      .replace('<ram:ScientificName>Aloe secundiflora</ram:ScientificName>', '');
    expect(issuesOf(() => read(xml))).toEqual([
      { path: 'permitNumber', message: 'is required (HeaderExchangedDocument/ID)' },
      { path: 'lines[1].scientificName', message: 'is required (SpecifiedTradeProduct/ScientificName)' },
    ]);
  });

  test('when codes, countries, dates and quantities are wrong, then every problem names its field', () => {
    const xml = toPermitXml(samplePermit())
      .replace(
        '<ram:TypeExtensionCode>W</ram:TypeExtensionCode>',
        '<ram:TypeExtensionCode>Q</ram:TypeExtensionCode>',
      )
      .replace('<ram:CountryID>CH</ram:CountryID>', '<ram:CountryID>QQ</ram:CountryID>')
      .replace(
        '<ram:EndDateTime>2026-09-01</ram:EndDateTime>',
        '<ram:EndDateTime>2026-02-30</ram:EndDateTime>',
      )
      .replace('unitCode="KIL">250.5<', 'unitCode="KGS">1e3<');
    expect(issuesOf(() => read(xml))).toEqual([
      { path: 'lines[1].quantity', message: "'1e3' is not a decimal number (ItemQuantity)" },
      { path: 'importer.address.country', message: "'QQ' is not an ISO 3166-1 alpha-2 country code" },
      { path: 'validUntil', message: "'2026-02-30' is not an ISO 8601 date (YYYY-MM-DD[Thh:mm:ss[offset]])" },
      { path: 'lines[0].source', message: "'Q' is not a CITES source code" },
      { path: 'lines[1].unit', message: "'KGS' is not a CITES unit code" },
    ]);
  });

  test('when a single-valued element is repeated, then the strict reader reports it instead of picking one', () => {
    const xml = toPermitXml(samplePermit()).replace(
      '<ram:ScientificName>Python sebae</ram:ScientificName>',
      '<ram:ScientificName>Python sebae</ram:ScientificName><ram:ScientificName>Python regius</ram:ScientificName>',
    );
    expect(issuesOf(() => read(xml))).toEqual([
      {
        path: 'lines[0].scientificName',
        message: 'ScientificName appears more than once in SpecifiedTradeProduct',
      },
    ]);
  });

  test('when the endorsed quantity (Box 14) names another unit than its line, then it is reported', () => {
    const permit = samplePermit();
    permit.lines[0]!.exportEndorsedQuantity = 120;
    const xml = toPermitXml(permit);
    expect(xml).toContain('<ram:UnitQuantity unitCode="PCS">120</ram:UnitQuantity>');
    expect(read(xml).lines[0]?.exportEndorsedQuantity).toBe(120);
    expect(
      issuesOf(() =>
        read(xml.replace('<ram:UnitQuantity unitCode="PCS">', '<ram:UnitQuantity unitCode="KIL">')),
      ),
    ).toEqual([
      {
        path: 'lines[0].exportEndorsedQuantity',
        message: 'unitCode "KIL" differs from the line\'s unit "PCS"',
      },
    ]);
  });

  test('when a comment splits a value, then the whole text is read (no truncation at the comment)', () => {
    const xml = toPermitXml(samplePermit()).replace('>150<', '>1<!-- x -->50<');
    expect(read(xml).lines[0]?.quantity).toBe(150);
  });

  test('when given the root element instead of the document, then it reads the same permit', () => {
    const document = parseXmlStrict(toPermitXml(samplePermit())).document;
    expect(fromPermitXml(document.documentElement!)).toStrictEqual(samplePermit());
  });
});
