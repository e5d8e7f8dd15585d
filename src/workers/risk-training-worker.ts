/**
 * The training thread (see worker-risk-model-computer.ts): computes one risk model with stores of its own on
 * its own database connection, so neither reading tens of thousands of control results nor training on
 * them runs on the API's event loop. Posts its stages, then the computation or the failure, and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isGatewayError } from '../domain/errors';
import { gradientBoostingLearner } from '../domain/risk/model/gradient-boosting-learner';
import { computeRiskModel, type ComputeRiskModelDeps } from '../flows/risk/compute-risk-model';
import { connectMongo } from '../storage/mongo-connection';
import { MongoControlResultStore } from '../storage/mongo-control-result-store';
import { MongoRiskAssessmentStore } from '../storage/mongo-risk-assessment-store';
import { MongoRiskModelStore } from '../storage/mongo-risk-model-store';
import type { TrainingThreadData, TrainingThreadMessage } from './worker-risk-model-computer';

async function run(data: TrainingThreadData): Promise<TrainingThreadMessage> {
  const connection = await connectMongo(data.mongodbUri, { watchdog: false });
  try {
    const deps: ComputeRiskModelDeps = {
      controlResults: new MongoControlResultStore(connection),
      assessments: new MongoRiskAssessmentStore(connection),
      models: new MongoRiskModelStore(connection),
      learner: gradientBoostingLearner,
      settings: data.settings,
    };
    const computation = await computeRiskModel(deps, (stage) =>
      parentPort?.postMessage({ type: 'stage', stage } satisfies TrainingThreadMessage),
    );
    return { type: 'done', computation };
  } finally {
    await connection.close();
  }
}

function failure(error: unknown): TrainingThreadMessage {
  if (isGatewayError(error)) {
    return { type: 'failed', code: error.code, message: error.message, details: error.details };
  }
  return { type: 'failed', code: null, message: error instanceof Error ? error.message : String(error) };
}

void run(workerData as TrainingThreadData).then(
  (message) => parentPort?.postMessage(message),
  (error: unknown) => parentPort?.postMessage(failure(error)),
);
