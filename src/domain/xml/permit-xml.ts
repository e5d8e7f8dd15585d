/**
 * Our CITESEPermit profile (toolkit v2 shape, notes domain.md §1.3): the permit model as an XML document and
 * back.
 *
 * The root and its three blocks are in the root schema module namespace (`rsm:`), everything below them in the
 * UN/CEFACT reusable aggregate namespace (`ram:`). `toPermitXml` writes each model field in exactly one place,
 * so `fromPermitXml(toPermitXml(p))` gives `p` back (property-tested); derived text (country names) and the
 * fixed document context are written for human readers and ignored on the way back.
 *
 * Reading is shared with the tolerant import (permit-import.ts) through `readPermitElement`, which runs
 * either strictly (our profile: namespaces checked, repeated single-valued elements refused) or tolerantly
 * (any namespace or prefix, toolkit v1 element names, "?" placeholders and empty elements skipped).
 */
import type { Document, Element } from '@xmldom/xmldom';
import { GatewayError } from '../errors';
import { REFERENCED_DOCUMENT_TYPES } from '../permit/code-lists';
import {
  countryName,
  validatePermit,
  type FieldIssue,
  type Party,
  type Permit,
  type PermitLine,
} from '../permit/permit';
import { childElements, hasContent, isElement, textOf } from './dom';
import { NS } from './namespaces';

// ---------------------------------------------------------------------------------------------------------
// Writing

/** Fixed values of the document context block (as in the EPIX v2 instance). */
export const PERMIT_DOCUMENT_CONTEXT = {
  businessProcess: 'CITES Permitting',
  processVersion: '1',
  bim: '09A',
} as const;

