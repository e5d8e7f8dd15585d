/** Customs risk targeting: rule profiles (risk analysts), assessments and control results (customs), models. */
import { z } from 'zod';
import { assessmentRequestSchema } from '../../../flows/risk/assess-verification';
import { controlResultInputSchema } from '../../../domain/risk/control-result';
import {
  changedProfile,
  controlResultResponseSchema,
  modelQuery,
  newProfile,
  riskModelsResponseSchema,
} from '../../risk-routes';
import { named, pathParams, type ApiOperation } from '../operation';
import { instant, itemsOf } from '../views';

const Lane = z.enum(['GREEN', 'YELLOW', 'RED']);

const Reason = z.looseObject({
  source: z.string().describe('PROFILE, RANDOM, MODEL or VERIFICATION'),
  lane: Lane,
  selected: z.boolean(),
  profileId: z.string().optional(),
  ratePercent: z.number().optional(),
  score: z.number().optional(),
});

/** What a customs verification's answer carries of its assessment. */
export const AssessmentSummary = named(
  'RiskAssessmentSummary',
  z.looseObject({ id: z.string(), lane: Lane, decidedBy: z.string().nullable(), reasons: z.array(Reason) }),
);

const ControlResult = named('ControlResult', controlResultResponseSchema);

const Assessment = named(
  'RiskAssessment',
  AssessmentSummary.extend({
    declarationNumber: z.string(),
    verificationId: z.string().nullable(),
    permitKey: z.string().nullable(),
    model: z
      .looseObject({ version: z.number().int(), probability: z.number(), threshold: z.number() })
      .nullable(),
    assessedAt: instant,
    assessedBy: z.string(),
  }),
);

const Profile = named(
  'RiskProfile',
  z.looseObject({
    id: z.string(),
    version: z.number().int(),
    definition: z.looseObject({ name: z.string(), lane: Lane, selectionRate: z.number() }),
    statistics: z.looseObject({
      matches: z.number().int(),
      inspections: z.number().int(),
      findings: z.number().int(),
    }),
  }),
);

const ProfileVersion = z.looseObject({
  id: z.string(),
  version: z.number().int(),
  definition: z.looseObject({}),
});

const Model = named('RiskModel', riskModelsResponseSchema.shape.items.element);

const profileId = pathParams('id');
const RISK_READERS = ['risk', 'auditor'] as const;

export const RISK_OPERATIONS: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/risk/profiles',
    id: 'createRiskProfile',
    tag: 'risk',
    summary: 'Create a rule profile (version 1)',
    access: ['risk'],
    body: { schema: newProfile },
    answers: { 201: { description: 'Created', schema: Profile } },
  },
  {
    method: 'put',
    path: '/api/v1/risk/profiles/:id',
    id: 'changeRiskProfile',
    tag: 'risk',
    summary: 'Change a profile: a new version, based on the version the analyst saw',
    access: ['risk'],
    params: profileId,
    body: { schema: changedProfile },
    answers: { 200: { description: 'The new version', schema: Profile } },
    errors: ['RISK_PROFILE_NOT_FOUND', 'RISK_PROFILE_VERSION_CONFLICT'],
  },
  {
    method: 'get',
    path: '/api/v1/risk/profiles',
    id: 'listRiskProfiles',
    tag: 'risk',
    summary: 'Every profile with its hit statistics',
    access: RISK_READERS,
    answers: { 200: { description: 'The profiles', schema: itemsOf(Profile) } },
  },
  {
    method: 'get',
    path: '/api/v1/risk/profiles/:id',
    id: 'getRiskProfile',
    tag: 'risk',
    summary: 'One profile with its hit statistics',
    access: RISK_READERS,
    params: profileId,
    answers: { 200: { description: 'The profile', schema: Profile } },
    errors: ['RISK_PROFILE_NOT_FOUND'],
  },
  {
    method: 'get',
    path: '/api/v1/risk/profiles/:id/versions',
    id: 'listRiskProfileVersions',
    tag: 'risk',
    summary: "A profile's versions, oldest first",
    access: RISK_READERS,
    params: profileId,
    answers: { 200: { description: 'The versions', schema: itemsOf(ProfileVersion) } },
    errors: ['RISK_PROFILE_NOT_FOUND'],
  },
  {
    method: 'post',
    path: '/api/v1/risk/assessments',
    id: 'assessDeclaration',
    tag: 'risk',
    summary: 'Assess a declaration alone (without a permit verification): its lane and why',
    access: ['customs'],
    body: { schema: assessmentRequestSchema },
    answers: {
      201: { description: 'Assessed', schema: Assessment.extend({ replayed: z.boolean() }) },
      200: {
        description: 'Assessed before (same request)',
        schema: Assessment.extend({ replayed: z.boolean() }),
      },
    },
    errors: ['RISK_DECLARATION_ALREADY_ASSESSED'],
  },
  {
    method: 'get',
    path: '/api/v1/risk/assessments/:id',
    id: 'getRiskAssessment',
    tag: 'risk',
    summary: 'One assessment with its control result (null until recorded)',
    access: ['customs', 'risk', 'auditor'],
    params: pathParams('id'),
    answers: {
      200: {
        description: 'The assessment',
        schema: Assessment.extend({ controlResult: ControlResult.nullable() }),
      },
    },
    errors: ['RISK_ASSESSMENT_NOT_FOUND'],
  },
  {
    method: 'post',
    path: '/api/v1/risk/assessments/:id/control-result',
    id: 'recordControlResult',
    tag: 'risk',
    summary:
      'Record what an inspection found; it feeds profile statistics, the model and the illegal-trade report',
    access: ['customs'],
    params: pathParams('id'),
    body: { schema: controlResultInputSchema },
    answers: { 201: { description: 'Recorded', schema: ControlResult } },
    errors: ['RISK_ASSESSMENT_NOT_FOUND', 'RISK_CONTROL_RESULT_EXISTS'],
  },
  {
    method: 'get',
    path: '/api/v1/risk/models',
    id: 'listRiskModels',
    tag: 'risk',
    summary: 'Trained models, newest first, and whether each was promoted',
    access: RISK_READERS,
    query: modelQuery,
    answers: {
      200: {
        description: 'The models, and the training run in progress on this instance',
        schema: riskModelsResponseSchema,
      },
    },
  },
  {
    method: 'post',
    path: '/api/v1/risk/models/train',
    id: 'trainRiskModel',
    tag: 'risk',
    summary: 'Train a model on the control results now; promoted only when not worse on recent data',
    access: ['risk'],
    answers: { 201: { description: 'Trained', schema: Model } },
    errors: ['RISK_TRAINING_NOT_ENOUGH_RESULTS'],
  },
];
