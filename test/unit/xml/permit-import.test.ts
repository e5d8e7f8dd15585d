import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GatewayError } from '../../../src/domain/errors';
import type { FieldIssue, Permit } from '../../../src/domain/permit/permit';
import { importPermit } from '../../../src/domain/xml/permit-import';
import { toPermitXml } from '../../../src/domain/xml/permit-xml';
import { samplePermit } from '../../support/permits';

const FIXTURES = path.join(__dirname, '../../fixtures/epix');
const v1 = readFileSync(path.join(FIXTURES, 'v1-get-non-final-cites-certificate.xml'), 'utf8');
const v2 = readFileSync(path.join(FIXTURES, 'v2-get-non-final-cites-certificate.xml'), 'utf8');

/** The instances use ISO user-assigned placeholders (XA Neverland, XB Wonderland, XC Pixieland). */
const withRealCountries = (xml: string) =>
  xml.replace(/>XA</g, '>CH<').replace(/>XB</g, '>FR<').replace(/>XC</g, '>TH<');

function errorOf(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

function issuesOf(fn: () => unknown): FieldIssue[] {
  const error = errorOf(fn);
  expect(error.code).toBe('PERMIT_INVALID');
  return error.details as FieldIssue[];
}

const EPIX_PERMIT: Permit = {
  permitNumber: 'XA000000',
  type: 'R',
  issuingCountry: 'CH',
  managementAuthority: {
    name: 'Authority name',
    address: { street: 'Street', city: 'City', postcode: '00000' },
  },
  exporter: {
    name: 'Consignor name',
    address: { street: 'Street', city: 'City', postcode: '00000', country: 'CH' },
  },
  importer: {
    name: 'Consignee name',
    address: { street: 'Street', city: 'City', postcode: '00000', country: 'FR' },
  },
  issueDate: '2014-01-06T12:03:52.00+01:00',
  validFrom: '2014-01-06T12:03:52.000+01:00',
  validUntil: '2014-07-05T12:03:52.000+02:00',
  purpose: 'T',
  specialConditions:
    'For live animals, this permit is only valid if the transportation requirements\nin accordance to the ' +
    'Guidelines for Transport of Live Animals or, in the case of air transport to\nthe IATA Live Animals Regulations',
  lines: [
    {
      id: 'A',
      scientificName: 'Alligator mississippiensis',
      commonName: 'American Alligator',
      description: 'watchstraps',
      termCode: 'LPS',
      appendix: 'II',
      source: 'W',
      quantity: 5,
      unit: 'PCS',
      origin: { country: 'TH', permitNumber: 'XC12345', permitDate: '2007-07-09T00:00:00.000+02:00' },
      lastReExport: {
        country: 'CH',
        certificateNumber: 'XA12345',
        certificateDate: '2012-02-23T00:00:00.000+01:00',
      },
    },
    {
      id: 'B',
      scientificName: 'Crocodylus siamensis',
      commonName: 'Siamese Crocodile',
      description: 'watchstraps',
      termCode: 'LPS',
      appendix: 'I',
      source: 'D',
      quantity: 10,
      unit: 'PCS',
      origin: { country: 'TH', permitDate: '2007-07-09T00:00:00.000+02:00' },
      lastReExport: {
        country: 'FR',
        certificateNumber: 'FR1202501030-R',
        certificateDate: '2012-02-23T00:00:00.000+01:00',
      },
    },
  ],
};

/** The instances as published: countries are ISO user-assigned codes (XA Neverland, XB Wonderland, XC Pixieland). */
const EPIX_PERMIT_AS_PUBLISHED: Permit = {
  ...EPIX_PERMIT,
  issuingCountry: 'XA',
  exporter: { ...EPIX_PERMIT.exporter, address: { ...EPIX_PERMIT.exporter.address, country: 'XA' } },
  importer: { ...EPIX_PERMIT.importer, address: { ...EPIX_PERMIT.importer.address, country: 'XB' } },
  lines: EPIX_PERMIT.lines.map((line, i) =>
    i === 0
      ? {
          ...line,
          origin: { ...line.origin!, country: 'XC' },
          lastReExport: { ...line.lastReExport!, country: 'XA' },
        }
      : line,
  ),
};

/** The bare CITESEPermit element of the v2 instance, with the namespaces it uses declared on it. */
function bareV2(): string {
  const start = v2.indexOf('<CITESEPermit>');
  const end = v2.indexOf('</CITESEPermit>') + '</CITESEPermit>'.length;
  return (
    '<CITESEPermit xmlns:urn="urn:un:unece:uncefact:data:standard:CITESEPermit:2" ' +
    `xmlns:urn1="urn:un:unece:uncefact:data:draft:ReusableAggregateBusinessInformationEntity:1">${v2.slice(start + 14, end)}`
  );
}

describe('importPermit: the EPIX reference instances', () => {
  test('when the v2 SOAP response is imported as published, then every box is read, user-assigned countries included', () => {
    const imported = importPermit(v2);
    expect(imported.shape).toBe('CITESEPermit-v2');
    expect(imported.permit).toStrictEqual(EPIX_PERMIT_AS_PUBLISHED);
  });

  test('when the v1 CBFShip SOAP response is imported as published, then it maps to the same permit', () => {
    const imported = importPermit(v1);
    expect(imported.shape).toBe('CBFShip-v1');
    expect(imported.permit).toStrictEqual(EPIX_PERMIT_AS_PUBLISHED);
  });

  test('when the v2 instance has real countries, then every box is read into the model', () => {
    const imported = importPermit(withRealCountries(v2));
    expect(imported.shape).toBe('CITESEPermit-v2');
    expect(imported.signed).toBe(false);
    expect(imported.permit).toStrictEqual(EPIX_PERMIT);
  });

  test('when the v1 instance has real countries, then its v1 element names map to the same permit', () => {
    const imported = importPermit(withRealCountries(v1));
    expect(imported.shape).toBe('CBFShip-v1');
    expect(imported.permit).toStrictEqual(EPIX_PERMIT);
  });

  test('when the v2 permit comes bare, without the SOAP envelope, then it reads the same', () => {
    expect(importPermit(withRealCountries(bareV2())).permit).toStrictEqual(EPIX_PERMIT);
  });

  test('when the instance is UTF-16 with a byte order mark (LE or BE), then it reads the same', () => {
    const text = `<?xml version="1.0" encoding="UTF-16"?>\n${withRealCountries(v2)}`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect(importPermit(le).permit).toStrictEqual(EPIX_PERMIT);
    expect(importPermit(be).permit).toStrictEqual(EPIX_PERMIT);
  });
});

describe('importPermit: other shapes and tolerance', () => {
  test('when our own CITESEPermit document is imported, then it gives the permit back', () => {
    expect(importPermit(toPermitXml(samplePermit()))).toStrictEqual({
      permit: samplePermit(),
      shape: 'CITESEPermit-v2',
      signed: false,
    });
  });

  test('when the document uses no namespaces at all, then it is read by element names', () => {
    const plain = toPermitXml(samplePermit())
      .replace(/(<\/?)(rsm|ram):/g, '$1')
      .replace(/ xmlns:\w+="[^"]*"/g, '');
    expect(importPermit(plain).permit).toStrictEqual(samplePermit());
  });

  test('when optional data is missing, then the permit is imported without it', () => {
    const xml = withRealCountries(bareV2())
      .replace(/<urn1:CommonName[^>]*>[^<]*<\/urn1:CommonName>/g, '')
      .replace(/<urn1:Description[^>]*>[^<]*<\/urn1:Description>/g, '')
      .replace(/<urn1:Information[\s\S]*?<\/urn1:Information>/, '')
      .replace(/<urn1:AssociatedReferencedDocument>[\s\S]*?<\/urn1:AssociatedReferencedDocument>/g, '')
      .replace(/<urn1:StartDateTime>2014[^<]*<\/urn1:StartDateTime>/g, '');
    const { permit } = importPermit(xml);
    expect(permit.specialConditions).toBeUndefined();
    expect(permit.validFrom).toBeUndefined();
    expect(permit.lines[0]).toStrictEqual({
      id: 'A',
      scientificName: 'Alligator mississippiensis',
      termCode: 'LPS',
      appendix: 'II',
      source: 'W',
      quantity: 5,
      unit: 'PCS',
      origin: { country: 'TH' },
      lastReExport: { country: 'CH' },
    });
  });

  test('when values are unreadable or missing, then each field is reported and nothing crashes', () => {
    const xml = withRealCountries(v2)
      .replace(
        '<urn1:ItemQuantity unitCode="PCS">5</urn1:ItemQuantity>',
        '<urn1:ItemQuantity unitCode="PCS">five</urn1:ItemQuantity>',
      )
      .replace('<urn1:TypeCode>I</urn1:TypeCode>', '<urn1:TypeCode>IV</urn1:TypeCode>')
      .replace(/<urn1:ScientificName[^>]*>Alligator mississippiensis<\/urn1:ScientificName>/, '')
      .replace(/<urn1:PurposeCode>T<\/urn1:PurposeCode>/, '');
    expect(issuesOf(() => importPermit(xml))).toEqual([
      { path: 'lines[0].quantity', message: "'five' is not a decimal number (ItemQuantity)" },
      { path: 'purpose', message: 'is required (HeaderExchangedDocument/PurposeCode)' },
      { path: 'lines[0].scientificName', message: 'is required (SpecifiedTradeProduct/ScientificName)' },
      { path: 'lines[1].appendix', message: "'IV' is not a CITES Appendix (I, II or III)" },
    ]);
  });

  test('when codes are lower case, dates are in UN/CEFACT 102 form and values are "?", then they are normalised', () => {
    const xml = withRealCountries(v2)
      .replace(
        '<urn1:TypeExtensionCode>W</urn1:TypeExtensionCode>',
        '<urn1:TypeExtensionCode>w</urn1:TypeExtensionCode>',
      )
      .replace('<urn1:ItemQuantity unitCode="PCS">5<', '<urn1:ItemQuantity unitCode="?">5<')
      .replace(
        '<urn1:IssueDateTime>2014-01-06T12:03:52.00+01:00</urn1:IssueDateTime>',
        '<urn1:IssueDateTime>20140106</urn1:IssueDateTime>',
      )
      .replace(
        '<urn1:EndDateTime>2014-07-05T12:03:52.000+02:00</urn1:EndDateTime>\n               </urn1:EffectiveSpecifiedPeriod>\n               <!--Optional:-->\n               <urn1:IssueLogisticsLocation>',
        '<urn1:EndDateTime>2014-07-05 12:03:52+0200</urn1:EndDateTime>\n               </urn1:EffectiveSpecifiedPeriod>\n               <!--Optional:-->\n               <urn1:IssueLogisticsLocation>',
      );
    const { permit } = importPermit(xml);
    expect(permit.issueDate).toBe('2014-01-06');
    expect(permit.validUntil).toBe('2014-07-05T12:03:52+02:00');
    expect(permit.lines[0]?.source).toBe('W');
    expect(permit.lines[0]?.unit).toBeUndefined();
  });

  test('when a v1 document gives the endorsed quantity as InspectedUnitQuantity, then it is Box 14', () => {
    const xml = withRealCountries(v1).replace(
      '<urn1:ExaminationTransportEvent>\n                     <!--Optional:-->',
      '<urn1:ExaminationTransportEvent><urn1:InspectedUnitQuantity unitCode="PCS">4</urn1:InspectedUnitQuantity>',
    );
    expect(xml).toContain('InspectedUnitQuantity');
    const { permit } = importPermit(xml);
    expect(permit.lines[0]?.exportEndorsedQuantity).toBe(4);
    expect(permit.lines[1]?.exportEndorsedQuantity).toBeUndefined();
  });

  test('when the permit carries an XML signature, then the import says so (without verifying it)', () => {
    const xml = toPermitXml(samplePermit()).replace(
      '</rsm:CITESEPermit>',
      '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></rsm:CITESEPermit>',
    );
    expect(importPermit(xml).signed).toBe(true);
  });

  test('when there is no permit, two permits, or no XML, then the matching code', () => {
    expect(errorOf(() => importPermit('<Envelope><Body/></Envelope>')).code).toBe('PERMIT_UNRECOGNISED');
    const two = `<Batch>${bareV2()}${bareV2()}</Batch>`;
    expect(errorOf(() => importPermit(two)).code).toBe('PERMIT_UNRECOGNISED');
    expect(errorOf(() => importPermit('<CITESEPermit>')).code).toBe('XML_MALFORMED');
    expect(
      errorOf(() => importPermit('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')).code,
    ).toBe('XML_DTD_FORBIDDEN');
    expect(errorOf(() => importPermit(Buffer.from([0xff, 0xfe, 0x3c]))).code).toBe('XML_ENCODING_INVALID');
  });
});

describe('importPermit: fall-backs for foreign documents', () => {
  test('when the authority has no country, then the issuing country comes from the exporter (E/R) or importer (I)', () => {
    const xml = withRealCountries(v2).replace(
      /(<urn1:FirstSignatoryDocumentAuthentication>[\s\S]*?)<urn1:CountryID[^>]*>CH<\/urn1:CountryID>/,
      '$1',
    );
    expect(importPermit(xml).permit.issuingCountry).toBe('CH');
    const asImport = xml.replace(
      '<urn1:TypeCode listID="1001" listAgencyID="6">R</urn1:TypeCode>',
      '<urn1:TypeCode>I</urn1:TypeCode>',
    );
    expect(importPermit(asImport).permit).toMatchObject({ type: 'I', issuingCountry: 'FR' });
  });

  test('when a v1 consignee has no country, then the consignment ImportTradeCountry (Box 3a) is used', () => {
    const xml = withRealCountries(v1)
      .replace(/(<urn1:ConsigneeTradeParty>[\s\S]*?)<urn1:ID>FR<\/urn1:ID>/, '$1')
      .replace(/<urn1:ImportTradeCountry>/, '<urn1:ImportTradeCountry><urn1:ID>DE</urn1:ID>');
    expect(importPermit(xml).permit.importer.address.country).toBe('DE');
  });

  test('when the header reference has a number and a date, then it is the replaced permit; otherwise it is ignored', () => {
    const withReference = (inner: string) =>
      withRealCountries(v2).replace(
        /<urn1:ReferenceReferencedDocument>[\s\S]*?<\/urn1:ReferenceReferencedDocument>/,
        `<urn1:ReferenceReferencedDocument>${inner}</urn1:ReferenceReferencedDocument>`,
      );
    expect(
      importPermit(
        withReference('<urn1:IssueDateTime>2013-12-01</urn1:IssueDateTime><urn1:ID>XA999</urn1:ID>'),
      ).permit.replacesPermit,
    ).toEqual({ permitNumber: 'XA999', issueDate: '2013-12-01' });
    expect(importPermit(withReference('<urn1:ID>IMPORT-77</urn1:ID>')).permit.replacesPermit).toBeUndefined();
  });
});