function escapeText(value: string): string {
  // \r is written as a reference: a literal one would be read back as \n (XML end-of-line handling).
  return value.replace(/[&<>\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;',
  );
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}

/** A tiny indenting writer: the output is meant to be read by people as well as signed. */
class XmlWriter {
  private readonly parts: string[] = [];
  private depth = 0;

  open(name: string, attributes = ''): this {
    this.parts.push(`${'  '.repeat(this.depth)}<${name}${attributes}>\n`);
    this.depth++;
    return this;
  }

  close(name: string): this {
    this.depth--;
    this.parts.push(`${'  '.repeat(this.depth)}</${name}>\n`);
    return this;
  }

  /** A text element, left out entirely when the value is undefined. */
  leaf(
    name: string,
    value: string | number | undefined,
    attributes: Record<string, string | undefined> = {},
  ): this {
    if (value === undefined) return this;
    let attrs = '';
    for (const [key, v] of Object.entries(attributes))
      if (v !== undefined) attrs += ` ${key}="${escapeAttribute(v)}"`;
    const text = typeof value === 'number' ? formatDecimal(value) : escapeText(value);
    this.parts.push(`${'  '.repeat(this.depth)}<${name}${attrs}>${text}</${name}>\n`);
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }
}

/** xs:decimal text of a model quantity (the model already excludes exponent notation). */
function formatDecimal(value: number): string {
  const text = String(value);
  if (!/^\d+(\.\d+)?$/.test(text))
    throw new GatewayError('PERMIT_INVALID', `quantity ${text} cannot be written as a decimal`);
  return text;
}

function writeAddress(
  w: XmlWriter,
  address: {
    street?: string;
    city?: string;
    postcode?: string;
    countrySubdivision?: string;
    country?: Permit['issuingCountry'];
  },
): void {
  w.open('ram:PostalTradeAddress')
    .leaf('ram:PostcodeCode', address.postcode)
    .leaf('ram:StreetName', address.street)
    .leaf('ram:CityName', address.city)
    .leaf('ram:CountryID', address.country)
    .leaf('ram:CountryName', address.country && countryName(address.country))
    .leaf('ram:CountrySubDivisionName', address.countrySubdivision)
    .close('ram:PostalTradeAddress');
}

function writeParty(w: XmlWriter, element: string, party: Party): void {
  w.open(element).leaf('ram:Name', party.name);
  writeAddress(w, party.address);
  w.close(element);
}

function writeReferencedDocument(
  w: XmlWriter,
  element: string,
  typeCode: string | undefined,
  id: string | undefined,
  date: string | undefined,
): void {
  if (id === undefined && date === undefined) return;
  w.open(element)
    .leaf('ram:IssueDateTime', date)
    .leaf('ram:TypeCode', typeCode)
    .leaf('ram:ID', id)
    .close(element);
}

function writeLine(w: XmlWriter, line: PermitLine): void {
  w.open('ram:IncludedSupplyChainConsignmentItem').leaf('ram:ID', line.id);
  if (line.origin) {
    w.open('ram:OriginTradeCountry')
      .leaf('ram:ID', line.origin.country)
      .leaf('ram:Name', countryName(line.origin.country))
      .close('ram:OriginTradeCountry');
  }
  if (line.lastReExport) {
    const { country } = line.lastReExport;
    w.open('ram:ExportTradeCountry')
      .leaf('ram:ID', country)
      .leaf('ram:Name', countryName(country))
      .close('ram:ExportTradeCountry');
  }
  if (line.origin) {
    const { permitNumber, permitDate } = line.origin;
    writeReferencedDocument(
      w,
      'ram:AssociatedReferencedDocument',
      REFERENCED_DOCUMENT_TYPES.origin,
      permitNumber,
      permitDate,
    );
  }
  if (line.lastReExport) {
    const { certificateNumber, certificateDate } = line.lastReExport;
    writeReferencedDocument(
      w,
      'ram:AssociatedReferencedDocument',
      REFERENCED_DOCUMENT_TYPES.lastReExport,
      certificateNumber,
      certificateDate,
    );
  }
  w.open('ram:TransportLogisticsPackage')
    .leaf('ram:ItemQuantity', line.quantity, { unitCode: line.unit })
    .close('ram:TransportLogisticsPackage');
  w.open('ram:IncludedSupplyChainTradeLineItem')
    .leaf('ram:TypeCode', line.appendix)
    .leaf('ram:TypeExtensionCode', line.source)
    .open('ram:SpecifiedTradeProduct')
    .leaf('ram:Description', line.description)
    .leaf('ram:TypeCode', line.termCode)
    .leaf('ram:CommonName', line.commonName)
    .leaf('ram:ScientificName', line.scientificName)
    .close('ram:SpecifiedTradeProduct')
    .close('ram:IncludedSupplyChainTradeLineItem');
  if (line.exportEndorsedQuantity !== undefined) {
    w.open('ram:ExaminationTransportEvent')
      .leaf('ram:UnitQuantity', line.exportEndorsedQuantity, { unitCode: line.unit })
      .close('ram:ExaminationTransportEvent');
  }
  w.close('ram:IncludedSupplyChainConsignmentItem');
}

/**
 * The unsigned CITESEPermit document of a permit (UTF-8 text with an XML declaration). The permit is
 * validated first, so only what the model accepts is ever written (throws PERMIT_INVALID otherwise).
 */
export function toPermitXml(input: Permit): string {
  const checked = validatePermit(input);
  if (!checked.ok)
    throw new GatewayError('PERMIT_INVALID', 'The permit is not valid', { details: checked.issues });
  const p = checked.permit;
  const w = new XmlWriter();
  w.open('rsm:CITESEPermit', ` xmlns:rsm="${NS.citesEPermit2}" xmlns:ram="${NS.ram}"`);

  w.open('rsm:SpecifiedExchangedDocumentContext')
    .open('ram:BusinessProcessSpecifiedDocumentContextParameter')
    .leaf('ram:Value', PERMIT_DOCUMENT_CONTEXT.businessProcess)
    .open('ram:SpecifiedDocumentVersion')
    .leaf('ram:ID', PERMIT_DOCUMENT_CONTEXT.processVersion)
    .close('ram:SpecifiedDocumentVersion')
    .close('ram:BusinessProcessSpecifiedDocumentContextParameter')
    .open('ram:BIMSpecifiedDocumentContextParameter')
    .leaf('ram:ID', PERMIT_DOCUMENT_CONTEXT.bim)
    .close('ram:BIMSpecifiedDocumentContextParameter')
    .close('rsm:SpecifiedExchangedDocumentContext');

  w.open('rsm:HeaderExchangedDocument')
    .leaf('ram:ID', p.permitNumber)
    .leaf('ram:TypeCode', p.type)
    .leaf('ram:IssueDateTime', p.issueDate)
    .leaf('ram:PurposeCode', p.purpose)
    .leaf('ram:Information', p.specialConditions);
  if (p.replacesPermit) {
    writeReferencedDocument(
      w,
      'ram:ReferenceReferencedDocument',
      undefined,
      p.replacesPermit.permitNumber,
      p.replacesPermit.issueDate,
    );
  }
  w.open('ram:EffectiveSpecifiedPeriod')
    .leaf('ram:StartDateTime', p.validFrom)
    .leaf('ram:EndDateTime', p.validUntil)
    .close('ram:EffectiveSpecifiedPeriod');
  if (p.placeOfIssue !== undefined) {
    w.open('ram:IssueLogisticsLocation').leaf('ram:Name', p.placeOfIssue).close('ram:IssueLogisticsLocation');
  }
  w.open('ram:FirstSignatoryDocumentAuthentication')
    .leaf('ram:TypeCode', 'A')
    .leaf('ram:ID', p.securityStampNumber)
    .open('ram:ProviderTradeParty')
    .leaf('ram:Name', p.managementAuthority.name);
  writeAddress(w, { ...p.managementAuthority.address, country: p.issuingCountry });
  w.close('ram:ProviderTradeParty').close('ram:FirstSignatoryDocumentAuthentication');
  w.close('rsm:HeaderExchangedDocument');

  w.open('rsm:SpecifiedSupplyChainConsignment');
  writeParty(w, 'ram:ConsignorTradeParty', p.exporter);
  writeParty(w, 'ram:ConsigneeTradeParty', p.importer);
  for (const line of p.lines) writeLine(w, line);
  w.close('rsm:SpecifiedSupplyChainConsignment');

  w.close('rsm:CITESEPermit');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${w.toString()}`;
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/** How `readPermitElement` treats the document. */
export type PermitReadMode = 'strict' | 'tolerant';

/** Where each model field lives in the document, for messages about missing or unreadable fields. */
const XML_LOCATION: Record<string, string> = {
  permitNumber: 'HeaderExchangedDocument/ID',
  type: 'HeaderExchangedDocument/TypeCode',
  issuingCountry: 'FirstSignatoryDocumentAuthentication/ProviderTradeParty/PostalTradeAddress/CountryID',
  'managementAuthority.name': 'FirstSignatoryDocumentAuthentication/ProviderTradeParty/Name',
  managementAuthority: 'FirstSignatoryDocumentAuthentication/ProviderTradeParty',
  exporter: 'ConsignorTradeParty',
  'exporter.name': 'ConsignorTradeParty/Name',
  'exporter.address': 'ConsignorTradeParty/PostalTradeAddress',
  'exporter.address.country': 'ConsignorTradeParty/PostalTradeAddress/CountryID',
  importer: 'ConsigneeTradeParty',
  'importer.name': 'ConsigneeTradeParty/Name',
  'importer.address': 'ConsigneeTradeParty/PostalTradeAddress',
  'importer.address.country': 'ConsigneeTradeParty/PostalTradeAddress/CountryID',
  issueDate: 'HeaderExchangedDocument/IssueDateTime',
  validUntil: 'EffectiveSpecifiedPeriod/EndDateTime',
  validFrom: 'EffectiveSpecifiedPeriod/StartDateTime',
  purpose: 'HeaderExchangedDocument/PurposeCode',
  lines: 'IncludedSupplyChainConsignmentItem',
  'lines[].id': 'IncludedSupplyChainConsignmentItem/ID',
  'lines[].scientificName': 'SpecifiedTradeProduct/ScientificName',
  'lines[].appendix': 'IncludedSupplyChainTradeLineItem/TypeCode',
  'lines[].source': 'IncludedSupplyChainTradeLineItem/TypeExtensionCode',
  'lines[].quantity': 'TransportLogisticsPackage/ItemQuantity',
  'lines[].unit': 'TransportLogisticsPackage/ItemQuantity/@unitCode',
  'lines[].origin.country': 'OriginTradeCountry/ID',
  'lines[].lastReExport.country': 'ExportTradeCountry/ID',
};

function locate(issue: FieldIssue): FieldIssue {
  if (issue.message !== 'is required') return issue;
  const where = XML_LOCATION[issue.path.replace(/\[\d+\]/g, '[]')];
  return where ? { path: issue.path, message: `is required (${where})` } : issue;
}

interface Reader {
  readonly mode: PermitReadMode;
  readonly issues: FieldIssue[];
}

/** Placeholders seen in real exchanges (SoapUI templates) that mean "no value". */
function isPlaceholder(value: string): boolean {
  return value === '?';
}

function matches(r: Reader, element: Element, name: string, namespace: string): boolean {
  return element.localName === name && (r.mode === 'tolerant' || element.namespaceURI === namespace);
}

/**
 * The one child element `name`. Strict: in `namespace`, at most one (a repeat is reported under `path`).
 * Tolerant: any namespace; the first one with content wins over empty template elements.
 */
function one(
  r: Reader,
  parent: Element | undefined,
  name: string,
  path: string,
  namespace: string = NS.ram,
): Element | undefined {
  if (!parent) return undefined;
  let found: Element | undefined;
  for (const child of childElements(parent)) {
    if (!matches(r, child, name, namespace)) continue;
    if (r.mode === 'strict') {
      if (found) {
        r.issues.push({ path, message: `${name} appears more than once in ${parent.localName}` });
        return found;
      }
      found = child;
    } else {
      if (hasContent(child)) return child;
      found ??= child;
    }
  }
  return found;
}

function all(r: Reader, parent: Element | undefined, name: string, namespace: string = NS.ram): Element[] {
  return parent ? childElements(parent).filter((child) => matches(r, child, name, namespace)) : [];
}

/** Text of an element; tolerant mode treats "?" as absent. */
function valueOf(r: Reader, element: Element | undefined): string | undefined {
  const value = textOf(element);
  return value !== undefined && r.mode === 'tolerant' && isPlaceholder(value) ? undefined : value;
}

function text(r: Reader, parent: Element | undefined, name: string, path: string): string | undefined {
  return valueOf(r, one(r, parent, name, path));
}

function attribute(r: Reader, element: Element | undefined, name: string): string | undefined {
  if (!element?.hasAttribute(name)) return undefined;
  const value = element.getAttribute(name) ?? '';
  if (r.mode === 'tolerant' && (value.trim() === '' || isPlaceholder(value.trim()))) return undefined;
  return r.mode === 'tolerant' ? value.trim() : value;
}

/**
 * A date field. Tolerant mode also accepts the other spellings seen in foreign documents: UN/CEFACT format
 * 102 (`20140106`), a space instead of `T`, and offsets without a colon (`+0100`).
 */
function date(r: Reader, parent: Element | undefined, name: string, path: string): string | undefined {
  const value = text(r, parent, name, path);
  if (value === undefined || r.mode === 'strict') return value;
  const compact102 = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (compact102) return `${compact102[1]}-${compact102[2]}-${compact102[3]}`;
  return value.replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:)/, '$1T$2').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

/** A code (type, purpose, appendix, source, unit, term, country): tolerant mode upper-cases it. */
function code(r: Reader, parent: Element | undefined, name: string, path: string): string | undefined {
  const value = text(r, parent, name, path);
  return value !== undefined && r.mode === 'tolerant' ? value.toUpperCase() : value;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const TOLERANT_DECIMAL = /^\+?(\d+(\.\d*)?|\.\d+)$/;

function decimal(r: Reader, element: Element | undefined, path: string): number | undefined {
  const value = valueOf(r, element);
  if (value === undefined) return undefined;
  if (!(r.mode === 'strict' ? DECIMAL : TOLERANT_DECIMAL).test(value)) {
    r.issues.push({
      path,
      message: `'${value.slice(0, 40)}' is not a decimal number (${element!.localName})`,
    });
    return undefined;
  }
  return Number(value);
}

/** Drops undefined members so the model sees absent fields, not present-but-undefined ones. */
function compact<T extends Record<string, unknown>>(value: T): T | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return Object.keys(out).length === 0 ? undefined : (out as T);
}

/** Country code of a postal address: `CountryID` (v2) or `CountryIdentificationTradeCountry/ID` (v1). */
function addressCountry(r: Reader, address: Element | undefined, path: string): string | undefined {
  const v2 = code(r, address, 'CountryID', path);
  if (v2 !== undefined || r.mode === 'strict') return v2;
  return code(r, one(r, address, 'CountryIdentificationTradeCountry', path), 'ID', path);
}

function addressSubdivision(r: Reader, address: Element | undefined, path: string): string | undefined {
  const v2 = text(r, address, 'CountrySubDivisionName', path);
  if (v2 !== undefined || r.mode === 'strict') return v2;
  const v1 = one(
    r,
    one(r, address, 'CountryIdentificationTradeCountry', path),
    'SubordinateTradeCountrySubDivision',
    path,
  );
  return text(r, v1, 'Name', path);
}

function street(r: Reader, address: Element | undefined, path: string): string | undefined {
  if (r.mode === 'strict') return text(r, address, 'StreetName', path);
  // Address lines may repeat in foreign documents; the model keeps one street line.
  const lines = all(r, address, 'StreetName')
    .map((e) => valueOf(r, e))
    .filter((s): s is string => s !== undefined);
  return lines.length === 0 ? undefined : lines.join(', ');
}

function readAddress(
  r: Reader,
  element: Element | undefined,
  path: string,
): Record<string, string | undefined> {
  const address = one(r, element, 'PostalTradeAddress', path);
  return {
    street: street(r, address, `${path}.street`),
    city: text(r, address, 'CityName', `${path}.city`),
    postcode: text(r, address, 'PostcodeCode', `${path}.postcode`),
    countrySubdivision: addressSubdivision(r, address, `${path}.countrySubdivision`),
    country: addressCountry(r, address, `${path}.country`),
  };
}

function readParty(
  r: Reader,
  element: Element | undefined,
  path: string,
): { name: string | undefined; address: Record<string, string | undefined> } | undefined {
  if (!element) return undefined;
  return {
    name: text(r, element, 'Name', `${path}.name`),
    address: compact(readAddress(r, element, `${path}.address`)) ?? {},
  };
}

function referencedDocuments(r: Reader, item: Element, typeCode: string, path: string): Element | undefined {
  const documents = all(r, item, 'AssociatedReferencedDocument').filter(
    (d) => text(r, d, 'TypeCode', path) === typeCode,
  );
  if (r.mode === 'strict') {
    if (documents.length > 1)
      r.issues.push({
        path,
        message: `more than one AssociatedReferencedDocument with TypeCode ${typeCode}`,
      });
    return documents[0];
  }
  return documents.find(hasContent) ?? documents[0];
}

/** The line's country of origin and its origin permit (Box 12). */
function readOrigin(r: Reader, item: Element, path: string) {
  const originCountry = code(
    r,
    one(r, item, 'OriginTradeCountry', `${path}.origin`),
    'ID',
    `${path}.origin.country`,
  );
  const originDocument = referencedDocuments(r, item, REFERENCED_DOCUMENT_TYPES.origin, `${path}.origin`);
  return compact({
    country: originCountry,
    permitNumber: text(r, originDocument, 'ID', `${path}.origin.permitNumber`),
    permitDate: date(r, originDocument, 'IssueDateTime', `${path}.origin.permitDate`),
  });
}

/** The line's country of last re-export and its certificate (Box 12a). */
function readLastReExport(r: Reader, item: Element, path: string) {
  const reExportCountry = code(
    r,
    one(r, item, 'ExportTradeCountry', `${path}.lastReExport`),
    'ID',
    `${path}.lastReExport.country`,
  );
  const reExportDocument = referencedDocuments(
    r,
    item,
    REFERENCED_DOCUMENT_TYPES.lastReExport,
    `${path}.lastReExport`,
  );
  return compact({
    country: reExportCountry,
    certificateNumber: text(r, reExportDocument, 'ID', `${path}.lastReExport.certificateNumber`),
    certificateDate: date(r, reExportDocument, 'IssueDateTime', `${path}.lastReExport.certificateDate`),
  });
}

/** The element holding the quantity endorsed at export (Box 14). */
function readEndorsedElement(r: Reader, item: Element, path: string): Element | undefined {
  const examination = one(r, item, 'ExaminationTransportEvent', `${path}.exportEndorsedQuantity`);
  let endorsedElement = one(r, examination, 'UnitQuantity', `${path}.exportEndorsedQuantity`);
  if (r.mode === 'tolerant' && valueOf(r, endorsedElement) === undefined) {
    // Toolkit v1 name of the same box.
    endorsedElement =
      one(r, examination, 'InspectedUnitQuantity', `${path}.exportEndorsedQuantity`) ?? endorsedElement;
  }
  return endorsedElement;
}

/** The line's unit; in strict mode the endorsed quantity must be in the same unit. */
function readUnit(
  r: Reader,
  quantityElement: Element | undefined,
  endorsedElement: Element | undefined,
  path: string,
): string | undefined {
  const unit =
    r.mode === 'tolerant'
      ? attribute(r, quantityElement, 'unitCode')?.toUpperCase()
      : attribute(r, quantityElement, 'unitCode');
  if (r.mode === 'strict' && endorsedElement && attribute(r, endorsedElement, 'unitCode') !== unit) {
    // Box 14 is endorsed in the line's unit; a different unit would silently change what the number means.
    r.issues.push({
      path: `${path}.exportEndorsedQuantity`,
      message: `unitCode ${JSON.stringify(attribute(r, endorsedElement, 'unitCode') ?? null)} differs from the line's unit ${JSON.stringify(unit ?? null)}`,
    });
  }
  return unit;
}

