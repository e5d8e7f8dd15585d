/**
 * Customs risk targeting API (issue 15):
 *  - POST /api/v1/risk/profiles (risk): a new rule profile; PUT /api/v1/risk/profiles/:id (risk): its next
 *    version, based on `basedOnVersion`; GET /api/v1/risk/profiles[/:id[/versions]] (risk, auditor), each
 *    profile with its hit statistics;
 *  - POST /api/v1/risk/assessments (customs): the lane of a declaration alone; GET
 *    /api/v1/risk/assessments/:id (customs, risk, auditor);
 *  - POST /api/v1/risk/assessments/:id/control-result (customs): what the inspection found;
 *  - GET /api/v1/risk/models (risk, auditor): the models, and the training run in progress on this instance
 *    (`training`: trigger, startedAt, stage reading|training, or null); POST /api/v1/risk/models/train
 *    (risk): train now.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { GatewayError } from '../domain/errors';
import {
  DETECTIONS,
  FINDINGS,
  controlResultInputSchema,
  type ControlResult,
} from '../domain/risk/control-result';
import { profileSchema } from '../domain/risk/profile';
import type { RiskAssessment } from '../domain/risk/risk-assessment';
import type { RiskModelStore } from '../domain/risk/risk-model-store';
import type { StoredRiskProfile } from '../domain/risk/risk-profile-store';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import {
  assessDeclarationRequest,
  assessmentRequestSchema,
  type AssessVerificationDeps,
} from '../flows/risk/assess-verification';
import {
  createRiskProfile,
  getRiskProfile,
  updateRiskProfile,
  type ManageRiskProfilesDeps,
} from '../flows/risk/manage-risk-profiles';
import { recordControlResult, type RecordControlResultDeps } from '../flows/risk/record-control-result';
import type { RiskModelTrainer } from '../flows/risk/risk-model-trainer';
import { riskProfileStatistics } from '../flows/risk/risk-profile-statistics';
import { actorOf, requireRole } from './auth';
import { parseBody } from './validate';

export interface RiskRoutesDeps {
  authenticator: TokenAuthenticator;
  assess: AssessVerificationDeps;
  profiles: ManageRiskProfilesDeps;
  controlResults: RecordControlResultDeps & { store: { find(id: string): Promise<ControlResult | null> } };
  statistics: Parameters<typeof riskProfileStatistics>[0];
  models: Pick<RiskModelStore, 'list'>;
  trainer: Pick<RiskModelTrainer, 'trainNow' | 'status'>;
}

export const newProfile = z.strictObject(profileSchema.shape);
export const changedProfile = z.strictObject({
  ...profileSchema.shape,
  basedOnVersion: z.number().int().min(1),
});
export const modelQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** `POST /api/v1/risk/assessments/:id/control-result` request body. */
export const controlResultRequestSchema = controlResultInputSchema;

/** `POST /api/v1/risk/assessments/:id/control-result` success body (201): the stored control result. */
export const controlResultResponseSchema = z.object({
  id: z.string(),
  assessmentId: z.string(),
  declarationNumber: z.string(),
  permitKey: z.string().nullable(),
  office: z.string().nullable(),
  arrivalDate: z.string(),
  exportCountry: z.string().nullable(),
  originCountry: z.string().nullable(),
  importCountry: z.string(),
  detection: z.enum(DETECTIONS),
  /** True for an inspection of a released (GREEN) declaration on customs' own initiative. */
  selfInitiated: z.boolean(),
  inspection: z.enum(['DOCUMENTARY', 'PHYSICAL']),
  finding: z.enum(FINDINGS),
  lines: z.array(
    z.object({
      line: z.number(),
      declaredScientificName: z.string(),
      scientificNameFound: z.string(),
      termCode: z.string(),
      quantityFound: z.number().nullable(),
      unit: z.string().nullable(),
      quantitySeized: z.number().nullable(),
    }),
  ),
  notes: z.string().nullable(),
  recordedAt: z.iso.datetime(),
  recordedBy: z.string(),
  profileIds: z.array(z.string()),
});

/** `GET /api/v1/risk/models` success body: models newest first (no bodies) and the run in progress. */
export const riskModelsResponseSchema = z.object({
  items: z.array(
    z.object({
      version: z.number().int(),
      promoted: z.boolean(),
      decision: z.string(),
      trainedAt: z.iso.datetime(),
      trainedOn: z.number().int(),
      positives: z.number().int(),
      evaluation: z.record(z.string(), z.unknown()),
      threshold: z.number(),
      trigger: z.string(),
    }),
  ),
  training: z
    .object({
      trigger: z.string(),
      startedAt: z.iso.datetime(),
      stage: z.enum(['reading', 'training']),
    })
    .nullable(),
});

/** The assessment as the API shows it (the request digest and importer key stay internal). */
export function toAssessmentBody(assessment: RiskAssessment, replayed?: boolean): Record<string, unknown> {
  const { requestDigest: _digest, importerKey: _importer, ...shown } = assessment;
  return { ...shown, ...(replayed === undefined ? {} : { replayed }) };
}

