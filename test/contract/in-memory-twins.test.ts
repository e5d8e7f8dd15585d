import { fixedClock } from '../../src/domain/ports';
import { alertStoreContract } from './alert-store.contract';
import { auditLogContract } from './audit-log.contract';
import { messageRepositoryContract } from './message-repository.contract';
import { partnerRepositoryContract } from './partner-repository.contract';
import { InMemoryAlertStore } from './twins/in-memory-alert-store';
import { InMemoryAuditLog } from './twins/in-memory-audit-log';
import { InMemoryMessageRepository } from './twins/in-memory-message-repository';
import { InMemoryPartnerRepository } from './twins/in-memory-partner-repository';
import { riskStoresContract } from './risk-stores.contract';
import {
  InMemoryControlResultStore,
  InMemoryRiskAssessmentStore,
  InMemoryRiskModelStore,
  InMemoryRiskProfileStore,
} from './twins/in-memory-risk-stores';

const clock = fixedClock('2026-06-01T00:00:00Z');
const noop = (): Promise<void> => Promise.resolve();

partnerRepositoryContract('in memory', () =>
  Promise.resolve({ repository: new InMemoryPartnerRepository(), cleanup: noop }),
);
auditLogContract('in memory', () => Promise.resolve({ log: new InMemoryAuditLog(clock), cleanup: noop }));
alertStoreContract('in memory', () =>
  Promise.resolve({ store: new InMemoryAlertStore(clock), cleanup: noop }),
);
messageRepositoryContract('in memory', () =>
  Promise.resolve({ repository: new InMemoryMessageRepository(), cleanup: noop }),
);
riskStoresContract('in memory', () =>
  Promise.resolve({
    profiles: new InMemoryRiskProfileStore(),
    assessments: new InMemoryRiskAssessmentStore(),
    controlResults: new InMemoryControlResultStore(),
    models: new InMemoryRiskModelStore(),
    cleanup: noop,
  }),
);
