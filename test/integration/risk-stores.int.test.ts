/** The risk stores' contract against the real MongoDB-compatible server. */
import { MongoControlResultStore } from '../../src/storage/mongo-control-result-store';
import { MongoImporterHistoryStore } from '../../src/storage/mongo-importer-history-store';
import { MongoRiskAssessmentStore } from '../../src/storage/mongo-risk-assessment-store';
import { MongoRiskModelStore } from '../../src/storage/mongo-risk-model-store';
import { MongoRiskProfileStore } from '../../src/storage/mongo-risk-profile-store';
import { riskStoresContract } from '../contract/risk-stores.contract';
import { freshDatabase } from '../support/services';

riskStoresContract('MongoDB', async () => {
  const { connection, drop } = await freshDatabase('risk-contract');
  const stores = {
    profiles: new MongoRiskProfileStore(connection),
    assessments: new MongoRiskAssessmentStore(connection),
    controlResults: new MongoControlResultStore(connection),
    models: new MongoRiskModelStore(connection),
    history: new MongoImporterHistoryStore(connection),
    historyElsewhere: new MongoImporterHistoryStore(connection),
  };
  await Promise.all(Object.values(stores).map((s) => s.init()));
  return { ...stores, cleanup: drop };
});
