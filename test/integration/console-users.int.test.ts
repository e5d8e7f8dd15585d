/** The console's users and sessions in MongoDB, held to the same contracts as the in-memory twins. */
import { MongoSessionRepository } from '../../src/storage/mongo-session-repository';
import { MongoUserRepository } from '../../src/storage/mongo-user-repository';
import { sessionRepositoryContract } from '../contract/session-repository.contract';
import { userRepositoryContract } from '../contract/user-repository.contract';
import { freshDatabase } from '../support/services';

userRepositoryContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('user-contract');
  const repository = new MongoUserRepository(connection);
  await repository.init();
  return { repository, cleanup: drop };
});

sessionRepositoryContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('session-contract');
  const repository = new MongoSessionRepository(connection);
  await repository.init();
  return { repository, cleanup: drop };
});
