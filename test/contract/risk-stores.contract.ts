/** What every risk store must do; run against the in-memory twins here and MongoDB in integration. */
import type { ImporterHistoryStore } from '../../src/domain/risk/importer-history';
import type { ControlResult, ControlResultStore } from '../../src/domain/risk/control-result';
import type { RiskAssessment, RiskAssessmentStore } from '../../src/domain/risk/risk-assessment';
import type { RiskModelStore, StoredRiskModel } from '../../src/domain/risk/risk-model-store';
import type { RiskProfileStore, StoredRiskProfile } from '../../src/domain/risk/risk-profile-store';

export interface RiskStores {
  profiles: RiskProfileStore;
  assessments: RiskAssessmentStore;
  controlResults: ControlResultStore;
  models: RiskModelStore;
  history: ImporterHistoryStore;
  /** A second view of the same history (another gateway instance, with memories of its own). */
  historyElsewhere: ImporterHistoryStore;
  cleanup: () => Promise<void>;
}

const at = (second: number) => new Date(Date.UTC(2026, 4, 1, 0, 0, second));

function profile(id: string, version: number, name = `profile ${id}`): StoredRiskProfile {
  return {
    id,
    version,
    definition: {
      name,
      criteria: { all: [{ field: 'attr.case', op: 'in', value: ['x', 'y'] }] },
      lane: 'RED',
      selectionRate: 50,
      sensitive: false,
      notify: [],
      active: true,
    },
    changedAt: at(version),
    changedBy: 'analyst',
  };
}

function assessment(
  id: string,
  importerKey: string,
  second: number,
  hits: Array<[string, boolean]> = [],
): RiskAssessment {
  return {
    id,
    declarationNumber: `D-${id}`,
    verificationId: null,
    permitKey: 'KE/2026/X',
    lane: 'RED',
    decidedBy: 'PROFILE',
    reasons: [{ source: 'PROFILE', lane: 'RED', selected: true, profileId: 'p1' }],
    profileHits: hits.map(([profileId, selected]) => ({
      profileId,
      version: 1,
      name: profileId,
      lane: 'RED',
      selected,
      sensitive: false,
    })),
    model: null,
    facts: [{ 'attr.case': 'x', quantity: 3, hsCode: null }],
    importerKey,
    office: 'CHZRH',
    arrivalDate: '2026-05-01',
    importCountry: 'CH',
    exportCountry: 'KE',
    originCountry: 'KE',
    requestDigest: 'digest',
    assessedAt: at(second),
    assessedBy: 'officer',
  };
}

function result(
  assessmentId: string,
  finding: ControlResult['finding'],
  second: number,
  profileIds: string[],
): ControlResult {
  return {
    id: assessmentId,
    assessmentId,
    declarationNumber: `D-${assessmentId}`,
    permitKey: null,
    office: null,
    arrivalDate: '2026-05-01',
    exportCountry: 'KE',
    originCountry: null,
    importCountry: 'CH',
    detection: 'PROFILE',
    selfInitiated: false,
    inspection: 'PHYSICAL',
    finding,
    lines: [],
    notes: null,
    recordedAt: at(second),
    recordedBy: 'officer',
    importerKey: 'CH|zoo',
    profileIds,
    facts: [{ 'attr.case': 'x' }],
  };
}

function model(promoted: boolean): Omit<StoredRiskModel, 'version'> {
  return {
    model: { trees: [[{ value: 1, leaf: true }]] },
    promoted,
    decision: 'test',
    trainedAt: at(1),
    trainedOn: 10,
    positives: 3,
    evaluation: {
      recentResults: 2,
      budgetPercent: 5,
      candidateAveragePrecision: 1,
      currentAveragePrecision: null,
      candidatePrecision: 1,
      currentPrecision: null,
      currentVersion: null,
    },
    threshold: 0.5,
    trigger: 'test',
  };
}

