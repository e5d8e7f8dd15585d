/**
 * Customs risk targeting (issue 15) through the CH gateway's API against the real MongoDB-compatible
 * server and RabbitMQ: rule profiles (role risk), the lane with each customs verification, a REJECTED
 * verification always RED, random selection, control results and profile statistics, sensitive-profile
 * alerts, and a model trained on control results created through the API (and a worse one kept out).
 */
import type { Permit } from '../../src/domain/permit/permit';
import type { VerificationRequestInput } from '../../src/domain/verification/declaration';
import { controlResultResponseSchema } from '../../src/transport/risk-routes';
import { samplePermit } from '../support/permits';
import { onboardIssuingPartner, storeReceivedPermit } from '../support/received-permits';
import { dropDatabaseOf } from '../support/services';
import { eventually, startCountry, type TestCountry } from '../support/two-countries';
import { byKey, permitKeyFor } from '../support/verification-cases';

let ch: TestCountry;
const RANDOM_OFFICE = 'CH-RANDOM';

beforeAll(async () => {
  ch = await startCountry('CH', {
    risk: {
      random: { yellowPercent: 0, redPercent: 0, offices: { [RANDOM_OFFICE]: { redPercent: 100 } } },
      model: {
        minResults: 40,
        retrainAfterResults: 1000,
        recentShare: 0.2,
        budgetPercent: 10,
        explorationPercent: 0,
      },
    },
  });
  await onboardIssuingPartner(ch.gateway, ch.tokens.admin, 'KE');
}, 60_000);

afterAll(async () => {
  await ch.gateway.close();
  await dropDatabaseOf(ch.gateway.config.mongodbUri);
});

const auth = (token: string) => `Bearer ${token}`;

interface Reason {
  source: string;
  lane: string;
  selected: boolean;
  profileId?: string;
  ratePercent?: number;
  score?: number;
}
interface AssessmentBody {
  id: string;
  lane: string;
  decidedBy: string | null;
  reasons: Reason[];
  model: { version: number; probability: number } | null;
}

function createProfile(body: Record<string, unknown>, token = ch.tokens.risk) {
  return ch.api().post('/api/v1/risk/profiles').set('Authorization', auth(token)).send(body);
}

function verify(body: VerificationRequestInput) {
  return ch.api().post('/api/v1/verifications').set('Authorization', auth(ch.tokens.customs)).send(body);
}

function assess(body: Record<string, unknown>) {
  return ch.api().post('/api/v1/risk/assessments').set('Authorization', auth(ch.tokens.customs)).send(body);
}

function controlResult(assessmentId: string, body: Record<string, unknown>, token = ch.tokens.customs) {
  return ch
    .api()
    .post(`/api/v1/risk/assessments/${assessmentId}/control-result`)
    .set('Authorization', auth(token))
    .send(body);
}

let serial = 0;
async function receivedSample(label: string): Promise<Permit> {
  const permit = samplePermit({ permitNumber: `KE-2026-RISK-${label}-${++serial}` });
  await storeReceivedPermit(ch.gateway, permit);
  return permit;
}

/** A profile selecting declarations whose attribute `case` is `value`. */
function caseProfile(value: string, extra: Record<string, unknown> = {}) {
  return {
    name: `case ${value}`,
    criteria: {
      all: [
        { field: 'attr.case', op: 'eq', value },
        { field: 'appendix', op: 'eq', value: 'II' },
      ],
    },
    lane: 'RED',
    ...extra,
  };
}

