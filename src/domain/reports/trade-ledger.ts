/**
 * The trade ledger: what the annual report and the statistics read, kept apart from the stored permits so
 * a year's report reads a few hundred bytes per permit instead of whole permit documents (with their ~5 KB
 * of signed XML).
 *
 * It holds facts, each recorded once per permit and kind, never changed afterwards:
 *  - `exported` / `imported`: the permit, when we issue it or receive it;
 *  - `usage-confirmed`: the importing country's usage confirmation of an export permit;
 *  - `cleared`: the clearance of a received permit at our border;
 *  - `cancelled` / `replaced`: either side's cancellation or replacement.
 * Recording is an insert under a key made of the permit key and the kind (a unique key decides: FerretDB
 * makes no update atomic), so recording the same fact again changes nothing and concurrent steps on one
 * permit never overwrite each other. A permit's report record is derived from its facts when read.
 *
 * Facts are written by the flows right after the stored permit changes, and for permits stored before the
 * ledger existed by the backfill (flows/reports/backfill-trade-ledger.ts), from the stored records.
 */
import type {
  IssuedPermit,
  IssuedPermitStatus,
  ReceivedPermit,
  ReceivedPermitStatus,
  UsageConfirmation,
} from '../exchange/permit-records';
import type { Permit } from '../permit/permit';
import type { Clearance } from '../verification/verification';
import type { TradeDirection } from './annual-report-row';
import type { ExportRecord, ImportRecord } from './report-source';
import { tradePermitOf, type TradePermit } from './trade-permit';

export type LedgerFact =
  | { kind: 'exported'; permitKey: string; permit: TradePermit; destination: string }
  | { kind: 'imported'; permitKey: string; permit: TradePermit }
  | { kind: 'usage-confirmed'; permitKey: string; usage: UsageConfirmation }
  | { kind: 'cleared'; permitKey: string; declarationNumber: string; usage: UsageConfirmation }
  | { kind: 'cancelled'; direction: TradeDirection; permitKey: string; at: Date }
  | { kind: 'replaced'; direction: TradeDirection; permitKey: string; at: Date };

export type LedgerFactKind = LedgerFact['kind'];

/** The side of the exchange a fact belongs to: our exports, or the imports we received. */
export function directionOf(fact: LedgerFact): TradeDirection {
  switch (fact.kind) {
    case 'exported':
    case 'usage-confirmed':
      return 'EXPORT';
    case 'imported':
    case 'cleared':
      return 'IMPORT';
    case 'cancelled':
    case 'replaced':
      return fact.direction;
  }
}

/** Write and read port of the ledger (adapter: storage/mongo-trade-ledger.ts; twin in test/contract/twins). */
export interface TradeLedger {
  /**
   * Records each fact unless the permit already has one of that kind (the first one stays): recording
   * again, from a retried step or a backfill, changes nothing.
   */
  record(facts: readonly LedgerFact[]): Promise<void>;
  /**
   * Export records of the permits whose key names `year` (the year of issue as written), in permit-key
   * order (UTF-8 bytes); facts without their `exported` fact are skipped.
   */
  exportsOf(year: number): AsyncIterable<ExportRecord>;
  /** Import records of the permits whose key names `year - 1` or `year`, in permit-key order (UTF-8 bytes). */
  importsOf(year: number): AsyncIterable<ImportRecord>;
  /** Whether the backfill of `version` completed (on any instance). */
  isBackfilled(version: number): Promise<boolean>;
  /** Notes that the backfill of `version` completed, with its counts (the first note stays). */
  markBackfilled(version: number, at: Date, counts: BackfillCounts): Promise<void>;
}

/** What the backfill read and recorded. */
export interface BackfillCounts {
  issued: number;
  received: number;
  clearances: number;
  facts: number;
}

/** An issued permit as stored, without the signed XML. */
export type StoredIssuedPermit = Pick<
  IssuedPermit,
  'permitKey' | 'permit' | 'destination' | 'status' | 'usage' | 'cancellation' | 'replacedAt' | 'updatedAt'
>;
export type StoredReceivedPermit = Pick<
  ReceivedPermit,
  'permitKey' | 'permit' | 'status' | 'cancellation' | 'updatedAt'
>;
export type StoredClearance = Pick<Clearance, 'permitKey' | 'declarationNumber' | 'usage'>;

/** The stored permits and clearances, each in no particular order: what the backfill reads. */
export interface StoredTradeRecords {
  issuedPermits(): AsyncIterable<StoredIssuedPermit>;
  receivedPermits(): AsyncIterable<StoredReceivedPermit>;
  clearances(): AsyncIterable<StoredClearance>;
}

