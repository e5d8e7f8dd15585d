/**
 * The reports' read port over MongoDB: exports and imports from the trade ledger (mongo-trade-ledger.ts:
 * a year's facts only, never the stored permits and their signed XML), customs verdicts from
 * `verifications` and seizures from `control_results` (written by the risk service). Every read is a
 * cursor fetched in batches, so memory stays flat whatever the year's volume.
 *
 * `ready` is awaited before the ledger is read: the gateway and the CLI pass the backfill of permits
 * stored before the ledger existed (flows/reports/backfill-trade-ledger.ts), so no report misses them.
 */
import type { Collection, Db, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import type { ControlResult } from '../domain/reports/control-result';
import type {
  CustomsDecision,
  ExportRecord,
  ImportRecord,
  ReportSource,
} from '../domain/reports/report-source';
import type { TradeLedger } from '../domain/reports/trade-ledger';

const BATCH_SIZE = 1000;

/** Where customs and the risk service keep what the reports read besides the ledger. */
export const REPORT_COLLECTIONS = {
  verifications: 'verifications',
  controlResults: 'control_results',
} as const;

interface ControlResultDoc extends Omit<ControlResult, 'id'> {
  _id: string;
}

function yearRange(year: number): { $gte: Date; $lt: Date } {
  return { $gte: new Date(Date.UTC(year, 0, 1)), $lt: new Date(Date.UTC(year + 1, 0, 1)) };
}

export interface MongoReportSourceDeps {
  ledger: TradeLedger;
  /** Resolves once the ledger holds every stored permit (default: it does). */
  ready?: () => Promise<unknown>;
}

export class MongoReportSource implements ReportSource {
  constructor(
    private readonly connection: Connection,
    private readonly deps: MongoReportSourceDeps,
  ) {}

  async *exportsOf(year: number): AsyncIterable<ExportRecord> {
    await this.deps.ready?.();
    yield* this.deps.ledger.exportsOf(year);
  }

  async *importsOf(year: number): AsyncIterable<ImportRecord> {
    await this.deps.ready?.();
    yield* this.deps.ledger.importsOf(year);
  }

  async *seizuresOf(year: number): AsyncIterable<ControlResult> {
    const cursor = this.collection<ControlResultDoc>('controlResults').find(
      { finding: 'SEIZURE', arrivalDate: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } },
      { sort: { arrivalDate: 1, _id: 1 }, batchSize: BATCH_SIZE },
    );
    for await (const { _id, ...rest } of cursor) yield { id: _id, ...rest };
  }

  async *customsDecisionsOf(year: number): AsyncIterable<CustomsDecision> {
    const cursor = this.collection<CustomsDecision & { _id: string }>('verifications').find(
      { verifiedAt: yearRange(year) },
      { projection: { verdict: 1, reasonCodes: 1, verifiedAt: 1 }, batchSize: BATCH_SIZE },
    );
    for await (const doc of cursor) {
      yield { verdict: doc.verdict, reasonCodes: doc.reasonCodes, verifiedAt: doc.verifiedAt };
    }
  }

  private collection<T extends Document>(name: keyof typeof REPORT_COLLECTIONS): Collection<T> {
    const db: Db | undefined = this.connection.db;
    if (!db) throw new Error('MongoReportSource: the connection is not open');
    return db.collection<T>(REPORT_COLLECTIONS[name]);
  }
}
