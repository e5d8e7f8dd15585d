/**
 * Issue 15 end to end: customs risk targeting on the real customs verification path. KE issues a permit to
 * CH over the real exchange (mutual TLS, signed envelopes and receipts, RabbitMQ, MongoDB-compatible
 * server); at CH a risk analyst creates a sensitive profile through the API; customs verifies the presented
 * permit with its declaration and the answer carries the assessment (lane, matched profile, reasons); the
 * sensitive hit raises an alert; customs records a seizure, which changes the profile's statistics and is
 * listed in the illegal-trade report.
 */
import type { Permit } from '../../src/domain/permit/permit';
import { samplePermit } from '../support/permits';
import { eventually, startTwoCountries, type TestCountry, type TwoCountries } from '../support/two-countries';
import { byKey } from '../support/verification-cases';

const bearer = (token: string) => `Bearer ${token}`;
const enc = encodeURIComponent;
const POLL = { intervalMs: 100, timeoutMs: 20_000 };

let world: TwoCountries;
let ke: TestCountry;
let ch: TestCountry;

beforeAll(async () => {
  // No random selection at CH: the lane below is the profile's doing.
  world = await startTwoCountries({ ch: { risk: { random: { yellowPercent: 0, redPercent: 0 } } } });
  ({ ke, ch } = world);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

/** KE's issuer sends `permit`; resolves once CH holds it as a VALID received permit. */
async function sendToCh(permit: Permit): Promise<string> {
  const sent = await ke
    .api()
    .post('/api/v1/permits')
    .set('Authorization', bearer(ke.tokens.issuer))
    .send(permit);
  expect(sent.status).toBe(202);
  const { permitKey } = sent.body as { permitKey: string };
  await eventually(
    async () => {
      const res = await ch
        .api()
        .get(`/api/v1/received-permits/${enc(permitKey)}`)
        .set('Authorization', bearer(ch.tokens.customs));
      return (res.body as { status?: string }).status === 'VALID' ? true : undefined;
    },
    { ...POLL, what: `${permitKey} VALID at CH` },
  );
  return permitKey;
}

async function profileStatistics(id: string): Promise<Record<string, unknown>> {
  const res = await ch.api().get(`/api/v1/risk/profiles/${id}`).set('Authorization', bearer(ch.tokens.risk));
  expect(res.status).toBe(200);
  return (res.body as { statistics: Record<string, unknown> }).statistics;
}

test('when customs verifies a permit KE sent and a sensitive profile matches, then the answer carries the RED lane with the profile, an alert is raised, and the seizure reaches the statistics and the illegal-trade report', async () => {
  const permit = samplePermit({ permitNumber: 'KE-2026-E2E-RISK-1' });
  const permitKey = await sendToCh(permit);

  const created = await ch
    .api()
    .post('/api/v1/risk/profiles')
    .set('Authorization', bearer(ch.tokens.risk))
    .send({
      name: 'pythons from KE by air',
      criteria: {
        all: [
          { field: 'family', op: 'eq', value: 'Pythonidae' },
          { field: 'exportCountry', op: 'eq', value: 'KE' },
          { field: 'transportMode', op: 'eq', value: 'AIR' },
        ],
      },
      lane: 'RED',
      sensitive: true,
      notify: ['cites-enforcement@admin.ch'],
    });
  expect(created.status).toBe(201);
  const profile = created.body as { id: string; version: number };
  expect(await profileStatistics(profile.id)).toEqual({
    matches: 0,
    selected: 0,
    inspections: 0,
    findings: 0,
    hitRate: null,
  });

  const verified = await ch
    .api()
    .post('/api/v1/verifications')
    .set('Authorization', bearer(ch.tokens.customs))
    .send(byKey(permit, 'CH-E2E-RISK-1', { transportMode: 'AIR', office: 'CHZRH' }));
  expect(verified.status).toBe(201);
  expect(verified.body).toMatchObject({ verdict: 'ACCEPTED', permit: { permitKey } });
  const assessment = verified.body.assessment as { id: string; reasons: unknown[] };
  expect(assessment).toMatchObject({ lane: 'RED', decidedBy: 'PROFILE' });
  expect(assessment.reasons).toContainEqual({
    source: 'PROFILE',
    lane: 'RED',
    selected: true,
    profileId: profile.id,
    profileName: 'pythons from KE by air',
    profileVersion: 1,
  });

  const alerts = await ch
    .api()
    .get('/api/v1/alerts?kind=risk-sensitive-profile')
    .set('Authorization', bearer(ch.tokens.admin));
  expect(alerts.body.items).toEqual([
    expect.objectContaining({
      severity: 'critical',
      details: expect.objectContaining({
        assessmentId: assessment.id,
        declaration: expect.objectContaining({ declarationNumber: 'CH-E2E-RISK-1' }),
        permit: expect.objectContaining({ permitKey }),
        profile: expect.objectContaining({ id: profile.id, notify: ['cites-enforcement@admin.ch'] }),
      }),
    }),
  ]);

  const recorded = await ch
    .api()
    .post(`/api/v1/risk/assessments/${assessment.id}/control-result`)
    .set('Authorization', bearer(ch.tokens.customs))
    .send({
      inspection: 'PHYSICAL',
      finding: 'SEIZURE',
      lines: [{ line: 1, scientificNameFound: 'Python regius', quantityFound: 150, quantitySeized: 150 }],
      notes: 'ball python skins declared as rock python',
    });
  expect(recorded.status).toBe(201);
  expect(recorded.body).toMatchObject({ detection: 'PROFILE', selfInitiated: false, permitKey });

  expect(await profileStatistics(profile.id)).toEqual({
    matches: 1,
    selected: 1,
    inspections: 1,
    findings: 1,
    hitRate: 1,
  });
  const report = await ch
    .api()
    .get('/api/v1/reports/illegal-trade?year=2026&format=json')
    .set('Authorization', bearer(ch.tokens.auditor));
  expect(report.status).toBe(200);
  const { tables } = JSON.parse(report.text) as { tables: { seizures: Array<Record<string, unknown>> } };
  expect(tables.seizures).toEqual([
    expect.objectContaining({
      species: 'Python regius',
      declaredSpecies: 'Python sebae',
      quantity: 150,
      detection: 'PROFILE',
      detectionMethod: 'Risk profile',
      export: 'KE',
      destination: 'CH',
      declaration: 'CH-E2E-RISK-1',
      permitKey,
    }),
  ]);
}, 120_000);
