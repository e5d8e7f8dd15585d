/**
 * The stored permits and clearances as the trade ledger's backfill reads them: issued_permits,
 * received_permits and clearances, each a cursor in natural order (no sort: nothing needs the order, and
 * FerretDB would otherwise hold the whole collection to sort it), in batches, without the signed XML.
 */
import type { Collection, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import type {
  StoredClearance,
  StoredIssuedPermit,
  StoredReceivedPermit,
  StoredTradeRecords,
} from '../domain/reports/trade-ledger';

const BATCH_SIZE = 1000;

/** Where the exchange and customs keep what the ledger is filled from. */
export const STORED_TRADE_COLLECTIONS = {
  issued: 'issued_permits',
  received: 'received_permits',
  clearances: 'clearances',
} as const;

type Doc<T extends { permitKey: string }> = Omit<T, 'permitKey'> & { _id: string };

export class MongoStoredTradeRecords implements StoredTradeRecords {
  constructor(private readonly connection: Connection) {}

  async *issuedPermits(): AsyncIterable<StoredIssuedPermit> {
    const cursor = this.collection<Doc<StoredIssuedPermit>>('issued').find(
      {},
      {
        projection: {
          permit: 1,
          destination: 1,
          status: 1,
          usage: 1,
          cancellation: 1,
          replacedAt: 1,
          updatedAt: 1,
        },
        batchSize: BATCH_SIZE,
      },
    );
    for await (const { _id, ...rest } of cursor) yield { permitKey: _id, ...rest };
  }

  async *receivedPermits(): AsyncIterable<StoredReceivedPermit> {
    const cursor = this.collection<Doc<StoredReceivedPermit>>('received').find(
      {},
      { projection: { permit: 1, status: 1, cancellation: 1, updatedAt: 1 }, batchSize: BATCH_SIZE },
    );
    for await (const { _id, ...rest } of cursor) yield { permitKey: _id, ...rest };
  }

  async *clearances(): AsyncIterable<StoredClearance> {
    const cursor = this.collection<Doc<StoredClearance>>('clearances').find(
      {},
      { projection: { declarationNumber: 1, usage: 1 }, batchSize: BATCH_SIZE },
    );
    for await (const { _id, ...rest } of cursor) yield { permitKey: _id, ...rest };
  }

  private collection<T extends Document>(name: keyof typeof STORED_TRADE_COLLECTIONS): Collection<T> {
    const db = this.connection.db;
    if (!db) throw new Error('MongoStoredTradeRecords: the connection is not open');
    return db.collection<T>(STORED_TRADE_COLLECTIONS[name]);
  }
}
