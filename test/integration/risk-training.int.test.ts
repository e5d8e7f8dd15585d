/**
 * Issue 15: training off the API's event loop. A model is trained on 30,000 control results at CH; while the
 * training thread computes, a customs verification is asked for and answered (with its assessment), and
 * the training is still running when the answer is back. Trained on the API's own thread, the API would
 * answer nothing until the training ended (and could never show the run in its `training` stage).
 */
import { randomInt } from 'node:crypto';
import { riskModelsResponseSchema } from '../../src/transport/risk-routes';
import { samplePermit } from '../support/permits';
import { onboardIssuingPartner, storeReceivedPermit } from '../support/received-permits';
import { dropDatabaseOf } from '../support/services';
import { eventually, startCountry, type TestCountry } from '../support/two-countries';
import { byKey } from '../support/verification-cases';

const RESULTS = 30_000;
let ch: TestCountry;

beforeAll(async () => {
  ch = await startCountry('CH', {
    risk: { model: { minResults: 40, retrainAfterResults: 1_000_000, recentShare: 0.2 } },
  });
  await onboardIssuingPartner(ch.gateway, ch.tokens.admin, 'KE');
  await seedControlResults(RESULTS);
}, 180_000);

afterAll(async () => {
  await ch.gateway.close();
  await dropDatabaseOf(ch.gateway.config.mongodbUri);
});

const auth = (token: string) => `Bearer ${token}`;

/** Control results as the risk service stores them (collection `control_results`), written in bulk. */
async function seedControlResults(count: number): Promise<void> {
  const collection = ch.gateway.mongo.collection<{ _id: string }>('control_results');
  for (let start = 0; start < count; start += 2000) {
    const docs = Array.from({ length: Math.min(2000, count - start) }, (_, k) => {
      const i = start + k;
      const broker = `B-${randomInt(40)}`;
      const ratio = 0.5 + randomInt(1000) / 500;
      const finding = broker === 'B-7' || ratio > 2.3 || randomInt(100) < 3;
      const facts = [
        {
          importerName: `Importer ${randomInt(300)}`,
          scientificName: ['Python sebae', 'Python regius', 'Aloe secundiflora'][i % 3],
          quantityRatio: ratio,
          'attr.broker': broker,
          office: ['CHZRH', 'CHGVA', 'CHBSL'][i % 3],
        },
      ];
      return {
        _id: `seed-${i}`,
        assessmentId: `seed-${i}`,
        declarationNumber: `SEED-${i}`,
        permitKey: null,
        office: null,
        arrivalDate: '2026-03-01',
        exportCountry: 'KE',
        originCountry: null,
        importCountry: 'CH',
        detection: 'PROFILE',
        selfInitiated: false,
        inspection: 'PHYSICAL',
        finding: finding ? 'SEIZURE' : 'NONE',
        lines: [],
        notes: null,
        recordedAt: new Date(Date.UTC(2026, 2, 1) + i * 1000),
        recordedBy: 'seed',
        importerKey: facts[0]!.importerName,
        profileIds: [],
        factsJson: JSON.stringify(facts),
      };
    });
    await collection.insertMany(docs);
  }
}

async function trainingRun(): Promise<{ trigger: string; stage: string } | null> {
  const res = await ch.api().get('/api/v1/risk/models').set('Authorization', auth(ch.tokens.risk));
  return riskModelsResponseSchema.parse(res.body).training;
}

test('when a model trains on 30,000 results, then a customs verification is answered while the training still runs', async () => {
  const permit = samplePermit({ permitNumber: 'KE-2026-RISK-TRAINING-1' });
  await storeReceivedPermit(ch.gateway, permit);
  const training = ch
    .api()
    .post('/api/v1/risk/models/train')
    .set('Authorization', auth(ch.tokens.risk))
    .then((res) => res);

  await eventually(async () => ((await trainingRun())?.stage === 'training' ? true : undefined), {
    what: 'the training thread computing',
    describe: trainingRun,
    timeoutMs: 120_000,
    intervalMs: 100,
  });
  const verification = await ch
    .api()
    .post('/api/v1/verifications')
    .set('Authorization', auth(ch.tokens.customs))
    .send(byKey(permit, 'CH-RISK-WHILE-TRAINING'));
  expect(verification.status).toBe(201);
  expect(verification.body.verdict).toBe('ACCEPTED');
  expect(verification.body.assessment).toMatchObject({ lane: expect.any(String) });
  // The answer came back before the training ended.
  expect(await trainingRun()).toMatchObject({ trigger: 'manual', stage: 'training' });

  const trained = await training;
  expect(trained.status).toBe(201);
  expect(trained.body).toMatchObject({ version: 1, promoted: true, trainedOn: RESULTS });
  expect(await trainingRun()).toBeNull();
}, 300_000);