export function exportedFact(record: { permitKey: string; permit: Permit; destination: string }): LedgerFact {
  return {
    kind: 'exported',
    permitKey: record.permitKey,
    permit: tradePermitOf(record.permit),
    destination: record.destination,
  };
}

export function importedFact(record: { permitKey: string; permit: Permit }): LedgerFact {
  return { kind: 'imported', permitKey: record.permitKey, permit: tradePermitOf(record.permit) };
}

export function clearedFact(clearance: StoredClearance): LedgerFact {
  return {
    kind: 'cleared',
    permitKey: clearance.permitKey,
    declarationNumber: clearance.declarationNumber,
    usage: clearance.usage,
  };
}

/**
 * The facts of an issued permit as stored: the permit, and what its status says happened to it. The
 * status is the stored one's (a usage confirmation marks a permit USED whatever it was; cancellation and
 * replacement need an ISSUED permit), so the facts give back that status (see exportRecordOf).
 */
export function factsOfIssued(record: StoredIssuedPermit): LedgerFact[] {
  const { permitKey } = record;
  const facts = [exportedFact(record)];
  if (record.status === 'USED' && record.usage) {
    facts.push({ kind: 'usage-confirmed', permitKey, usage: record.usage });
  }
  if (record.status === 'CANCELLED') {
    const at = record.cancellation?.at ?? record.updatedAt;
    facts.push({ kind: 'cancelled', direction: 'EXPORT', permitKey, at });
  }
  if (record.status === 'REPLACED') {
    const at = record.replacedAt ?? record.updatedAt;
    facts.push({ kind: 'replaced', direction: 'EXPORT', permitKey, at });
  }
  return facts;
}

export function factsOfReceived(record: StoredReceivedPermit): LedgerFact[] {
  const { permitKey } = record;
  const facts = [importedFact(record)];
  if (record.status === 'CANCELLED') {
    const at = record.cancellation?.at ?? record.updatedAt;
    facts.push({ kind: 'cancelled', direction: 'IMPORT', permitKey, at });
  }
  if (record.status === 'REPLACED') {
    facts.push({ kind: 'replaced', direction: 'IMPORT', permitKey, at: record.updatedAt });
  }
  return facts;
}

function factOf<K extends LedgerFactKind>(
  facts: readonly LedgerFact[],
  kind: K,
): Extract<LedgerFact, { kind: K }> | undefined {
  return facts.find((f): f is Extract<LedgerFact, { kind: K }> => f.kind === kind);
}

/**
 * An export permit's record from its facts, or undefined without its `exported` fact. The status is what
 * the stored permit's would be: a usage confirmation makes it USED (it is applied whatever the status,
 * while cancelling or replacing needs an ISSUED permit, so USED is the last status it reaches), else
 * CANCELLED or REPLACED (one excludes the other), else ISSUED.
 */
export function exportRecordOf(permitKey: string, facts: readonly LedgerFact[]): ExportRecord | undefined {
  const exported = factOf(facts, 'exported');
  if (!exported) return undefined;
  const usage = factOf(facts, 'usage-confirmed')?.usage;
  const status: IssuedPermitStatus = usage
    ? 'USED'
    : factOf(facts, 'cancelled')
      ? 'CANCELLED'
      : factOf(facts, 'replaced')
        ? 'REPLACED'
        : 'ISSUED';
  return {
    permitKey,
    permit: exported.permit,
    status,
    destination: exported.destination,
    ...(usage && { usage }),
  };
}

/** A received permit's record from its facts (with its clearance at our border), or undefined without it. */
export function importRecordOf(permitKey: string, facts: readonly LedgerFact[]): ImportRecord | undefined {
  const imported = factOf(facts, 'imported');
  if (!imported) return undefined;
  const cleared = factOf(facts, 'cleared');
  const status: ReceivedPermitStatus = factOf(facts, 'cancelled')
    ? 'CANCELLED'
    : factOf(facts, 'replaced')
      ? 'REPLACED'
      : 'VALID';
  return {
    permitKey,
    permit: imported.permit,
    status,
    ...(cleared && { clearance: { declarationNumber: cleared.declarationNumber, usage: cleared.usage } }),
  };
}

/** MongoDB orders strings by their UTF-8 bytes; merges of its streams must compare the same way. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Below the surrogates, UTF-16 code units order as UTF-8 bytes do; from there, let UTF-8 decide.
    if (x < 0xd800 && y < 0xd800) return x - y;
    return Buffer.compare(Buffer.from(a.slice(i), 'utf8'), Buffer.from(b.slice(i), 'utf8'));
  }
  return a.length - b.length;
}
