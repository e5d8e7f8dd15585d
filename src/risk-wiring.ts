/**
 * Wiring of customs risk targeting (issue 15), called from the composition root (main.ts): its stores,
 * the model in force, the trainer, the routes, and the assessment made with each customs verification.
 */
import type { Connection } from 'mongoose';
import type { GatewayConfig } from './config/schema';
import type { AlertStore } from './domain/alerts/alert';
import type { AuditLog } from './domain/audit/audit-entry';
import type { Clock } from './domain/ports';
import { gradientBoostingLearner } from './domain/risk/model/gradient-boosting-learner';
import { cryptoRandom } from './domain/risk/random-selection';
import type { ReceivedPermit } from './domain/exchange/permit-records';
import type { ReceivedPermitLookup } from './domain/verification/ports';
import type { Verification } from './domain/verification/verification';
import type { TokenAuthenticator } from './flows/authenticate-token';
import { assessVerification, type AssessVerificationDeps } from './flows/risk/assess-verification';
import { CachedRiskProfiles } from './flows/risk/cached-risk-profiles';
import { CurrentModel } from './flows/risk/current-model';
import { RiskModelTrainer } from './flows/risk/risk-model-trainer';
import type { Logger } from './logging/logger';
import { MongoControlResultStore } from './storage/mongo-control-result-store';
import { MongoImporterHistoryStore } from './storage/mongo-importer-history-store';
import { MongoRiskAssessmentStore } from './storage/mongo-risk-assessment-store';
import { MongoRiskModelStore } from './storage/mongo-risk-model-store';
import { MongoRiskProfileStore } from './storage/mongo-risk-profile-store';
import type { ApiRoutes } from './transport/api-app';
import { riskRoutes, toVerificationAssessment } from './transport/risk-routes';
import { WorkerRiskModelComputer } from './workers/worker-risk-model-computer';

/**
 * How often an instance re-reads the rule profiles and looks for a newer model in the background: a change
 * made on another instance is in force here within this (plus one read); on this instance at once.
 */
export const RISK_REFRESH_MS = 2_000;

export { gradientBoostingLearner };

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
  assessVerification: (
    verification: Verification,
    actor: string,
    received?: ReceivedPermit | null,
  ) => Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

async function openRiskStores(deps: RiskWiringDeps) {
  const { mongo } = deps;
  const storedProfiles = new MongoRiskProfileStore(mongo);
  const assessments = new MongoRiskAssessmentStore(mongo);
  const controlResults = new MongoControlResultStore(mongo);
  const models = new MongoRiskModelStore(mongo);
  const history = new MongoImporterHistoryStore(mongo);
  await Promise.all([
    storedProfiles.init(),
    assessments.init(),
    controlResults.init(),
    models.init(),
    history.init(),
  ]);
  const profiles = new CachedRiskProfiles(storedProfiles, deps, { refreshMs: RISK_REFRESH_MS });
  return { profiles, assessments, controlResults, models, history };
}

type RiskStores = Awaited<ReturnType<typeof openRiskStores>>;

function startTrainer(
  deps: RiskWiringDeps,
  stores: RiskStores,
  currentModel: CurrentModel,
  computer: WorkerRiskModelComputer,
): RiskModelTrainer {
  const settings = deps.config.risk;
  const trainer = new RiskModelTrainer(
    {
      computer,
      controlResults: stores.controlResults,
      models: stores.models,
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
    history: stores.history,
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
      history: stores.history,
      audit: deps.audit,
      clock,
      logger: deps.logger,
      onRecorded: () => trainer.resultRecorded(),
    },
    statistics: { assessments, controlResults },
    models,
    trainer,
  });
}

export async function buildRisk(deps: RiskWiringDeps): Promise<RiskComponents> {
  const stores = await openRiskStores(deps);
  const currentModel = new CurrentModel(
    { models: stores.models, clock: deps.clock, logger: deps.logger },
    { refreshMs: RISK_REFRESH_MS },
  );
  stores.profiles.start();
  currentModel.start();
  // Training runs on a thread of its own with its own connection (see worker-risk-model-computer.ts).
  const computer = new WorkerRiskModelComputer({
    mongodbUri: deps.config.mongodbUri,
    settings: { ...deps.config.risk.model },
  });
  const trainer = startTrainer(deps, stores, currentModel, computer);
  const assess = assessDepsOf(deps, stores, currentModel);
  return {
    routes: [riskRoutesOf(deps, stores, assess, trainer)],
    assessVerification: async (verification, actor, received) =>
      toVerificationAssessment(
        (await assessVerification(assess, { verification, actor, received })).assessment,
      ),
    close: async () => {
      stores.profiles.close();
      currentModel.close();
      await computer.close();
      await trainer.close();
    },
  };
}