function readLine(r: Reader, item: Element, path: string): unknown {
  const tradeLine = one(r, item, 'IncludedSupplyChainTradeLineItem', path);
  const product = one(r, tradeLine, 'SpecifiedTradeProduct', path);
  const quantityElement = one(
    r,
    one(r, item, 'TransportLogisticsPackage', `${path}.quantity`),
    'ItemQuantity',
    `${path}.quantity`,
  );

  const origin = readOrigin(r, item, path);
  const lastReExport = readLastReExport(r, item, path);
  const endorsedElement = readEndorsedElement(r, item, path);
  const unit = readUnit(r, quantityElement, endorsedElement, path);

  return (
    compact({
      id: text(r, item, 'ID', `${path}.id`),
      scientificName: text(r, product, 'ScientificName', `${path}.scientificName`),
      commonName: text(r, product, 'CommonName', `${path}.commonName`),
      description: text(r, product, 'Description', `${path}.description`),
      termCode: code(r, product, 'TypeCode', `${path}.termCode`),
      appendix: code(r, tradeLine, 'TypeCode', `${path}.appendix`),
      source: code(r, tradeLine, 'TypeExtensionCode', `${path}.source`),
      quantity: decimal(r, quantityElement, `${path}.quantity`),
      unit,
      origin,
      lastReExport,
      exportEndorsedQuantity: decimal(r, endorsedElement, `${path}.exportEndorsedQuantity`),
    }) ?? {}
  );
}

