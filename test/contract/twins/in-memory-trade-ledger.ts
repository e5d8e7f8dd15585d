/** The trade ledger in memory, for fast flow tests; held to test/contract/trade-ledger.contract.ts. */
import { parsePermitKey } from '../../../src/domain/permit/permit-key';
import type { ExportRecord, ImportRecord } from '../../../src/domain/reports/report-source';
import {
  compareUtf8,
  directionOf,
  exportRecordOf,
  importRecordOf,
  type BackfillCounts,
  type LedgerFact,
  type TradeLedger,
} from '../../../src/domain/reports/trade-ledger';
import type { TradeDirection } from '../../../src/domain/reports/annual-report-row';

/** A deep copy through JSON with dates kept (what a store gives back). */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) =>
    (key === 'at' || key === 'clearedAt') && typeof v === 'string' ? new Date(v) : v,
  ) as T;
}

export class InMemoryTradeLedger implements TradeLedger {
  /** Facts by direction, permit key and kind: the first one recorded stays. */
  private readonly stored = new Map<string, LedgerFact>();
  private readonly backfills = new Map<number, { at: Date; counts: BackfillCounts }>();

  record(facts: readonly LedgerFact[]): Promise<void> {
    for (const fact of facts) {
      parsePermitKey(fact.permitKey);
      const id = `${directionOf(fact)}\u0000${fact.permitKey}\u0000${fact.kind}`;
      if (!this.stored.has(id)) this.stored.set(id, copy(fact));
    }
    return Promise.resolve();
  }

  /** Every fact recorded, in the order first recorded (for tests). */
  facts(): LedgerFact[] {
    return copy([...this.stored.values()]);
  }

  async *exportsOf(year: number): AsyncIterable<ExportRecord> {
    for (const [key, facts] of this.byPermit('EXPORT', [year])) {
      const record = exportRecordOf(key, facts);
      if (record) yield record;
    }
    await Promise.resolve();
  }

  async *importsOf(year: number): AsyncIterable<ImportRecord> {
    for (const [key, facts] of this.byPermit('IMPORT', [year - 1, year])) {
      const record = importRecordOf(key, facts);
      if (record) yield record;
    }
    await Promise.resolve();
  }

  isBackfilled(version: number): Promise<boolean> {
    return Promise.resolve(this.backfills.has(version));
  }

  markBackfilled(version: number, at: Date, counts: BackfillCounts): Promise<void> {
    if (!this.backfills.has(version)) this.backfills.set(version, { at, counts: { ...counts } });
    return Promise.resolve();
  }

  private byPermit(direction: TradeDirection, years: readonly number[]): Array<[string, LedgerFact[]]> {
    const groups = new Map<string, LedgerFact[]>();
    for (const fact of this.facts()) {
      if (directionOf(fact) !== direction) continue;
      if (!years.includes(parsePermitKey(fact.permitKey).issueYear)) continue;
      groups.set(fact.permitKey, [...(groups.get(fact.permitKey) ?? []), fact]);
    }
    return [...groups.entries()].sort(([a], [b]) => compareUtf8(a, b));
  }
}
