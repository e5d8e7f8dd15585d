/**
 * Fills the trade ledger from the stored permits and clearances: the permits stored before the ledger
 * existed get their facts, the others are recorded again, which changes nothing (each fact is once-only).
 * Run once per ledger version at start-up (in the background; reports wait for it) or by the CLI before
 * its first report, and on demand by `epix report reindex`. Safe beside live traffic and on several
 * instances at once: a step that changes a permit writes the stored permit first and its fact after, so
 * whatever the backfill reads and whenever, the facts recorded by both are those of the final state.
 */
import type { Clock } from '../../domain/ports';
import {
  clearedFact,
  factsOfIssued,
  factsOfReceived,
  type BackfillCounts,
  type LedgerFact,
  type StoredTradeRecords,
  type TradeLedger,
} from '../../domain/reports/trade-ledger';

/** Raised when the derivation of facts from stored records changes: the backfill then runs again. */
export const TRADE_LEDGER_VERSION = 1;

export interface BackfillTradeLedgerDeps {
  stored: StoredTradeRecords;
  ledger: TradeLedger;
  /** Facts recorded per write (default 1000). */
  batchSize?: number;
  /** Stops between batches (the gateway closing); the run then rejects and nothing is marked. */
  signal?: AbortSignal;
}

export async function backfillTradeLedger(deps: BackfillTradeLedgerDeps): Promise<BackfillCounts> {
  const batchSize = deps.batchSize ?? 1000;
  const counts: BackfillCounts = { issued: 0, received: 0, clearances: 0, facts: 0 };
  let batch: LedgerFact[] = [];
  const add = async (facts: LedgerFact[]) => {
    batch.push(...facts);
    if (batch.length >= batchSize) await flush();
  };
  const flush = async () => {
    deps.signal?.throwIfAborted();
    if (batch.length === 0) return;
    const facts = batch;
    batch = [];
    await deps.ledger.record(facts);
    counts.facts += facts.length;
  };
  for await (const record of deps.stored.issuedPermits()) {
    counts.issued++;
    await add(factsOfIssued(record));
  }
  for await (const record of deps.stored.receivedPermits()) {
    counts.received++;
    await add(factsOfReceived(record));
  }
  for await (const clearance of deps.stored.clearances()) {
    counts.clearances++;
    await add([clearedFact(clearance)]);
  }
  await flush();
  return counts;
}

export interface EnsureTradeLedgerDeps extends BackfillTradeLedgerDeps {
  clock: Clock;
}

/** Runs the backfill unless this version's completed (here or on another instance); its counts if it ran. */
export async function ensureTradeLedger(deps: EnsureTradeLedgerDeps): Promise<BackfillCounts | undefined> {
  if (await deps.ledger.isBackfilled(TRADE_LEDGER_VERSION)) return undefined;
  const counts = await backfillTradeLedger(deps);
  await deps.ledger.markBackfilled(TRADE_LEDGER_VERSION, deps.clock.now(), counts);
  return counts;
}

/**
 * `ensureTradeLedger` run at most once at a time and remembered once it succeeded: `ready()` starts it
 * (or joins the run under way); after a failure the next call tries again.
 */
export function tradeLedgerReadiness(
  deps: EnsureTradeLedgerDeps,
  onDone?: (counts: BackfillCounts | undefined) => void,
): { ready(): Promise<void> } {
  let run: Promise<void> | undefined;
  return {
    ready(): Promise<void> {
      run ??= ensureTradeLedger(deps).then(
        (counts) => onDone?.(counts),
        (error: unknown) => {
          run = undefined;
          throw error;
        },
      );
      return run;
    },
  };
}
