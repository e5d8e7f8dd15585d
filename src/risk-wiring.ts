/**
 * Wiring of customs risk targeting (issue 15), called from the composition root (main.ts): its stores,
 * the model in force, the trainer, the routes, and the assessment made with each customs verification.
 */
import type { Connection } from 'mongoose';
import type { GatewayConfig } from './config/schema';
import type { AlertStore } from './domain/alerts/alert';
import type { AuditLog } from './domain/audit/audit-entry';
import type { Clock } from './domain/ports';
import {
  scoreFacts,
  thresholdForBudget,
  trainRiskModel,
  type RiskModel,
} from './domain/risk/model/risk-model';
import { cryptoRandom } from './domain/risk/random-selection';
import type { RiskLearner } from './domain/risk/risk-model-store';
import type { ReceivedPermitLookup } from './domain/verification/ports';
import type { Verification } from './domain/verification/verification';
import type { TokenAuthenticator } from './flows/authenticate-token';
import { assessVerification, type AssessVerificationDeps } from './flows/risk/assess-verification';
import { CurrentModel } from './flows/risk/current-model';
import { RiskModelTrainer } from './flows/risk/risk-model-trainer';
import type { Logger } from './logging/logger';
import { MongoControlResultStore } from './storage/mongo-control-result-store';
import { MongoRiskAssessmentStore } from './storage/mongo-risk-assessment-store';
import { MongoRiskModelStore } from './storage/mongo-risk-model-store';
import { MongoRiskProfileStore } from './storage/mongo-risk-profile-store';
import type { ApiRoutes } from './transport/api-app';
import { riskRoutes, toVerificationAssessment } from './transport/risk-routes';

/** How often an instance re-reads the model in force (another instance may have promoted one). */
const MODEL_REFRESH_MS = 10_000;

/** risk-model's pure gradient-boosting learner behind the service's learner port. */
export const gradientBoostingLearner: RiskLearner = {
  train: (facts, labels, options) => trainRiskModel(facts, labels, options),
  score: (model, facts) => scoreFacts(model as RiskModel, facts),
  thresholdForBudget,
};

export interface RiskWiringDeps {
  config: GatewayConfig;
  mongo: Connection;
  alerts: AlertStore;
  audit: AuditLog;
  received: Pick<ReceivedPermitLookup, 'find'>;
  authenticator: TokenAuthenticator;
  clock: Clock;
  logger: Logger;
}

export interface RiskComponents {
  routes: ApiRoutes[];
  assessVerification: (verification: Verification, actor: string) => Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

async function openRiskStores(mongo: Connection) {
  const profiles = new MongoRiskProfileStore(mongo);
  const assessments = new MongoRiskAssessmentStore(mongo);
  const controlResults = new MongoControlResultStore(mongo);
  const models = new MongoRiskModelStore(mongo);
  await Promise.all([profiles.init(), assessments.init(), controlResults.init(), models.init()]);
  return { profiles, assessments, controlResults, models };
}

type RiskStores = Awaited<ReturnType<typeof openRiskStores>>;

function startTrainer(
  deps: RiskWiringDeps,
  stores: RiskStores,
  currentModel: CurrentModel,
): RiskModelTrainer {
  const settings = deps.config.risk;
  const trainer = new RiskModelTrainer(
    {
      controlResults: stores.controlResults,
      assessments: stores.assessments,
      models: stores.models,
      learner: gradientBoostingLearner,
      audit: deps.audit,
      settings: { ...settings.model },
      clock: deps.clock,
      logger: deps.logger,
      onPromoted: (model) => currentModel.promoted(model),
    },
    settings.model,
  );
  trainer.start();
  return trainer;
}

function assessDepsOf(
  deps: RiskWiringDeps,
  stores: RiskStores,
  currentModel: CurrentModel,
): AssessVerificationDeps {
  const { config, clock, logger } = deps;
  const settings = config.risk;
  return {
    ownCountry: config.country,
    profiles: stores.profiles,
    assessments: stores.assessments,
    controlResults: stores.controlResults,
    currentModel,
    learner: gradientBoostingLearner,
    alerts: deps.alerts,
    random: cryptoRandom,
    rates: settings.random,
    budget: settings.model,
    received: deps.received,
    clock,
    logger,
  };
}

function riskRoutesOf(
  deps: RiskWiringDeps,
  stores: RiskStores,
  assess: AssessVerificationDeps,
  trainer: RiskModelTrainer,
): ApiRoutes {
  const { profiles, assessments, controlResults, models } = stores;
  const { clock } = deps;
  return riskRoutes({
    authenticator: deps.authenticator,
    assess,
    profiles: { profiles, audit: deps.audit, clock },
    controlResults: {
      assessments,
      controlResults,
      store: controlResults,
      audit: deps.audit,
      clock,
      onRecorded: () => trainer.resultRecorded(),
    },
    statistics: { assessments, controlResults },
    models,
    trainer,
  });
}

export async function buildRisk(deps: RiskWiringDeps): Promise<RiskComponents> {
  const stores = await openRiskStores(deps.mongo);
  const currentModel = new CurrentModel(
    { models: stores.models, clock: deps.clock },
    { refreshMs: MODEL_REFRESH_MS },
  );
  const trainer = startTrainer(deps, stores, currentModel);
  const assess = assessDepsOf(deps, stores, currentModel);
  return {
    routes: [riskRoutesOf(deps, stores, assess, trainer)],
    assessVerification: async (verification, actor) =>
      toVerificationAssessment((await assessVerification(assess, { verification, actor })).assessment),
    close: () => trainer.close(),
  };
}
