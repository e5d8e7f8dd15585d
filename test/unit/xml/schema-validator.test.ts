import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APPENDICES,
  PERMIT_TYPES,
  PURPOSE_CODES,
  SOURCE_CODES,
  UNIT_CODES,
} from '../../../src/domain/permit/code-lists';
import { childElements } from '../../../src/domain/xml/dom';
import { toPermitXml } from '../../../src/domain/xml/permit-xml';
import {
  loadPermitSchema,
  schemaFilePath,
  SchemaValidator,
  type SchemaValidation,
} from '../../../src/domain/xml/schema-validator';
import { parseXmlStrict } from '../../../src/domain/xml/strict-parser';
import { GatewayError } from '../../../src/domain/errors';
import { samplePermit } from '../../support/permits';
import { permitArb } from '../permit/support/permit-arbitrary';

let schema: SchemaValidator;

beforeAll(async () => {
  schema = await loadPermitSchema();
});

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const failed = (result: SchemaValidation) => {
  if (result.ok) throw new Error('expected the document to be refused');
  return result.errors;
};

describe('SchemaValidator with schemas/citesepermit.xsd', () => {
  test('when any generated permit is written, then the document conforms to the profile', () => {
    expect(schema.validate(toPermitXml(samplePermit()))).toEqual({ ok: true });
    fc.assert(
      fc.property(permitArb, (permit) => {
        expect(schema.validate(toPermitXml(permit))).toEqual({ ok: true });
      }),
      { numRuns: 200 },
    );
  });

  test('when a value breaks the profile, then the error gives its line and a message naming the element', () => {
    const xml = toPermitXml(samplePermit()).replace('<ram:PurposeCode>T<', '<ram:PurposeCode>K<');
    const errors = failed(schema.validate(xml));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(lineOf(xml, '<ram:PurposeCode>'));
    expect(errors[0]!.message).toContain('PurposeCode');
    expect(errors[0]!.message).toContain("'K'");
  });

  test('when an element is missing or out of order, then each error names the line of its parent', () => {
    const xml = toPermitXml(samplePermit())
      .replace(/ *<ram:ScientificName>Aloe secundiflora<\/ram:ScientificName>\n/, '')
      .replace('<ram:ItemQuantity unitCode="PCS">150<', '<ram:ItemQuantity unitCode="PCS">-150<');
    const errors = failed(schema.validate(xml));
    const secondProduct = xml.indexOf(
      '<ram:SpecifiedTradeProduct>',
      xml.indexOf('<ram:SpecifiedTradeProduct>') + 1,
    );
    expect([...new Set(errors.map((e) => e.line))]).toEqual([
      lineOf(xml, '<ram:ItemQuantity unitCode="PCS">'),
      xml.slice(0, secondProduct).split('\n').length,
    ]);
    expect(errors.at(-1)!.message).toContain(
      'Expected is ( {urn:un:unece:uncefact:data:draft:ReusableAggregateBusinessInformationEntity:1}ScientificName )',
    );
  });

  test('when the text is not well-formed, then the parse error comes back the same way', () => {
    const errors = failed(schema.validate('<a>\n<b>\n</a>'));
    expect(errors[0]!.line).toBe(3);
    expect(errors[0]!.message).toMatch(/mismatch|end tag/i);
  });

  test('when a permit carries one enveloped signature last, then it conforms; two signatures do not', () => {
    const signature =
      '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>';
    const xml = toPermitXml(samplePermit());
    expect(schema.validate(xml.replace('</rsm:CITESEPermit>', `${signature}</rsm:CITESEPermit>`)).ok).toBe(
      true,
    );
    expect(
      schema.validate(xml.replace('</rsm:CITESEPermit>', `${signature}${signature}</rsm:CITESEPermit>`)).ok,
    ).toBe(false);
  });

  test('when the document declares UTF-16 but arrives decoded as text, then it validates (label ignored)', () => {
    const xml = toPermitXml(samplePermit()).replace('encoding="UTF-8"', 'encoding="UTF-16"');
    expect(schema.validate(xml)).toEqual({ ok: true });
  });

  test('when assertValid meets a broken document, then SCHEMA_INVALID with the errors as details', () => {
    const xml = toPermitXml(samplePermit()).replace('<ram:TypeCode>E<', '<ram:TypeCode>X<');
    expect(() => schema.assertValid(xml)).toThrow(GatewayError);
    try {
      schema.assertValid(xml);
    } catch (error) {
      expect((error as GatewayError).code).toBe('SCHEMA_INVALID');
      expect((error as GatewayError).message).toMatch(
        new RegExp(`^line ${lineOf(xml, '<ram:TypeCode>X<')}: `),
      );
      expect((error as GatewayError).details).toHaveLength(1);
    }
  });

  test('when the schema code lists are read, then they equal the model code lists', () => {
    const ram = parseXmlStrict(readFileSync(schemaFilePath('citesepermit-ram.xsd'))).document
      .documentElement!;
    const enumeration = (typeName: string) => {
      const type = childElements(ram).find((e) => e.getAttribute('name') === typeName)!;
      const restriction = childElements(type).find((e) => e.localName === 'restriction')!;
      return childElements(restriction).map((e) => e.getAttribute('value'));
    };
    expect(enumeration('PermitTypeCodeType')).toEqual(Object.keys(PERMIT_TYPES));
    expect(enumeration('PurposeCodeType')).toEqual(Object.keys(PURPOSE_CODES));
    expect(enumeration('AppendixCodeType')).toEqual(Object.keys(APPENDICES));
    expect(enumeration('SourceCodeType')).toEqual(Object.keys(SOURCE_CODES));
    expect(enumeration('UnitCodeType')).toEqual(Object.keys(UNIT_CODES));
  });
});

