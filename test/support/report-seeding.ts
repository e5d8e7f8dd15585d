/** Stores a ReportSeed in a database the way the exchange, customs and the risk service write it. */
import type { Connection } from 'mongoose';
import { clearedFact, factsOfIssued, factsOfReceived } from '../../src/domain/reports/trade-ledger';
import {
  MongoIssuedPermitRepository,
  MongoReceivedPermitRepository,
} from '../../src/storage/mongo-permit-repository';
import { REPORT_COLLECTIONS } from '../../src/storage/mongo-report-source';
import { MongoTradeLedger } from '../../src/storage/mongo-trade-ledger';
import { MongoVerificationRepository } from '../../src/storage/mongo-verification-repository';
import type { ReportSeed } from './report-records';

/**
 * The stored permits, clearances, verifications and control results, and (unless `ledger: false`, which
 * is a database from before the trade ledger) the facts the flows record in the ledger beside them.
 */
export async function storeReportSeed(
  connection: Connection,
  seed: ReportSeed,
  options: { ledger?: boolean } = {},
): Promise<void> {
  const issued = new MongoIssuedPermitRepository(connection);
  const received = new MongoReceivedPermitRepository(connection);
  const verifications = new MongoVerificationRepository(connection);
  for (const record of seed.issued) await issued.insert(record);
  for (const record of seed.received) await received.insert(record);
  for (const clearance of seed.clearances) await verifications.claimClearance(clearance);
  for (const verification of seed.verifications) await verifications.insert(verification);
  // The risk service's documents (its API lives on another branch): the agreed shape, inserted as is.
  if (seed.controlResults.length > 0) {
    await connection
      .db!.collection(REPORT_COLLECTIONS.controlResults)
      .insertMany(seed.controlResults.map(({ id, ...rest }) => ({ _id: id, ...rest }) as never));
  }
  if (options.ledger === false) return;
  await new MongoTradeLedger(connection).record([
    ...seed.issued.flatMap(factsOfIssued),
    ...seed.received.flatMap(factsOfReceived),
    ...seed.clearances.map(clearedFact),
  ]);
}
