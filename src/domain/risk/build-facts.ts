/**
 * The facts of a declaration, one record per line (see facts.ts for the names): what the rule profiles
 * and the model read. Built from the declaration, the received permit (the genuine one, when known), the
 * importer's history and the verification result. Pure: every input is an argument.
 */
import type { Permit, PermitLine } from '../permit/permit';
import type { Declaration, DeclarationLine } from '../verification/declaration';
import type { FactValue, Facts } from './facts';
import { taxonRanksOf } from './taxonomy';

export interface ImporterHistory {
  /** Declarations of this importer assessed before this one. */
  priorShipments: number;
  /** Control results of this importer with a finding (discrepancy or seizure). */
  priorFindings: number;
}

export interface FactInputs {
  declaration: Declaration;
  /** The received permit the declaration was presented with, or null when none is known. */
  permit: Permit | null;
  history: ImporterHistory;
  verification: { verdict: 'ACCEPTED' | 'REJECTED'; reasonCodes: readonly string[] } | null;
}

const DAY_MS = 86_400_000;

/** One facts record per declaration line. */
export function buildFacts(inputs: FactInputs): Facts[] {
  const shared = declarationFacts(inputs);
  return inputs.declaration.lines.map((line) => ({
    ...shared,
    ...lineFacts(line, permitLineFor(line, inputs.permit), inputs.permit),
    ...attributeFacts({ ...inputs.declaration.attributes, ...line.attributes }),
  }));
}

/** The importer as history knows it: country and name, case and spacing folded. */
export function importerKeyOf(declaration: Declaration, permit: Permit | null): string {
  const country = declaration.importer.country ?? permit?.importer.address.country ?? '';
  const name = declaration.importer.name.trim().replace(/\s+/g, ' ').toLowerCase();
  return `${country}|${name}`;
}

function declarationFacts({
  declaration,
  permit,
  history,
  verification,
}: FactInputs): Record<string, FactValue> {
  const arrival = declaration.arrivalDate.slice(0, 10);
  return {
    declarationNumber: declaration.declarationNumber,
    arrivalDate: arrival,
    arrivalMonth: Number(arrival.slice(5, 7)),
    importerName: declaration.importer.name,
    importerCountry: declaration.importer.country ?? permit?.importer.address.country ?? null,
    declarant: declaration.declarant ?? null,
    office: declaration.office ?? null,
    transportMode: declaration.transportMode ?? null,
    departureCountry: declaration.departureCountry ?? null,
    exportCountry: permit?.issuingCountry ?? null,
    purpose: permit?.purpose ?? null,
    permitAgeDays: permit ? daysBetween(permit.issueDate, arrival) : null,
    importerPriorShipments: history.priorShipments,
    firstShipmentOfImporter: history.priorShipments === 0 ? 1 : 0,
    importerPriorFindings: history.priorFindings,
    verificationVerdict: verification?.verdict ?? null,
    verificationReasons: verification ? verification.reasonCodes.join(',') : null,
  };
}

function lineFacts(
  line: DeclarationLine,
  permitLine: PermitLine | null,
  permit: Permit | null,
): Record<string, FactValue> {
  const ranks = taxonRanksOf(line.scientificName);
  const permitted = permitLine ? (permitLine.exportEndorsedQuantity ?? permitLine.quantity) : null;
  return {
    originCountry: permitLine?.origin?.country ?? permit?.issuingCountry ?? null,
    scientificName: line.scientificName,
    genus: ranks.genus,
    family: ranks.family,
    order: ranks.order,
    class: ranks.class,
    termCode: line.termCode,
    unit: line.unit ?? permitLine?.unit ?? null,
    appendix: line.appendix ?? permitLine?.appendix ?? null,
    source: line.source ?? permitLine?.source ?? null,
    hsCode: line.hsCode ?? null,
    quantity: line.quantity,
    permittedQuantity: permitted,
    quantityRatio: permitted ? line.quantity / permitted : null,
    netMassKg: line.netMassKg ?? null,
    declaredValue: line.declaredValue ?? null,
    valuePerUnit: line.declaredValue === undefined ? null : line.declaredValue / line.quantity,
  };
}

function attributeFacts(attributes: Record<string, string | number>): Record<string, FactValue> {
  return Object.fromEntries(Object.entries(attributes).map(([name, value]) => [`attr.${name}`, value]));
}

/** The permit line a declaration line declares: by block letter, else by scientific name. */
function permitLineFor(line: DeclarationLine, permit: Permit | null): PermitLine | null {
  if (!permit) return null;
  const byBlock = line.block === undefined ? undefined : permit.lines.find((l) => l.id === line.block);
  const name = line.scientificName.trim().toLowerCase();
  return byBlock ?? permit.lines.find((l) => l.scientificName.trim().toLowerCase() === name) ?? null;
}

function daysBetween(from: string, to: string): number | null {
  const a = Date.parse(from.slice(0, 10));
  const b = Date.parse(to.slice(0, 10));
  return Number.isNaN(a) || Number.isNaN(b) ? null : Math.round((b - a) / DAY_MS);
}
