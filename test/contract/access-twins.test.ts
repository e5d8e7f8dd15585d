/** The in-memory twins of the access and audit ports, held to their contract suites. */
import { auditCheckpointStoreContract } from './audit-checkpoint-store.contract';
import { tokenRepositoryContract } from './token-repository.contract';
import { InMemoryAuditCheckpointStore } from './twins/in-memory-audit-checkpoint-store';
import { InMemoryTokenRepository } from './twins/in-memory-token-repository';

const noop = (): Promise<void> => Promise.resolve();

tokenRepositoryContract('in memory', () =>
  Promise.resolve({ repository: new InMemoryTokenRepository(), cleanup: noop }),
);
auditCheckpointStoreContract('in memory', () =>
  Promise.resolve({ store: new InMemoryAuditCheckpointStore(), cleanup: noop }),
);
