/** The MongoDB issued/received permit repositories and inbound archive, held to the twins' contracts. */
import { MongoArchiveRepository } from '../../src/storage/mongo-archive-repository';
import {
  MongoIssuedPermitRepository,
  MongoReceivedPermitRepository,
} from '../../src/storage/mongo-permit-repository';
import { messageArchiveContract } from '../contract/message-archive.contract';
import { permitRepositoryContract } from '../contract/permit-repository.contract';
import { freshDatabase } from '../support/services';

permitRepositoryContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('permits');
  const issued = new MongoIssuedPermitRepository(connection);
  const received = new MongoReceivedPermitRepository(connection);
  await Promise.all([issued.init(), received.init()]);
  return { issued, received, cleanup: drop };
});

messageArchiveContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('archive');
  const archive = new MongoArchiveRepository(connection);
  await archive.init();
  return { archive, cleanup: drop };
});
