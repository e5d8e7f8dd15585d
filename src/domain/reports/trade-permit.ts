/**
 * The part of a permit the reports read: its number, dates, purpose, the two countries and, per line, the
 * columns of the annual report. Parties' names and addresses, conditions and the signed XML stay with the
 * stored permit; a report over a year of permits reads this and nothing else.
 */
import type { Permit, PermitLine } from '../permit/permit';

export type TradeLine = Pick<
  PermitLine,
  | 'id'
  | 'appendix'
  | 'scientificName'
  | 'termCode'
  | 'quantity'
  | 'unit'
  | 'source'
  | 'origin'
  | 'lastReExport'
>;

export interface TradePermit {
  issuingCountry: string;
  permitNumber: string;
  /** As written on the permit (its first ten characters are the date the report uses). */
  issueDate: string;
  validUntil: string;
  purpose: Permit['purpose'];
  /** The country of import named on the permit. */
  importerCountry: string;
  lines: TradeLine[];
}

/** The report's view of a permit (optional fields left out when the permit has none). */
export function tradePermitOf(permit: Permit): TradePermit {
  return {
    issuingCountry: permit.issuingCountry,
    permitNumber: permit.permitNumber,
    issueDate: permit.issueDate,
    validUntil: permit.validUntil,
    purpose: permit.purpose,
    importerCountry: permit.importer.address.country,
    lines: permit.lines.map(tradeLineOf),
  };
}

function tradeLineOf(line: PermitLine): TradeLine {
  return {
    id: line.id,
    appendix: line.appendix,
    scientificName: line.scientificName,
    ...(line.termCode !== undefined && { termCode: line.termCode }),
    quantity: line.quantity,
    ...(line.unit !== undefined && { unit: line.unit }),
    source: line.source,
    ...(line.origin !== undefined && { origin: { ...line.origin } }),
    ...(line.lastReExport !== undefined && { lastReExport: { ...line.lastReExport } }),
  };
}
