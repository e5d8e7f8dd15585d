/**
 * When models are trained: after every `retrainAfterResults` new control results (the first time as soon as
 * `minResults` exist) and on a schedule. Each run is claimed by name with a unique insert, so one instance
 * trains it however many noticed; runs on this instance are serialised.
 */
import { isGatewayError } from '../../domain/errors';
import type { Clock } from '../../domain/ports';
import type { ControlResultStore } from '../../domain/risk/control-result';
import type { RiskModelStore, StoredRiskModel, TrainingStage } from '../../domain/risk/risk-model-store';
import type { Logger } from '../../logging/logger';
import { trainRiskModel, type TrainRiskModelDeps } from './train-risk-model';

export interface RiskModelTrainerDeps extends TrainRiskModelDeps {
  controlResults: Pick<ControlResultStore, 'count'>;
  models: Pick<RiskModelStore, 'insert' | 'claimRun'>;
  settings: { minResults: number };
  logger: Logger;
  clock: Clock;
}

/** The training run in progress on this instance. */
export interface TrainingRun {
  trigger: string;
  startedAt: Date;
  stage: TrainingStage;
}

export class RiskModelTrainer {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private running: TrainingRun | null = null;

  constructor(
    private readonly deps: RiskModelTrainerDeps,
    private readonly options: { retrainAfterResults: number; retrainIntervalMs: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => this.onSchedule(), this.options.retrainIntervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.queue.catch(() => undefined);
  }

  /** The run in progress on this instance, or null. */
  status(): TrainingRun | null {
    return this.running && { ...this.running };
  }

  /** Trains now (an analyst asked): the outcome or the refusal is the caller's. */
  trainNow(actor: string): Promise<StoredRiskModel> {
    return this.enqueue(() => this.train('manual', actor));
  }

  /** A control result was stored: trains when it completes a batch of new results. */
  resultRecorded(): void {
    void this.enqueue(async () => {
      const count = await this.deps.controlResults.count();

      const { minResults } = this.deps.settings;
      if (count < minResults) return null;
      const batch = Math.floor((count - minResults) / this.options.retrainAfterResults);
      return this.claimAndTrain(`results-${batch}`, `after ${count} control results`);
    }).catch((error: unknown) => this.report(error));
  }

  private onSchedule(): void {
    const slot = Math.floor(this.deps.clock.now().getTime() / this.options.retrainIntervalMs);
    void this.enqueue(() => this.claimAndTrain(`schedule-${slot}`, 'schedule')).catch((error: unknown) =>
      this.report(error),
    );
  }

  private async claimAndTrain(runId: string, trigger: string): Promise<StoredRiskModel | null> {
    if (!(await this.deps.models.claimRun(runId, this.deps.clock.now()))) return null;
    const model = await this.train(trigger, 'system:risk-trainer');
    this.deps.logger.info('risk model trained', {
      version: model.version,
      promoted: model.promoted,
      decision: model.decision,
      trigger,
    });
    return model;
  }

  private async train(trigger: string, actor: string): Promise<StoredRiskModel> {
    this.running = { trigger, startedAt: this.deps.clock.now(), stage: 'reading' };
    const onStage = (stage: TrainingStage) => {
      if (this.running) this.running.stage = stage;
    };
    try {
      return await trainRiskModel(this.deps, { trigger, actor, onStage });
    } finally {
      this.running = null;
    }
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private report(error: unknown): void {
    if (isGatewayError(error) && error.code === 'RISK_TRAINING_NOT_ENOUGH_RESULTS') {
      this.deps.logger.info('risk model not trained', { reason: error.message });
      return;
    }
    this.deps.logger.error('risk model training failed', { error: (error as Error).message });
  }
}