/** The element types of the three blocks: root schema module in strict mode, anything when tolerant. */
function block(r: Reader, root: Element, name: string): Element | undefined {
  return one(r, root, name, '(permit)', NS.citesEPermit2);
}

/** The signatory authentication of the issuing Management Authority (TypeCode A, else the first one). */
function issuingAuthentication(r: Reader, header: Element | undefined): Element | undefined {
  const first = one(r, header, 'FirstSignatoryDocumentAuthentication', 'managementAuthority');
  if (first || r.mode === 'strict' || !header) return first;
  return childElements(header).find(
    (e) =>
      /SignatoryDocumentAuthentication$/.test(e.localName ?? '') &&
      text(r, e, 'TypeCode', 'managementAuthority') === 'A',
  );
}

/** Whether the issuing country can be taken from a party, when the document leaves the authority's out. */
function fallbackIssuingCountry(
  type: string | undefined,
  exporter: ReturnType<typeof readParty>,
  importer: ReturnType<typeof readParty>,
): string | undefined {
  if (type === 'I') return importer?.address.country;
  if (type === 'E' || type === 'R') return exporter?.address.country;
  return undefined;
}

/**
 * The replaced permit (header ReferenceReferencedDocument). Foreign documents use that element for other
 * references too (EPIX's instances carry only a validity period in it), so the tolerant reader takes it as a
 * replaced permit only when it has both a number and a date; our profile writes it for nothing else.
 */
