/**
 * From a permit record to the report's rows, reporting actual trade (CITES Guidelines: report the
 * quantities actually traded where known):
 *  - exports: the quantities the importing country cleared where its usage confirmation came back, the
 *    permitted quantities otherwise; cancelled, replaced and unused (expired without a confirmation)
 *    permits are excluded and counted;
 *  - imports: permits cleared at our border in the report year, with the cleared quantities; those not
 *    cleared are excluded and counted by why (cancelled, replaced, expired unused, still valid).
 * Lines absent from a confirmation, or cleared with quantity 0, were not traded and are counted apart.
 */
import type { UsageConfirmation } from '../exchange/permit-records';
import { datePartOf, yearOf } from '../permit/iso-date';
import type { AnnualReportRow, QuantityBasis, TradeDirection } from './annual-report-row';
import type { ExportRecord, ImportRecord } from './report-source';
import type { TradeLine, TradePermit } from './trade-permit';

export const EXCLUSION_REASONS = [
  'CANCELLED',
  'REPLACED',
  'UNUSED',
  'NOT_YET_USED',
  'CLEARED_IN_OTHER_YEAR',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface TradeContext {
  year: number;
  /** Today (YYYY-MM-DD, UTC): a permit valid until before today and never cleared was not used. */
  today: string;
}

export interface TradeOutcome {
  rows: AnnualReportRow[];
  /** Why the whole permit is left out of this year's report (undefined: reported, or another year's). */
  excluded?: ExclusionReason;
  /** Lines of a reported permit that were not traded (absent from the clearance or cleared as 0). */
  untradedLines: number;
}

const NOT_THIS_YEAR: TradeOutcome = { rows: [], untradedLines: 0 };

export function exportOutcomeOf(record: ExportRecord, ctx: TradeContext): TradeOutcome {
  const { permit } = record;
  if (record.status === 'CANCELLED') return excluded('CANCELLED');
  if (record.status === 'REPLACED') return excluded('REPLACED');
  const trade = {
    direction: 'EXPORT' as const,
    ctx,
    permit,
    permitKey: record.permitKey,
    importerCountry: record.destination,
    tradeDate: datePartOf(permit.issueDate),
  };
  if (record.usage) return clearedRows(trade, record.usage);
  if (datePartOf(permit.validUntil) < ctx.today) return excluded('UNUSED');
  return {
    rows: permit.lines.map((line) => rowOf(trade, line, line.quantity, '')),
    untradedLines: 0,
  };
}

export function importOutcomeOf(record: ImportRecord, ctx: TradeContext): TradeOutcome {
  const { permit } = record;
  const issuedThisYear = yearOf(permit.issueDate) === ctx.year;
  const trade = {
    direction: 'IMPORT' as const,
    ctx,
    permit,
    permitKey: record.permitKey,
    importerCountry: permit.importerCountry,
  };
  if (record.clearance) {
    const clearedOn = dayOf(record.clearance.usage.clearedAt);
    if (yearOf(clearedOn) === ctx.year) {
      return clearedRows({ ...trade, tradeDate: clearedOn }, record.clearance.usage);
    }
    return issuedThisYear ? excluded('CLEARED_IN_OTHER_YEAR') : NOT_THIS_YEAR;
  }
  if (!issuedThisYear) return NOT_THIS_YEAR;
  if (record.status === 'CANCELLED') return excluded('CANCELLED');
  if (record.status === 'REPLACED') return excluded('REPLACED');
  return excluded(datePartOf(permit.validUntil) < ctx.today ? 'UNUSED' : 'NOT_YET_USED');
}

interface Trade {
  direction: TradeDirection;
  ctx: TradeContext;
  permit: TradePermit;
  permitKey: string;
  importerCountry: string;
  tradeDate: string;
}

function excluded(reason: ExclusionReason): TradeOutcome {
  return { rows: [], excluded: reason, untradedLines: 0 };
}

/** One row per permit line the confirmation cleared with a quantity other than 0. */
function clearedRows(trade: Trade, usage: UsageConfirmation): TradeOutcome {
  const cleared = new Map(usage.lines.map((l) => [l.lineId, l.quantity]));
  const clearedOn = dayOf(usage.clearedAt);
  const rows: AnnualReportRow[] = [];
  let untradedLines = 0;
  for (const line of trade.permit.lines) {
    const quantity = cleared.get(line.id);
    if (quantity === undefined || quantity === 0) untradedLines++;
    else rows.push(rowOf(trade, line, quantity, clearedOn));
  }
  return { rows, untradedLines };
}

/** A row of `line`; `clearedOn` '' means the permitted quantity, without a clearance. */
function rowOf(trade: Trade, line: TradeLine, quantity: number, clearedOn: string): AnnualReportRow {
  const { permit } = trade;
  const basis: QuantityBasis = clearedOn === '' ? 'PERMITTED' : 'CLEARED';
  return {
    direction: trade.direction,
    year: trade.ctx.year,
    tradeDate: trade.tradeDate,
    issueDate: datePartOf(permit.issueDate),
    appendix: line.appendix,
    species: line.scientificName,
    term: line.termCode ?? '',
    quantity,
    unit: line.unit ?? '',
    exporterCountry: permit.issuingCountry,
    importerCountry: trade.importerCountry,
    originCountry: line.origin?.country ?? '',
    originPermitNumber: line.origin?.permitNumber ?? '',
    originPermitDate: line.origin?.permitDate ? datePartOf(line.origin.permitDate) : '',
    reExportCountry: line.lastReExport?.country ?? '',
    reExportCertificateNumber: line.lastReExport?.certificateNumber ?? '',
    reExportCertificateDate: line.lastReExport?.certificateDate
      ? datePartOf(line.lastReExport.certificateDate)
      : '',
    purpose: permit.purpose,
    source: line.source,
    permitNumber: permit.permitNumber,
    permitKey: trade.permitKey,
    block: line.id,
    quantityBasis: basis,
    clearedOn,
  };
}

/** YYYY-MM-DD (UTC) of a stored date (a Date, or its JSON text when read back from a document). */
function dayOf(date: Date | string): string {
  return new Date(date).toISOString().slice(0, 10);
}