export function riskStoresContract(name: string, create: () => Promise<RiskStores>): void {
  describe(`risk stores contract: ${name}`, () => {
    let stores: RiskStores;
    beforeEach(async () => {
      stores = await create();
    });
    afterEach(async () => {
      await stores.cleanup();
    });

    test('when profile versions are saved, then the newest is current, every version is kept, and a taken version is a conflict', async () => {
      expect(await stores.profiles.saveVersion(profile('p1', 1))).toBe('saved');
      expect(await stores.profiles.saveVersion(profile('p1', 2, 'renamed'))).toBe('saved');
      expect(await stores.profiles.saveVersion(profile('p1', 2, 'late'))).toBe('conflict');
      expect(await stores.profiles.saveVersion(profile('p2', 1))).toBe('saved');
      expect(await stores.profiles.find('p1')).toEqual(profile('p1', 2, 'renamed'));
      expect((await stores.profiles.versions('p1')).map((p) => p.definition.name)).toEqual([
        'profile p1',
        'renamed',
      ]);
      expect((await stores.profiles.list()).map((p) => [p.id, p.version])).toEqual([
        ['p1', 2],
        ['p2', 1],
      ]);
      expect(await stores.profiles.find('nope')).toBeNull();
    });

    test('when an assessment is inserted twice, then it is stored once with its facts, and counts come from the stored ones', async () => {
      const first = assessment('a1', 'CH|zoo', 1, [['p1', true]]);
      expect(await stores.assessments.insert(first)).toBe('inserted');
      expect(await stores.assessments.insert({ ...first, lane: 'GREEN' })).toBe('duplicate');
      await stores.assessments.insert(assessment('a2', 'CH|zoo', 3, [['p1', false]]));
      await stores.assessments.insert(assessment('a3', 'CH|other', 2));
      expect(await stores.assessments.find('a1')).toEqual(first);
      expect(await stores.assessments.profileCounts('p1')).toEqual({ matches: 2, selected: 1 });
      expect((await stores.assessments.recent(2)).map((a) => a.id)).toEqual(['a2', 'a3']);
    });

    test('when a control result is inserted twice for one assessment, then it is stored once; counts and order hold', async () => {
      const first = result('a1', 'SEIZURE', 2, ['p1']);
      expect(await stores.controlResults.insert(first)).toBe('inserted');
      expect(await stores.controlResults.insert(result('a1', 'NONE', 3, []))).toBe('duplicate');
      await stores.controlResults.insert(result('a2', 'NONE', 1, ['p1']));
      expect(await stores.controlResults.find('a1')).toEqual(first);
      expect(await stores.controlResults.count()).toBe(2);
      expect(await stores.controlResults.profileCounts('p1')).toEqual({ inspections: 2, findings: 1 });
      expect((await stores.controlResults.all()).map((r) => r.assessmentId)).toEqual(['a2', 'a1']);
    });

    test('when models are inserted, then versions count up, the newest promoted is current, and a run is claimed once', async () => {
      expect(await stores.models.current()).toBeNull();
      expect((await stores.models.insert(model(true))).version).toBe(1);
      expect((await stores.models.insert(model(false))).version).toBe(2);
      expect(await stores.models.current()).toEqual({ ...model(true), version: 1 });
      expect(await stores.models.find(2)).toEqual({ ...model(false), version: 2 });
      expect(await stores.models.find(3)).toBeNull();
      expect((await stores.models.list(10)).map((m) => [m.version, m.promoted])).toEqual([
        [2, false],
        [1, true],
      ]);
      expect(await stores.models.claimRun('results-0', at(1))).toBe(true);
      expect(await stores.models.claimRun('results-0', at(2))).toBe(false);
    });

    test('when history events are added, 20 of them at once for one importer, then each counts once and every view reads the totals', async () => {
      const { history, historyElsewhere } = stores;
      expect(await history.read('CH|zoo')).toEqual({ shipments: 0, findings: 0 });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => history.add('CH|zoo', { shipments: 1, event: `a${i}` })),
      );
      await history.add('CH|zoo', { findings: 1, event: 'r1' });
      await historyElsewhere.add('CH|zoo', { shipments: 1, findings: 1, event: 'a20' });
      await history.add('CH|other', { shipments: 1, event: 'a21' });
      expect(await history.read('CH|zoo')).toEqual({ shipments: 21, findings: 2 });
      expect(await historyElsewhere.read('CH|zoo')).toEqual({ shipments: 21, findings: 2 });
      expect(await historyElsewhere.read('CH|other')).toEqual({ shipments: 1, findings: 0 });
    });
  });
}
