/**
 * The trade ledger on the real MongoDB-compatible server: the TradeLedger contract, the documents it
 * writes (no update ever: one insert per fact), and the backfill of permits stored before the ledger
 * existed, at gateway start-up and by `epix report reindex`.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { systemClock } from '../../src/domain/ports';
import { connectMongo } from '../../src/storage/mongo-connection';
import { backfillTradeLedger, ensureTradeLedger } from '../../src/flows/reports/backfill-trade-ledger';
import { MongoStoredTradeRecords } from '../../src/storage/mongo-stored-trade-records';
import { MongoTradeLedger, tradeLedgerCollection } from '../../src/storage/mongo-trade-ledger';
import { tradeLedgerContract } from '../contract/trade-ledger.contract';
import {
  clearanceOf,
  emptySeed,
  issuedRecord,
  permitDated,
  receivedRecord,
  usageOf,
  type ReportSeed,
} from '../support/report-records';
import { storeReportSeed } from '../support/report-seeding';
import { dropDatabaseOf, freshDatabase, freshMongoUri } from '../support/services';
import { startCountry } from '../support/two-countries';

tradeLedgerContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('trade-ledger');
  return { ledger: new MongoTradeLedger(connection), cleanup: drop };
});

const YEAR = new Date().getUTCFullYear();
const TODAY = new Date().toISOString().slice(0, 10);

/** Two exports (one used, one cancelled), a received permit and its clearance, all of this year. */
function yearSeed(): ReportSeed {
  const seed = emptySeed();
  seed.issued.push(
    issuedRecord(permitDated('KE-L-1', TODAY), {
      status: 'USED',
      usage: usageOf('CH-D-L1', new Date().toISOString(), { A: 120 }),
    }),
    issuedRecord(permitDated('KE-L-2', TODAY), { status: 'CANCELLED' }),
  );
  seed.received.push(receivedRecord(permitDated('CH-L-1', TODAY, { issuingCountry: 'CH' })));
  seed.clearances.push(
    clearanceOf(`CH/${YEAR}/CH-L-1`, usageOf('KE-D-L1', new Date().toISOString(), { A: 5 })),
  );
  return seed;
}

describe('trade ledger documents', () => {
  test('when facts are recorded, then each is one small document per permit and kind, keyed so a second recording is refused', async () => {
    const { connection, drop } = await freshDatabase('ledger-docs');
    try {
      const seed = yearSeed();
      await storeReportSeed(connection, seed);
      const db = connection.db!;
      const permits = await db
        .collection(tradeLedgerCollection('EXPORT', YEAR, false))
        .find()
        .toArray();
      const events = await db
        .collection(tradeLedgerCollection('EXPORT', YEAR, true))
        .find()
        .toArray();
      expect(permits.map((d) => d._id).sort()).toEqual([`KE/${YEAR}/KE-L-1`, `KE/${YEAR}/KE-L-2`]);
      expect(events.map((d) => d._id).sort()).toEqual([
        `KE/${YEAR}/KE-L-1\u0001U`,
        `KE/${YEAR}/KE-L-2\u0001C`,
      ]);
      for (const doc of [...permits, ...events]) {
        expect(Object.keys(doc).sort()).toEqual(['_id', 'f']);
        expect(doc.f).not.toContain('signed');
      }
      await storeReportSeed(connection, seed); // the permits' inserts fail as duplicates; the facts too
      expect(await db.collection(tradeLedgerCollection('EXPORT', YEAR, true)).countDocuments()).toBe(2);
    } finally {
      await drop();
    }
  });
});

describe('backfill', () => {
  test('when it runs twice over permits stored before the ledger, then the second run records nothing new and the version is noted once', async () => {
    const { connection, drop } = await freshDatabase('ledger-backfill');
    try {
      await storeReportSeed(connection, yearSeed(), { ledger: false });
      const ledger = new MongoTradeLedger(connection);
      const stored = new MongoStoredTradeRecords(connection);
      const counts = await ensureTradeLedger({ stored, ledger, clock: systemClock, batchSize: 2 });
      expect(counts).toEqual({ issued: 2, received: 1, clearances: 1, facts: 6 });
      expect(await ensureTradeLedger({ stored, ledger, clock: systemClock })).toBeUndefined();
      const count = async () => {
        let n = 0;
        for (const direction of ['EXPORT', 'IMPORT'] as const) {
          for (const events of [false, true]) {
            n += await connection
              .db!.collection(tradeLedgerCollection(direction, YEAR, events))
              .countDocuments();
          }
        }
        return n;
      };
      expect(await count()).toBe(6);
      await backfillTradeLedger({ stored, ledger });
      expect(await count()).toBe(6);
    } finally {
      await drop();
    }
  });

  test('when a gateway starts on permits stored before the ledger, then its first annual report holds them', async () => {
    const mongodbUri = freshMongoUri('KE');
    const before = await connectMongo(mongodbUri);
    await storeReportSeed(before, yearSeed(), { ledger: false });
    await before.close();
    const ke = await startCountry('KE', { mongodbUri });
    try {
      const res = await ke
        .api()
        .get(`/api/v1/reports/annual?year=${YEAR}&format=json`)
        .set('Authorization', `Bearer ${ke.tokens.auditor}`);
      expect(res.status).toBe(200);
      const body = res.body as {
        tables: Record<string, Array<{ permitKey: string; quantity: number }>>;
        summary: { exports: { CANCELLED: number } };
      };
      expect(body.tables.exports!.map((r) => [r.permitKey, r.quantity])).toEqual([
        [`KE/${YEAR}/KE-L-1`, 120],
      ]);
      expect(body.tables.imports!.map((r) => [r.permitKey, r.quantity])).toEqual([[`CH/${YEAR}/CH-L-1`, 5]]);
      expect(body.summary.exports.CANCELLED).toBe(1);
    } finally {
      await ke.gateway.close();
      await dropDatabaseOf(mongodbUri);
    }
  });

  test('when `epix report reindex` runs on a database, then it prints what it read and recorded', async () => {
    const mongodbUri = freshMongoUri('reindex');
    const connection = await connectMongo(mongodbUri);
    try {
      await storeReportSeed(connection, yearSeed(), { ledger: false });
      const run = promisify(execFile);
      const args = [path.resolve('bin/epix.js'), 'report', 'reindex', '--mongodb-uri', mongodbUri];
      const { stdout } = await run(process.execPath, args);
      expect(JSON.parse(stdout)).toMatchObject({
        reindexed: { issued: 2, received: 1, clearances: 1, facts: 6 },
      });
      expect(await new MongoTradeLedger(connection).isBackfilled(1)).toBe(true);
    } finally {
      await connection.dropDatabase();
      await connection.close();
    }
  });
});