function readReplaced(
  r: Reader,
  replaced: Element | undefined,
): { permitNumber?: string; issueDate?: string } | undefined {
  if (!replaced) return undefined;
  const reference = compact({
    permitNumber: text(r, replaced, 'ID', 'replacesPermit.permitNumber'),
    issueDate: date(r, replaced, 'IssueDateTime', 'replacesPermit.issueDate'),
  });
  if (r.mode === 'tolerant' && (reference?.permitNumber === undefined || reference.issueDate === undefined))
    return undefined;
  return reference;
}

/** The importer (Box 3); tolerantly, its country from the consignment when its address has none. */
function readImporter(r: Reader, consignment: Element | undefined): ReturnType<typeof readParty> {
  const importer = readParty(r, one(r, consignment, 'ConsigneeTradeParty', 'importer'), 'importer');
  if (r.mode === 'tolerant' && importer && importer.address.country === undefined) {
    // Toolkit v1 also names the country of import on the consignment (Box 3a).
    const country = code(
      r,
      one(r, consignment, 'ImportTradeCountry', 'importer'),
      'ID',
      'importer.address.country',
    );
    if (country !== undefined) importer.address.country = country;
  }
  return importer;
}

/** The issuing Management Authority's name and address (its country is the permit's issuing country). */
function readManagementAuthority(
  r: Reader,
  authority: Element | undefined,
  authorityAddress: ReturnType<typeof readAddress>,
) {
  return authority
    ? (compact({
        name: text(r, authority, 'Name', 'managementAuthority.name'),
        address: compact({
          street: authorityAddress.street,
          city: authorityAddress.city,
          postcode: authorityAddress.postcode,
        }),
      }) ?? {})
    : undefined;
}

