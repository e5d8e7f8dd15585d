import type { Facts } from '../../../src/domain/risk/facts';
import { fixedClock } from '../../../src/domain/ports';
import type { RandomSource } from '../../../src/domain/risk/random-selection';
import type { ReceivedPermit } from '../../../src/domain/exchange/permit-records';
import type { Verification } from '../../../src/domain/verification/verification';
import { assessDeclaration, type AssessDeclarationDeps } from '../../../src/flows/risk/assess-declaration';
import { assessVerification, type AssessVerificationDeps } from '../../../src/flows/risk/assess-verification';
import { createSilentLogger } from '../../../src/logging/logger';
import { gradientBoostingLearner } from '../../../src/risk-wiring';
import { InMemoryAlertStore } from '../../contract/twins/in-memory-alert-store';
import {
  InMemoryImporterHistoryStore,
  InMemoryRiskAssessmentStore,
  InMemoryRiskProfileStore,
} from '../../contract/twins/in-memory-risk-stores';
import { samplePermit } from '../../support/permits';

const clock = fixedClock('2026-04-15T10:00:00Z');

function world(draws: number[] = []) {
  const queue = [...draws];
  const random: RandomSource = () => queue.shift() ?? 0.999;
  const deps: AssessDeclarationDeps = {
    ownCountry: 'CH',
    profiles: new InMemoryRiskProfileStore(),
    assessments: new InMemoryRiskAssessmentStore(),
    history: new InMemoryImporterHistoryStore(),
    currentModel: { get: () => Promise.resolve(null) },
    learner: gradientBoostingLearner,
    alerts: new InMemoryAlertStore(clock),
    random,
    rates: { yellowPercent: 2, redPercent: 1, offices: { CHGVA: { redPercent: 50 } } },
    budget: { budgetPercent: 5, explorationPercent: 10, lane: 'RED' },
    clock,
    logger: createSilentLogger(),
  };
  return deps;
}

const permit = samplePermit({ permitNumber: 'KE-2026-U-1' });
const declaration = {
  declarationNumber: 'CH-U-1',
  importer: { name: 'Zoo  Import AG' },
  arrivalDate: '2026-04-15',
  office: 'CHGVA',
  lines: [
    { block: 'A', scientificName: 'Python sebae', termCode: 'SKI', quantity: 300, unit: 'PCS' as const },
  ],
  attributes: { broker: 'B-7' },
};

describe('assessing a declaration', () => {
  test('when a profile on a taxon rank and quantity ratio matches, then it is selected at its rate and its facts are stored', async () => {
    const deps = world([0.2]);
    await (deps.profiles as InMemoryRiskProfileStore).saveVersion({
      id: 'p1',
      version: 3,
      definition: {
        name: 'snakes over quantity',
        criteria: {
          all: [
            { field: 'family', op: 'eq', value: 'Pythonidae' },
            { field: 'quantityRatio', op: 'gt', value: 1 },
          ],
        },
        lane: 'YELLOW',
        selectionRate: 30,
        sensitive: false,
        notify: [],
        active: true,
      },
      changedAt: clock.now(),
      changedBy: 'analyst',
    });
    const { assessment } = await assessDeclaration(deps, {
      declaration,
      permit,
      permitKey: 'KE/2026/KE-2026-U-1',
      verification: { id: 'v1', verdict: 'ACCEPTED', reasonCodes: [] },
      actor: 'officer',
    });
    expect(assessment).toMatchObject({ lane: 'YELLOW', decidedBy: 'PROFILE' });
    expect(assessment.profileHits).toEqual([
      {
        profileId: 'p1',
        version: 3,
        name: 'snakes over quantity',
        lane: 'YELLOW',
        selected: true,
        sensitive: false,
      },
    ]);
    const facts: Facts = assessment.facts[0]!;
    expect(facts).toMatchObject({
      family: 'Pythonidae',
      class: 'Reptilia',
      quantityRatio: 2,
      permittedQuantity: 150,
      exportCountry: 'KE',
      firstShipmentOfImporter: 1,
      'attr.broker': 'B-7',
      verificationVerdict: 'ACCEPTED',
      verificationReasons: '',
    });
  });

  test('when the random draw falls inside the office rate, then the lane is RED by RANDOM at that rate', async () => {
    // draws: RED random (0.4 < 50 %), YELLOW random (0.9).
    const deps = world([0.4, 0.9]);
    const { assessment } = await assessDeclaration(deps, {
      declaration: { ...declaration, declarationNumber: 'CH-U-2' },
      permit: null,
      permitKey: null,
      verification: null,
      actor: 'officer',
    });
    expect(assessment).toMatchObject({ lane: 'RED', decidedBy: 'RANDOM' });
    expect(assessment.reasons).toEqual([{ source: 'RANDOM', lane: 'RED', selected: true, ratePercent: 50 }]);
  });

  test('when the same declaration number comes with other content, then RISK_DECLARATION_ALREADY_ASSESSED', async () => {
    const deps = world();
    const input = { declaration, permit: null, permitKey: null, verification: null, actor: 'officer' };
    const first = await assessDeclaration(deps, input);
    expect((await assessDeclaration(deps, input)).assessment.id).toBe(first.assessment.id);
    await expect(
      assessDeclaration(deps, { ...input, declaration: { ...declaration, office: 'CHZRH' } }),
    ).rejects.toMatchObject({ code: 'RISK_DECLARATION_ALREADY_ASSESSED' });
  });
});

describe('assessing a verification', () => {
  const permitKey = 'KE/2026/KE-2026-U-1';
  const verification = {
    id: 'v1',
    verdict: 'ACCEPTED',
    reasonCodes: [],
    declaration,
    permit: { permitKey },
  } as unknown as Verification;
  const record = { permitKey, permit } as ReceivedPermit;

  function counting() {
    const reads: string[] = [];
    const deps: AssessVerificationDeps = {
      ...world(),
      received: {
        find: (key) => {
          reads.push(key);
          return Promise.resolve(record);
        },
      },
    };
    return { deps, reads };
  }

  test('when the verification hands over the received permit it read, then it is not read again', async () => {
    const { deps, reads } = counting();
    const { assessment } = await assessVerification(deps, {
      verification,
      actor: 'officer',
      received: record,
    });
    expect(reads).toEqual([]);
    expect(assessment.permitKey).toBe(permitKey);
  });

  test('when nothing or another permit is handed over, then the verified permit is read by its key', async () => {
    const { deps, reads } = counting();
    await assessVerification(deps, { verification, actor: 'officer' });
    const other = { ...record, permitKey: 'KE/2026/KE-2026-U-2' };
    await assessVerification(deps, { verification, actor: 'officer', received: other });
    expect(reads).toEqual([permitKey, permitKey]);
  });
});
