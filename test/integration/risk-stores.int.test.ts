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

describe('importer history on MongoDB', () => {
  test('when two instances add in turn past several head moves, then an instance started later reads every event once', async () => {
    const { connection, drop } = await freshDatabase('risk-history-head');
    try {
      const [first, second] = [
        new MongoImporterHistoryStore(connection),
        new MongoImporterHistoryStore(connection),
      ];
      await first.init();
      for (let i = 0; i < 37; i++) {
        // alternating instances: each one's remembered entry is taken by the other every time
        await (i % 2 ? second : first).add('CH|zoo', {
          shipments: 1,
          findings: i % 5 === 0 ? 1 : 0,
          event: `e${i}`,
        });
      }
      const later = new MongoImporterHistoryStore(connection);
      expect(await later.read('CH|zoo')).toEqual({ shipments: 37, findings: 8 });
      const heads = await connection
        .collection('risk_importer_history_heads')
        .findOne({ _id: 'CH|zoo' as never });
      expect(heads).toMatchObject({ n: 32, shipments: 32 });
    } finally {
      await drop();
    }
  });
});
