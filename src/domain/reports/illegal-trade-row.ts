/**
 * The annual illegal trade report (CITES Res. Conf. 11.17 format): one row per seized line of a control
 * result that found an offence, with the date, place, species, description, quantity and unit, method of
 * detection, and the countries of origin, export and destination.
 */
import { DETECTION_METHODS, type ControlResult } from './control-result';
import type { ReportColumn } from './report-writer';

export interface IllegalTradeRow {
  date: string;
  place: string;
  species: string;
  declaredSpecies: string;
  term: string;
  /** Quantity seized; the quantity found when the seizure gives none; '' when neither is known. */
  quantity: number | '';
  unit: string;
  detection: string;
  detectionMethod: string;
  inspection: string;
  originCountry: string;
  exportCountry: string;
  destinationCountry: string;
  declarationNumber: string;
  permitKey: string;
  notes: string;
  controlResultId: string;
  line: number;
}

/** The rows of one control result: its lines with something seized (a line seized as 0 was released). */
export function illegalTradeRowsOf(result: ControlResult): IllegalTradeRow[] {
  if (result.finding !== 'SEIZURE') return [];
  return result.lines
    .filter((line) => line.quantitySeized !== 0)
    .map((line) => ({
      date: result.arrivalDate,
      place: result.office ?? '',
      species: line.scientificNameFound,
      declaredSpecies: line.declaredScientificName,
      term: line.termCode,
      quantity: line.quantitySeized ?? line.quantityFound ?? '',
      unit: line.unit ?? '',
      detection: result.detection,
      detectionMethod: DETECTION_METHODS[result.detection] ?? result.detection,
      inspection: result.inspection,
      originCountry: result.originCountry ?? '',
      exportCountry: result.exportCountry ?? '',
      destinationCountry: result.importCountry,
      declarationNumber: result.declarationNumber,
      permitKey: result.permitKey ?? '',
      notes: result.notes ?? '',
      controlResultId: result.id,
      line: line.line,
    }));
}

export const ILLEGAL_TRADE_COLUMNS: ReadonlyArray<ReportColumn<IllegalTradeRow>> = [
  { key: 'date', header: 'Date of seizure', value: (r) => r.date },
  { key: 'place', header: 'Place of seizure', value: (r) => r.place },
  { key: 'species', header: 'Species', value: (r) => r.species },
  { key: 'declaredSpecies', header: 'Species declared', value: (r) => r.declaredSpecies },
  { key: 'term', header: 'Description (term)', value: (r) => r.term },
  { key: 'quantity', header: 'Quantity', value: (r) => r.quantity },
  { key: 'unit', header: 'Unit', value: (r) => r.unit },
  { key: 'detectionMethod', header: 'Method of detection', value: (r) => r.detectionMethod },
  { key: 'detection', header: 'Detection code', value: (r) => r.detection },
  { key: 'inspection', header: 'Inspection', value: (r) => r.inspection },
  { key: 'origin', header: 'Country of origin', value: (r) => r.originCountry },
  { key: 'export', header: 'Country of export', value: (r) => r.exportCountry },
  { key: 'destination', header: 'Country of destination', value: (r) => r.destinationCountry },
  { key: 'declaration', header: 'Declaration No.', value: (r) => r.declarationNumber },
  { key: 'permitKey', header: 'Permit key', value: (r) => r.permitKey },
  { key: 'notes', header: 'Notes', value: (r) => r.notes },
  { key: 'controlResult', header: 'Control result', value: (r) => r.controlResultId },
  { key: 'line', header: 'Line', value: (r) => r.line },
];