/**
 * Reads a permit from a CITESEPermit (or, tolerantly, CBFShip) element. Returns the validated permit, or
 * every problem found, each naming its model field.
 */
export function readPermitElement(
  root: Element,
  mode: PermitReadMode,
): { ok: true; permit: Permit } | { ok: false; issues: FieldIssue[] } {
  const r: Reader = { mode, issues: [] };
  const header = block(r, root, 'HeaderExchangedDocument');
  const consignment = block(r, root, 'SpecifiedSupplyChainConsignment');

  const authentication = issuingAuthentication(r, header);
  const authority = one(r, authentication, 'ProviderTradeParty', 'managementAuthority');
  const authorityAddress = readAddress(r, authority, 'managementAuthority.address');
  const period = one(r, header, 'EffectiveSpecifiedPeriod', 'validUntil');
  const replaced = one(r, header, 'ReferenceReferencedDocument', 'replacesPermit');
  const type = code(r, header, 'TypeCode', 'type');

  const exporter = readParty(r, one(r, consignment, 'ConsignorTradeParty', 'exporter'), 'exporter');
  const importer = readImporter(r, consignment);
  const issuingCountry =
    authorityAddress.country ??
    (mode === 'tolerant' ? fallbackIssuingCountry(type, exporter, importer) : undefined);

  const draft =
    compact({
      permitNumber: text(r, header, 'ID', 'permitNumber'),
      type,
      issuingCountry,
      managementAuthority: readManagementAuthority(r, authority, authorityAddress),
      exporter,
      importer,
      placeOfIssue: text(r, one(r, header, 'IssueLogisticsLocation', 'placeOfIssue'), 'Name', 'placeOfIssue'),
      issueDate: date(r, header, 'IssueDateTime', 'issueDate'),
      validFrom: date(r, period, 'StartDateTime', 'validFrom'),
      validUntil: date(r, period, 'EndDateTime', 'validUntil'),
      purpose: code(r, header, 'PurposeCode', 'purpose'),
      specialConditions: text(r, header, 'Information', 'specialConditions'),
      securityStampNumber: text(r, authentication, 'ID', 'securityStampNumber'),
      replacesPermit: readReplaced(r, replaced),
      lines: all(r, consignment, 'IncludedSupplyChainConsignmentItem').map((item, index) =>
        readLine(r, item, `lines[${index}]`),
      ),
    }) ?? {};

  const checked = validatePermit(draft);
  const readPaths = new Set(r.issues.map((issue) => issue.path));
  const issues = [
    ...r.issues,
    ...(checked.ok ? [] : checked.issues.filter((issue) => !readPaths.has(issue.path)).map(locate)),
  ];
  if (issues.length > 0) return { ok: false, issues };
  return checked;
}

