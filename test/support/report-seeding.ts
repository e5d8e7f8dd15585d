/** Stores a ReportSeed in a database the way the exchange, customs and the risk service write it. */
import type { Connection } from 'mongoose';
import {
  MongoIssuedPermitRepository,
  MongoReceivedPermitRepository,
} from '../../src/storage/mongo-permit-repository';
import { REPORT_COLLECTIONS } from '../../src/storage/mongo-report-source';
import { MongoVerificationRepository } from '../../src/storage/mongo-verification-repository';
import type { ReportSeed } from './report-records';

export async function storeReportSeed(connection: Connection, seed: ReportSeed): Promise<void> {
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
}
