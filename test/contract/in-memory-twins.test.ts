import { fixedClock } from '../../src/domain/ports';
import { alertStoreContract } from './alert-store.contract';
import { alertDeliveryStoreContract } from './alert-delivery-store.contract';
import { retentionStoreContract } from './retention-store.contract';
import { InMemoryRetentionStore } from './twins/in-memory-retention-store';
import { InMemoryAlertAcknowledgements } from './twins/in-memory-alert-acknowledgements';
import { InMemoryAlertDeliveryStore } from './twins/in-memory-alert-delivery-store';
import { auditLogContract } from './audit-log.contract';
import { messageRepositoryContract } from './message-repository.contract';
import { partnerRepositoryContract } from './partner-repository.contract';
import { InMemoryAlertStore } from './twins/in-memory-alert-store';
import { InMemoryAuditLog } from './twins/in-memory-audit-log';
import { InMemoryMessageRepository } from './twins/in-memory-message-repository';
import { InMemoryPartnerRepository } from './twins/in-memory-partner-repository';

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
