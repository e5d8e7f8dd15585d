import { fixedClock } from '../../../src/domain/ports';
import type { ControlResult } from '../../../src/domain/risk/control-result';
import { inProcessRiskModelComputer } from '../../../src/flows/risk/compute-risk-model';
import { trainRiskModel } from '../../../src/flows/risk/train-risk-model';
import { gradientBoostingLearner } from '../../../src/domain/risk/model/gradient-boosting-learner';
import { InMemoryAuditLog } from '../../contract/twins/in-memory-audit-log';
import {
  InMemoryControlResultStore,
  InMemoryRiskAssessmentStore,
  InMemoryRiskModelStore,
} from '../../contract/twins/in-memory-risk-stores';

const clock = fixedClock('2026-06-01T00:00:00Z');
let serial = 0;

function result(signal: string, finding: boolean, selfInitiated = false): ControlResult {
  const id = `ra_${++serial}`;
  return {
    id,
    assessmentId: id,
    declarationNumber: `D-${serial}`,
    permitKey: null,
    office: null,
    arrivalDate: '2026-05-01',
    exportCountry: null,
    originCountry: null,
    importCountry: 'CH',
    detection: selfInitiated ? 'SELF_INITIATED' : 'PROFILE',
    selfInitiated,
    inspection: 'PHYSICAL',
    finding: finding ? 'SEIZURE' : 'NONE',
    lines: [],
    notes: null,
    recordedAt: new Date(Date.UTC(2026, 4, 1, 0, 0, serial)),
    recordedBy: 'test',
    importerKey: 'CH|zoo',
    profileIds: [],
    facts: [{ declarationNumber: `D-${serial}`, 'attr.signal': signal, importerPriorShipments: serial }],
  };
}

async function world(batches: Array<[pairs: number, aFinds: boolean]>) {
  const controlResults = new InMemoryControlResultStore();
  for (const [pairs, aFinds] of batches) {
    for (let i = 0; i < pairs; i++) {
      await controlResults.insert(result('A', aFinds));
      await controlResults.insert(result('B', !aFinds));
    }
  }
  const models = new InMemoryRiskModelStore();
  const deps = {
    computer: inProcessRiskModelComputer({
      controlResults,
      assessments: new InMemoryRiskAssessmentStore(),
      models,
      learner: gradientBoostingLearner,
      settings: { minResults: 40, recentShare: 0.2, budgetPercent: 10, thresholdSample: 100 },
    }),
    models,
    audit: new InMemoryAuditLog(clock),
    clock,
  };
  return { deps, controlResults, models };
}

describe('training a risk model', () => {
  test('when enough results exist, then the first model is promoted and ranks the finding pattern first', async () => {
    const { deps } = await world([[20, true]]);
    const model = await trainRiskModel(deps, { trigger: 'test', actor: 'test' });
    expect(model).toMatchObject({ version: 1, promoted: true, trainedOn: 40, positives: 20 });
    const a = gradientBoostingLearner.score(model.model, { 'attr.signal': 'A' }).probability;
    const b = gradientBoostingLearner.score(model.model, { 'attr.signal': 'B' }).probability;
    expect(a).toBeGreaterThan(b);
  });

  test('when too few results exist, then RISK_TRAINING_NOT_ENOUGH_RESULTS and no model is stored', async () => {
    const { deps, models } = await world([[10, true]]);
    await expect(trainRiskModel(deps, { trigger: 'test', actor: 'test' })).rejects.toMatchObject({
      code: 'RISK_TRAINING_NOT_ENOUGH_RESULTS',
    });
    expect(await models.current()).toBeNull();
  });

  test('when the candidate ranks recent results worse, then it is stored but the current model stays', async () => {
    const { deps, controlResults, models } = await world([[20, true]]);
    await trainRiskModel(deps, { trigger: 'test', actor: 'test' });
    for (let i = 0; i < 20; i++) {
      await controlResults.insert(result('A', false));
      await controlResults.insert(result('B', true));
    }
    for (let i = 0; i < 10; i++) {
      await controlResults.insert(result('A', true));
      await controlResults.insert(result('B', false));
    }
    const second = await trainRiskModel(deps, { trigger: 'test', actor: 'test' });
    expect(second).toMatchObject({ version: 2, promoted: false });
    expect((await models.current())?.version).toBe(1);
  });

  test('when the newest results are self-initiated inspections, then the candidate is judged on the selected ones only', async () => {
    const { deps, controlResults } = await world([[20, true]]);
    await trainRiskModel(deps, { trigger: 'test', actor: 'test' });
    // Selected inspections keep version 1's pattern; customs' own picks, newest of all, say the reverse.
    for (let i = 0; i < 20; i++) {
      await controlResults.insert(result('A', true));
      await controlResults.insert(result('B', false));
    }
    for (let i = 0; i < 10; i++) {
      await controlResults.insert(result('A', false, true));
      await controlResults.insert(result('B', true, true));
    }
    const second = await trainRiskModel(deps, { trigger: 'test', actor: 'test' });
    // 20 % of the 80 selected results are held out; none of the 20 self-initiated ones is (they alone were
    // the newest 20 %), but the model learns from all 100.
    expect(second.evaluation.recentResults).toBe(16);
    expect(second.trainedOn).toBe(100);
    expect(second.version).toBe(2);
  });
});
