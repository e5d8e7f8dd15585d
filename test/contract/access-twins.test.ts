/** The in-memory twins of the access and audit ports, held to their contract suites. */
import { tokenRepositoryContract } from './token-repository.contract';
import { InMemoryTokenRepository } from './twins/in-memory-token-repository';

const noop = (): Promise<void> => Promise.resolve();

tokenRepositoryContract('in memory', () =>
  Promise.resolve({ repository: new InMemoryTokenRepository(), cleanup: noop }),
);
