/**
 * The reports' read port over the collections the exchange, customs and risk service write:
 * issued_permits (with usage confirmations), received_permits, clearances (our border), verifications and
 * control_results. Every read is a cursor fetched in batches with only the fields a report needs (never the
 * signed XML), so memory stays flat whatever the year's volume. No $lookup (FerretDB has none): imports
 * are joined to their clearances by merging two cursors sorted on the same key, the permit key.
 */
import type { Collection, Db, Document, FindCursor } from 'mongodb';
import type { Connection } from 'mongoose';
import type { ControlResult } from '../domain/reports/control-result';
import type {
  CustomsDecision,
  ExportRecord,
  ImportRecord,
  ReportSource,
} from '../domain/reports/report-source';

const BATCH_SIZE = 1000;

/** Where the writers keep what the reports read. */
export const REPORT_COLLECTIONS = {
  issued: 'issued_permits',
  received: 'received_permits',
  clearances: 'clearances',
  verifications: 'verifications',
  controlResults: 'control_results',
} as const;

interface IssuedDoc extends Omit<ExportRecord, 'permitKey'> {
  _id: string;
}
interface ReceivedDoc extends Omit<ImportRecord, 'permitKey' | 'clearance'> {
  _id: string;
}
interface ClearanceDoc {
  _id: string;
  declarationNumber: string;
  usage: NonNullable<ImportRecord['clearance']>['usage'];
}
interface ControlResultDoc extends Omit<ControlResult, 'id'> {
  _id: string;
}

/** Issue dates are ISO text, so a year is the text range [YYYY, YYYY+1). */
function issuedIn(fromYear: number, toYear: number): Document {
  return { 'permit.issueDate': { $gte: String(fromYear), $lt: String(toYear + 1) } };
}

function yearRange(year: number): { $gte: Date; $lt: Date } {
  return { $gte: new Date(Date.UTC(year, 0, 1)), $lt: new Date(Date.UTC(year + 1, 0, 1)) };
}

/** MongoDB orders strings by their UTF-8 bytes; the merge join must compare the same way. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export class MongoReportSource implements ReportSource {
  constructor(private readonly connection: Connection) {}

  async *exportsOf(year: number): AsyncIterable<ExportRecord> {
    const cursor = this.collection<IssuedDoc>('issued').find(issuedIn(year, year), {
      projection: { permit: 1, status: 1, destination: 1, usage: 1 },
      sort: { _id: 1 },
      batchSize: BATCH_SIZE,
    });
    for await (const doc of cursor) {
      yield {
        permitKey: doc._id,
        permit: doc.permit,
        status: doc.status,
        destination: doc.destination,
        ...(doc.usage ? { usage: doc.usage } : {}),
      };
    }
  }

  async *importsOf(year: number): AsyncIterable<ImportRecord> {
    const received = this.collection<ReceivedDoc>('received').find(issuedIn(year - 1, year), {
      projection: { permit: 1, status: 1 },
      sort: { _id: 1 },
      batchSize: BATCH_SIZE,
    });
    const clearances = new Peekable(
      this.collection<ClearanceDoc>('clearances').find(
        { 'usage.clearedAt': { $gte: new Date(Date.UTC(year - 1, 0, 1)) } },
        { projection: { declarationNumber: 1, usage: 1 }, sort: { _id: 1 }, batchSize: BATCH_SIZE },
      ),
    );
    try {
      for await (const doc of received) {
        const clearance = await clearances.takeMatching(doc._id);
        yield {
          permitKey: doc._id,
          permit: doc.permit,
          status: doc.status,
          ...(clearance
            ? { clearance: { declarationNumber: clearance.declarationNumber, usage: clearance.usage } }
            : {}),
        };
      }
    } finally {
      await clearances.close();
    }
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

/** A cursor sorted by _id that hands out the document with a given key, skipping smaller keys. */
class Peekable<T extends { _id: string }> {
  private head: T | null | undefined;

  constructor(private readonly cursor: FindCursor<T>) {}

  async takeMatching(key: string): Promise<T | undefined> {
    for (;;) {
      if (this.head === undefined) this.head = await this.cursor.next();
      if (this.head === null) return undefined;
      const order = compareKeys(this.head._id, key);
      if (order > 0) return undefined;
      const current = this.head;
      this.head = undefined;
      if (order === 0) return current;
    }
  }

  async close(): Promise<void> {
    await this.cursor.close();
  }
}