/** What a customs verification's answer carries of its assessment. */
export function toVerificationAssessment(assessment: RiskAssessment): Record<string, unknown> {
  return {
    id: assessment.id,
    lane: assessment.lane,
    decidedBy: assessment.decidedBy,
    reasons: assessment.reasons,
  };
}

type Guard = ReturnType<typeof requireRole>;
type WithStatistics = (profile: StoredRiskProfile) => Promise<StoredRiskProfile & { statistics: unknown }>;

function addProfileChangeRoutes(
  router: Router,
  deps: RiskRoutesDeps,
  risk: Guard,
  withStatistics: WithStatistics,
): void {
  router.post('/risk/profiles', risk, async (req, res) => {
    const definition = parseBody(newProfile, req.body);
    const profile = await createRiskProfile(deps.profiles, { definition, actor: actorOf(res).name });
    res
      .status(201)
      .location(`/api/v1/risk/profiles/${profile.id}`)
      .json(await withStatistics(profile));
  });
  router.put('/risk/profiles/:id', risk, async (req, res) => {
    const { basedOnVersion, ...definition } = parseBody(changedProfile, req.body);
    const profile = await updateRiskProfile(deps.profiles, {
      id: String(req.params.id),
      basedOnVersion,
      definition,
      actor: actorOf(res).name,
    });
    res.json(await withStatistics(profile));
  });
}

function addProfileReadingRoutes(
  router: Router,
  deps: RiskRoutesDeps,
  riskReaders: Guard,
  withStatistics: WithStatistics,
): void {
  router.get('/risk/profiles', riskReaders, async (_req, res) => {
    const profiles = await deps.profiles.profiles.list();
    res.json({ items: await Promise.all(profiles.map(withStatistics)) });
  });
  router.get('/risk/profiles/:id', riskReaders, async (req, res) => {
    res.json(await withStatistics(await getRiskProfile(deps.profiles, String(req.params.id))));
  });
  router.get('/risk/profiles/:id/versions', riskReaders, async (req, res) => {
    const profile = await getRiskProfile(deps.profiles, String(req.params.id));
    res.json({ items: await deps.profiles.profiles.versions(profile.id) });
  });
}

function addAssessmentRoutes(
  router: Router,
  deps: RiskRoutesDeps,
  customs: Guard,
  assessmentReaders: Guard,
): void {
  router.post('/risk/assessments', customs, async (req, res) => {
    const request = parseBody(assessmentRequestSchema, req.body);
    const { assessment, replayed } = await assessDeclarationRequest(deps.assess, {
      request,
      actor: actorOf(res).name,
    });
    res
      .status(replayed ? 200 : 201)
      .location(`/api/v1/risk/assessments/${assessment.id}`)
      .json(toAssessmentBody(assessment, replayed));
  });
  router.get('/risk/assessments/:id', assessmentReaders, async (req, res) => {
    const id = String(req.params.id);
    const assessment = await deps.assess.assessments.find(id);
    if (!assessment) throw new GatewayError('RISK_ASSESSMENT_NOT_FOUND', `no risk assessment ${id}`);
    const controlResult = await deps.controlResults.store.find(id);
    res.json({
      ...toAssessmentBody(assessment),
      controlResult: controlResult ? toControlResultBody(controlResult) : null,
    });
  });
  router.post('/risk/assessments/:id/control-result', customs, async (req, res) => {
    const result = parseBody(controlResultRequestSchema, req.body);
    const recorded = await recordControlResult(deps.controlResults, {
      assessmentId: String(req.params.id),
      result,
      actor: actorOf(res).name,
    });
    res.status(201).json(toControlResultBody(recorded));
  });
}

function addModelRoutes(router: Router, deps: RiskRoutesDeps, risk: Guard, riskReaders: Guard): void {
  router.get('/risk/models', riskReaders, async (req, res) => {
    const { limit } = parseBody(modelQuery, { ...req.query });
    res.json({ items: await deps.models.list(limit), training: deps.trainer.status() });
  });
  router.post('/risk/models/train', risk, async (_req, res) => {
    const { model: _body, ...trained } = await deps.trainer.trainNow(actorOf(res).name);
    res.status(201).json(trained);
  });
}

export function riskRoutes(deps: RiskRoutesDeps) {
  const risk = requireRole(deps.authenticator, 'risk');
  const riskReaders = requireRole(deps.authenticator, 'risk', 'auditor');
  const customs = requireRole(deps.authenticator, 'customs');
  const assessmentReaders = requireRole(deps.authenticator, 'customs', 'risk', 'auditor');
  const withStatistics = async (profile: StoredRiskProfile) => ({
    ...profile,
    statistics: await riskProfileStatistics(deps.statistics, profile.id),
  });
  return (router: Router): void => {
    addProfileChangeRoutes(router, deps, risk, withStatistics);
    addProfileReadingRoutes(router, deps, riskReaders, withStatistics);
    addAssessmentRoutes(router, deps, customs, assessmentReaders);
    addModelRoutes(router, deps, risk, riskReaders);
  };
}

function toControlResultBody(result: ControlResult): Record<string, unknown> {
  const { facts: _facts, importerKey: _importer, ...shown } = result;
  return shown;
}