/** Builds PERMIT_INVALID from field issues, with the first issue in the message. */
export function permitInvalid(issues: FieldIssue[], what = 'The permit document'): GatewayError {
  const first = issues[0];
  const summary = first ? `${first.path} ${first.message}` : 'invalid';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new GatewayError('PERMIT_INVALID', `${what} is not a valid permit: ${summary}${more}`, {
    details: issues,
  });
}

/**
 * Reads a permit from a document in our CITESEPermit profile (the root must be `rsm:CITESEPermit`). Used on
 * verified documents, so it reads only that element's subtree. Throws PERMIT_UNRECOGNISED for another root,
 * PERMIT_INVALID with every field issue otherwise.
 */
export function fromPermitXml(root: Document | Element): Permit {
  const element = isElement(root) ? root : root.documentElement;
  if (!element || element.localName !== 'CITESEPermit' || element.namespaceURI !== NS.citesEPermit2) {
    const name = element ? `{${element.namespaceURI ?? ''}}${element.localName}` : 'nothing';
    throw new GatewayError(
      'PERMIT_UNRECOGNISED',
      `expected {${NS.citesEPermit2}}CITESEPermit, found ${name}`,
    );
  }
  const result = readPermitElement(element, 'strict');
  if (!result.ok) throw permitInvalid(result.issues);
  return result.permit;
}