describe('rule profiles', () => {
  test('when a risk analyst creates a profile, then it is stored as version 1 and audited; customs and issuers are refused', async () => {
    const created = await createProfile(caseProfile('created'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: 1,
      definition: { name: 'case created', selectionRate: 100 },
    });
    for (const role of ['customs', 'issuer'] as const) {
      const refused = await createProfile(caseProfile('refused'), ch.tokens[role]);
      expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    const changed = await ch
      .api()
      .put(`/api/v1/risk/profiles/${created.body.id}`)
      .set('Authorization', auth(ch.tokens.risk))
      .send({ ...caseProfile('created'), active: false, basedOnVersion: 1 });
    expect(changed.body).toMatchObject({ version: 2, definition: { active: false } });
    const stale = await ch
      .api()
      .put(`/api/v1/risk/profiles/${created.body.id}`)
      .set('Authorization', auth(ch.tokens.risk))
      .send({ ...caseProfile('created'), basedOnVersion: 1 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'RISK_PROFILE_VERSION_CONFLICT']);
    const versions = await ch
      .api()
      .get(`/api/v1/risk/profiles/${created.body.id}/versions`)
      .set('Authorization', auth(ch.tokens.auditor));
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const audit = await ch.api().get('/api/v1/audit?limit=500').set('Authorization', auth(ch.tokens.auditor));
    const actions = (audit.body.items as Array<{ action: string; target: string }>)
      .filter((e) => e.target === `risk-profile:${created.body.id}`)
      .map((e) => e.action);
    expect(actions).toEqual(['risk-profile.created', 'risk-profile.updated']);
  });

  test('when a profile is invalid, then 400 VALIDATION_FAILED and nothing is stored', async () => {
    const before = await ch.api().get('/api/v1/risk/profiles').set('Authorization', auth(ch.tokens.risk));
    const bad = await createProfile({
      name: 'bad',
      criteria: { field: 'x', op: 'like', value: 1 },
      lane: 'BLUE',
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const after = await ch.api().get('/api/v1/risk/profiles').set('Authorization', auth(ch.tokens.risk));
    expect(after.body.items).toHaveLength(before.body.items.length);
  });
});

describe('the lane with each customs verification', () => {
  test('when a verification matches a profile, then its answer carries the RED lane with that profile, and a control result feeds its statistics', async () => {
    const profile = (await createProfile(caseProfile('hit'))).body as { id: string };
    const permit = await receivedSample('HIT');
    const res = await verify(byKey(permit, 'CH-RISK-HIT', { attributes: { case: 'hit' }, office: 'CHZRH' }));
    expect(res.status).toBe(201);
    expect(res.body.verdict).toBe('ACCEPTED');
    const assessment = res.body.assessment as AssessmentBody;
    expect(assessment).toMatchObject({ lane: 'RED', decidedBy: 'PROFILE' });
    expect(assessment.reasons).toContainEqual(
      expect.objectContaining({ source: 'PROFILE', profileId: profile.id, selected: true, lane: 'RED' }),
    );

    const replay = await verify(
      byKey(permit, 'CH-RISK-HIT', { attributes: { case: 'hit' }, office: 'CHZRH' }),
    );
    expect([replay.status, replay.body.assessment.id]).toEqual([200, assessment.id]);

    const body = {
      inspection: 'PHYSICAL',
      finding: 'SEIZURE',
      lines: [{ line: 1, scientificNameFound: 'Python regius', quantityFound: 150, quantitySeized: 150 }],
      notes: 'ball python skins declared as rock python',
    };
    expect((await controlResult(assessment.id, body, ch.tokens.risk)).status).toBe(403);
    const recorded = await controlResult(assessment.id, body);
    expect(recorded.status).toBe(201);
    const again = await controlResult(assessment.id, body);
    expect([again.status, again.body.error.code]).toEqual([409, 'RISK_CONTROL_RESULT_EXISTS']);

    const stored = await ch.gateway.mongo
      .collection('control_results')
      .findOne({ assessmentId: assessment.id });
    expect(stored).toMatchObject({
      _id: assessment.id,
      declarationNumber: 'CH-RISK-HIT',
      permitKey: permitKeyFor(permit),
      office: 'CHZRH',
      arrivalDate: '2026-04-15',
      exportCountry: 'KE',
      originCountry: 'KE',
      importCountry: 'CH',
      detection: 'PROFILE',
      inspection: 'PHYSICAL',
      finding: 'SEIZURE',
      lines: [
        {
          line: 1,
          declaredScientificName: 'Python sebae',
          scientificNameFound: 'Python regius',
          termCode: 'SKI',
          quantityFound: 150,
          unit: 'PCS',
          quantitySeized: 150,
        },
      ],
      notes: 'ball python skins declared as rock python',
      recordedBy: 'test customs',
    });
    expect(stored?.recordedAt).toBeInstanceOf(Date);

    const shown = await ch
      .api()
      .get(`/api/v1/risk/profiles/${profile.id}`)
      .set('Authorization', auth(ch.tokens.risk));
    expect(shown.body.statistics).toEqual({
      matches: 1,
      selected: 1,
      inspections: 1,
      findings: 1,
      hitRate: 1,
    });
  });

  test('when a verification is REJECTED, then the lane is RED because of the verification', async () => {
    const res = await verify(byKey(samplePermit({ permitNumber: 'KE-2026-RISK-NEVER-SENT' }), 'CH-RISK-REJ'));
    expect(res.body.verdict).toBe('REJECTED');
    expect(res.body.assessment).toMatchObject({ lane: 'RED', decidedBy: 'VERIFICATION' });
    expect(res.body.assessment.reasons[0]).toMatchObject({
      source: 'VERIFICATION',
      lane: 'RED',
      selected: true,
    });
  });

  test('when customs inspects a GREEN declaration on its own initiative, then the result is self-initiated, counts for the profile and is in the illegal-trade report', async () => {
    // The profile matches but selects none of its matches (rate 0): the declaration is released.
    const profile = (await createProfile(caseProfile('unselected', { selectionRate: 0 }))).body as {
      id: string;
    };
    const permit = await receivedSample('GREEN');
    const res = await verify(
      byKey(permit, 'CH-RISK-GREEN', { office: 'CHBSL', attributes: { case: 'unselected' } }),
    );
    expect(res.body.assessment).toMatchObject({ lane: 'GREEN', decidedBy: null });
    expect(res.body.assessment.reasons).toContainEqual(
      expect.objectContaining({ source: 'PROFILE', profileId: profile.id, selected: false }),
    );
    const recorded = await controlResult(res.body.assessment.id, {
      inspection: 'PHYSICAL',
      finding: 'SEIZURE',
      lines: [{ line: 1, scientificNameFound: 'Python sebae', quantityFound: 12, quantitySeized: 12 }],
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ detection: 'SELF_INITIATED', selfInitiated: true });
    expect(() => controlResultResponseSchema.parse(recorded.body)).not.toThrow();

    const shown = await ch
      .api()
      .get(`/api/v1/risk/profiles/${profile.id}`)
      .set('Authorization', auth(ch.tokens.risk));
    expect(shown.body.statistics).toEqual({
      matches: 1,
      selected: 0,
      inspections: 1,
      findings: 1,
      hitRate: 1,
    });
    const report = await ch
      .api()
      .get('/api/v1/reports/illegal-trade?year=2026&format=json')
      .set('Authorization', auth(ch.tokens.auditor));
    expect(report.status).toBe(200);
    const seizures = (JSON.parse(report.text) as { tables: { seizures: Array<Record<string, unknown>> } })
      .tables.seizures;
    expect(seizures).toContainEqual(
      expect.objectContaining({
        declaration: 'CH-RISK-GREEN',
        detection: 'SELF_INITIATED',
        detectionMethod: "Customs officer's own initiative",
        quantity: 12,
      }),
    );
  });

  test('when an office has a 100 % random rate, then the declaration is selected at random and recorded as such', async () => {
    const permit = await receivedSample('RANDOM');
    const res = await verify(byKey(permit, 'CH-RISK-RANDOM', { office: RANDOM_OFFICE }));
    expect(res.body.assessment).toMatchObject({ lane: 'RED', decidedBy: 'RANDOM' });
    const stored = await ch
      .api()
      .get(`/api/v1/risk/assessments/${res.body.assessment.id}`)
      .set('Authorization', auth(ch.tokens.auditor));
    expect(stored.body.reasons).toContainEqual({
      source: 'RANDOM',
      lane: 'RED',
      selected: true,
      ratePercent: 100,
    });
    expect(stored.body.verificationId).toBe(res.body.id);
  });

  test('when a sensitive profile matches, then a critical alert names the declaration, the permit and the profile', async () => {
    const profile = (
      await createProfile(
        caseProfile('sensitive', { sensitive: true, notify: ['cites-enforcement@admin.ch'] }),
      )
    ).body as { id: string };
    const permit = await receivedSample('SENSITIVE');
    const res = await verify(byKey(permit, 'CH-RISK-SENSITIVE', { attributes: { case: 'sensitive' } }));
    expect(res.body.assessment.lane).toBe('RED');
    const alerts = await ch
      .api()
      .get('/api/v1/alerts?kind=risk-sensitive-profile')
      .set('Authorization', auth(ch.tokens.admin));
    expect(alerts.body.items).toHaveLength(1);
    expect(alerts.body.items[0]).toMatchObject({
      severity: 'critical',
      details: {
        assessmentId: res.body.assessment.id,
        declaration: { declarationNumber: 'CH-RISK-SENSITIVE' },
        permit: { permitKey: permitKeyFor(permit) },
        profile: { id: profile.id, name: 'case sensitive', notify: ['cites-enforcement@admin.ch'] },
      },
    });
  });
});

describe('the learning model', () => {
  let n = 0;
  /** Assesses a declaration alone (selected by the training profile), and records its control result. */
  async function inspected(signal: 'A' | 'B', finding: boolean): Promise<void> {
    const res = await assess({
      declaration: {
        declarationNumber: `CH-RISK-TRAIN-${++n}`,
        importer: { name: 'Zoo Import AG', country: 'CH' },
        arrivalDate: '2026-05-01',
        lines: [{ scientificName: 'Python sebae', termCode: 'SKI', quantity: 10 }],
        attributes: { batch: 'train', signal },
      },
    });
    expect(res.status).toBe(201);
    const body = { inspection: 'PHYSICAL', finding: finding ? 'SEIZURE' : 'NONE' };
    expect((await controlResult(res.body.id, body)).status).toBe(201);
  }

  /** `pairs` results of each signal, five requests at a time; A has a finding when `aFinds`, B otherwise. */
  async function batch(pairs: number, aFinds: boolean): Promise<void> {
    for (let i = 0; i < pairs; i += 5) {
      const group = Array.from({ length: Math.min(5, pairs - i) }, () => [
        inspected('A', aFinds),
        inspected('B', !aFinds),
      ]);
      await Promise.all(group.flat());
    }
  }

  async function models(): Promise<Array<{ version: number; promoted: boolean; trigger: string }>> {
    const res = await ch.api().get('/api/v1/risk/models').set('Authorization', auth(ch.tokens.risk));
    return res.body.items as Array<{ version: number; promoted: boolean; trigger: string }>;
  }

  async function scoreOf(signal: 'A' | 'B'): Promise<AssessmentBody> {
    const res = await assess({
      declaration: {
        declarationNumber: `CH-RISK-SCORE-${++n}`,
        importer: { name: 'Zoo Import AG', country: 'CH' },
        arrivalDate: '2026-05-02',
        lines: [{ scientificName: 'Python sebae', termCode: 'SKI', quantity: 10 }],
        attributes: { batch: 'score', signal },
      },
    });
    return res.body as AssessmentBody;
  }

  test('when N control results exist, then a model is trained, promoted and used for scoring; a worse one is kept out', async () => {
    expect(
      (
        await createProfile({
          name: 'training',
          criteria: { field: 'attr.batch', op: 'eq', value: 'train' },
          lane: 'YELLOW',
        })
      ).status,
    ).toBe(201);
    expect((await scoreOf('A')).model).toBeNull();
    // 40 results (minResults): signal A always has a finding, B never.
    await batch(20, true);
    const first = await eventually(async () => (await models()).find((m) => m.version === 1), {
      what: 'the first model',
      describe: models,
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    // With the control results of the profile and self-initiated tests above there are 42; training starts
    // once 40 (minResults) are stored, which may be before the batch's last ones land.
    expect(first).toMatchObject({ promoted: true });
    expect(first.trigger).toMatch(/^after 4[0-2] control results$/);
    const a = await scoreOf('A');
    const b = await scoreOf('B');
    expect(a.model?.version).toBe(1);
    expect(a.model!.probability).toBeGreaterThan(b.model!.probability);
    expect(a.reasons).toContainEqual(
      expect.objectContaining({ source: 'MODEL', score: a.model!.probability }),
    );

    // 40 results with the pattern reversed, then 20 with the original one: the newest 20 % (20) are the
    // original pattern, which a model trained on the older results ranks worse than version 1 does.
    await batch(20, false);
    await batch(10, true);
    const trained = await ch
      .api()
      .post('/api/v1/risk/models/train')
      .set('Authorization', auth(ch.tokens.risk));
    expect(trained.status).toBe(201);
    expect(trained.body).toMatchObject({ version: 2, promoted: false, trainedOn: 102 });
    expect((await scoreOf('A')).model?.version).toBe(1);
  }, 300_000);
});