describe('SchemaValidator for other schemas', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'epix-xsd-'));

  test('when another schema with a local import is loaded, then it validates its own documents', async () => {
    writeFileSync(
      path.join(dir, 'main.xsd'),
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:b="urn:b" targetNamespace="urn:a" elementFormDefault="qualified">
  <xs:import namespace="urn:b" schemaLocation="parts/b.xsd"/>
  <xs:element name="receipt"><xs:complexType><xs:sequence><xs:element ref="b:amount"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>`,
    );
    mkdirSync(path.join(dir, 'parts'), { recursive: true });
    writeFileSync(
      path.join(dir, 'parts', 'b.xsd'),
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:b"><xs:element name="amount" type="xs:decimal"/></xs:schema>`,
    );
    const validator = await SchemaValidator.load(path.join(dir, 'main.xsd'));
    expect(validator.validate('<receipt xmlns="urn:a"><amount xmlns="urn:b">1.5</amount></receipt>')).toEqual(
      { ok: true },
    );
    const errors = failed(
      validator.validate('<receipt xmlns="urn:a">\n<amount xmlns="urn:b">lots</amount></receipt>'),
    );
    expect(errors).toEqual([{ line: 2, message: expect.stringContaining("'lots' is not a valid value") }]);
    validator.close();
    expect(() => validator.validate('<receipt/>')).toThrow(/closed/);
  });

  test('when a document references an external entity, then it is not loaded (the value stays missing)', async () => {
    const validator = await SchemaValidator.load(path.join(dir, 'parts', 'b.xsd'));
    const valueFile = path.join(dir, 'value.txt');
    writeFileSync(valueFile, '1.5');
    expect(validator.validate('<amount xmlns="urn:b">1.5</amount>')).toEqual({ ok: true });
    const external = `<!DOCTYPE amount [<!ENTITY e SYSTEM "file://${valueFile}">]><amount xmlns="urn:b">&e;</amount>`;
    expect(validator.validate(external).ok).toBe(false);
    validator.close();
  });

  test('when a schema is missing, does not compile or imports from the network, then CONFIG_INVALID', async () => {
    await expect(SchemaValidator.load(path.join(dir, 'none.xsd'))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    writeFileSync(
      path.join(dir, 'broken.xsd'),
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element/></xs:schema>',
    );
    await expect(SchemaValidator.load(path.join(dir, 'broken.xsd'))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    writeFileSync(
      path.join(dir, 'remote.xsd'),
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:import namespace="urn:x" schemaLocation="http://example.org/x.xsd"/></xs:schema>',
    );
    await expect(SchemaValidator.load(path.join(dir, 'remote.xsd'))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('only local files'),
    });
  });
});
