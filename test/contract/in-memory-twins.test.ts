import { fixedClock } from '../../src/domain/ports';
import { alertStoreContract } from './alert-store.contract';
import { alertDeliveryStoreContract } from './alert-delivery-store.contract';
import { retentionStoreContract } from './retention-store.contract';
import { InMemoryRetentionStore } from './twins/in-memory-retention-store';
import { InMemoryAlertAcknowledgements } from './twins/in-memory-alert-acknowledgements';
import { InMemoryAlertDeliveryStore } from './twins/in-memory-alert-delivery-store';
import { auditLogContract } from './audit-log.contract';
import { messageArchiveContract } from './message-archive.contract';
import { messageRepositoryContract } from './message-repository.contract';
import { partnerRepositoryContract } from './partner-repository.contract';
import { partnerCrlStoreContract } from './partner-crl-store.contract';
import { InMemoryPartnerCrlStore } from './twins/in-memory-partner-crl-store';
import { permitRepositoryContract } from './permit-repository.contract';
import { sessionRepositoryContract } from './session-repository.contract';
import { userRepositoryContract } from './user-repository.contract';
import { reportSourceContract } from './report-source.contract';
import { InMemoryAlertStore } from './twins/in-memory-alert-store';
import { InMemoryAuditLog } from './twins/in-memory-audit-log';
import { InMemoryMessageArchive } from './twins/in-memory-message-archive';
import { InMemoryMessageRepository } from './twins/in-memory-message-repository';
import { InMemoryPartnerRepository } from './twins/in-memory-partner-repository';
import {
  InMemoryIssuedPermitRepository,
  InMemoryReceivedPermitRepository,
} from './twins/in-memory-permit-repository';
import { InMemorySessionRepository } from './twins/in-memory-session-repository';
import { InMemoryUserRepository } from './twins/in-memory-user-repository';
import { InMemoryReportSource } from './twins/in-memory-report-source';
import { tradeLedgerContract } from './trade-ledger.contract';
import { InMemoryTradeLedger } from './twins/in-memory-trade-ledger';
import { riskStoresContract } from './risk-stores.contract';
import {
  InMemoryControlResultStore,
  InMemoryImporterHistoryStore,
  InMemoryRiskAssessmentStore,
  InMemoryRiskModelStore,
  InMemoryRiskProfileStore,
} from './twins/in-memory-risk-stores';

const clock = fixedClock('2026-06-01T00:00:00Z');
const noop = (): Promise<void> => Promise.resolve();

partnerRepositoryContract('in memory', () =>
  Promise.resolve({ repository: new InMemoryPartnerRepository(), cleanup: noop }),
);
partnerCrlStoreContract('in memory', () =>
  Promise.resolve({ store: new InMemoryPartnerCrlStore(), cleanup: noop }),
);
auditLogContract('in memory', () => Promise.resolve({ log: new InMemoryAuditLog(clock), cleanup: noop }));
alertStoreContract('in memory', () =>
  Promise.resolve({ store: new InMemoryAlertStore(clock), cleanup: noop }),
);
messageRepositoryContract('in memory', () =>
  Promise.resolve({ repository: new InMemoryMessageRepository(), cleanup: noop }),
);
permitRepositoryContract('in memory', () =>
  Promise.resolve({
    issued: new InMemoryIssuedPermitRepository(),
    received: new InMemoryReceivedPermitRepository(),
    cleanup: noop,
  }),
);
messageArchiveContract('in memory', () =>
  Promise.resolve({ archive: new InMemoryMessageArchive(), cleanup: noop }),
);
userRepositoryContract('in memory', () =>
  Promise.resolve({ repository: new InMemoryUserRepository(), cleanup: noop }),
);
sessionRepositoryContract('in memory', () =>
  Promise.resolve({ repository: new InMemorySessionRepository(), cleanup: noop }),
);
reportSourceContract('in memory', (seed) =>
  Promise.resolve({ source: new InMemoryReportSource(seed), cleanup: noop }),
);
tradeLedgerContract('in memory', () => Promise.resolve({ ledger: new InMemoryTradeLedger(), cleanup: noop }));
alertDeliveryStoreContract('in memory', () =>
  Promise.resolve({
    store: new InMemoryAlertDeliveryStore(),
    acknowledgements: new InMemoryAlertAcknowledgements(),
    cleanup: noop,
  }),
);
retentionStoreContract('in memory', () => {
  const store = new InMemoryRetentionStore();
  return Promise.resolve({
    store,
    seedAlerts: (alerts) => Promise.resolve(store.seed({ alerts })),
    cleanup: noop,
  });
});
riskStoresContract('in memory', () => {
  const history = new InMemoryImporterHistoryStore();
  return Promise.resolve({
    profiles: new InMemoryRiskProfileStore(),
    assessments: new InMemoryRiskAssessmentStore(),
    controlResults: new InMemoryControlResultStore(),
    models: new InMemoryRiskModelStore(),
    history,
    historyElsewhere: history,
    cleanup: noop,
  });
});
