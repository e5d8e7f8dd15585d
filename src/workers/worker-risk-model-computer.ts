/**
 * Computes risk models on a training thread (risk-training-worker.ts), one thread per run: a training on
 * 50,000 results takes seconds of CPU, which on the API's event loop would hold up every request meanwhile.
 * The thread opens its own database connection; refusals come back as the same GatewayErrors.
 */
import type { Worker } from 'node:worker_threads';
import { GatewayError, type ErrorCode } from '../domain/errors';
import type { RiskModelComputation, RiskModelComputer, TrainingStage } from '../domain/risk/risk-model-store';
import type { ComputeRiskModelDeps } from '../flows/risk/compute-risk-model';
import { siblingModule, startThread } from './start-thread';

export interface TrainingThreadData {
  mongodbUri: string;
  settings: ComputeRiskModelDeps['settings'];
}

export type TrainingThreadMessage =
  | { type: 'stage'; stage: TrainingStage }
  | { type: 'done'; computation: RiskModelComputation }
  | { type: 'failed'; code: ErrorCode | null; message: string; details?: unknown };

export class WorkerRiskModelComputer implements RiskModelComputer {
  private readonly threads = new Set<Worker>();
  private readonly entry = siblingModule(__filename, 'risk-training-worker');

  constructor(private readonly data: TrainingThreadData) {}

  compute(onStage: (stage: TrainingStage) => void = () => undefined): Promise<RiskModelComputation> {
    return new Promise((resolve, reject) => {
      const thread = startThread(this.entry, this.data);
      this.threads.add(thread);
      let settled = false;
      const settle = (outcome: () => void) => {
        settled = true;
        outcome();
      };
      thread.on('message', (message: TrainingThreadMessage) => {
        if (message.type === 'stage') onStage(message.stage);
        else if (message.type === 'done') settle(() => resolve(message.computation));
        else settle(() => reject(toError(message)));
      });
      thread.on('error', (error) => settle(() => reject(error)));
      thread.on('exit', (code) => {
        this.threads.delete(thread);
        if (!settled)
          reject(new GatewayError('INTERNAL_ERROR', `the training thread ended (exit code ${code})`));
      });
    });
  }

  /** Stops any run in progress (its promise rejects). */
  async close(): Promise<void> {
    await Promise.all([...this.threads].map((thread) => thread.terminate()));
  }
}

function toError(message: Extract<TrainingThreadMessage, { type: 'failed' }>): GatewayError {
  return message.code
    ? new GatewayError(message.code, message.message, { details: message.details })
    : new GatewayError('INTERNAL_ERROR', `training failed: ${message.message}`);
}
