/** Signs a checkpoint of the audit chain periodically (`audit.checkpointIntervalMs`), when the head moved. */
import type { Logger } from '../logging/logger';
import { createAuditCheckpoint, type CreateAuditCheckpointDeps } from './create-audit-checkpoint';

export class AuditCheckpointer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: CreateAuditCheckpointDeps & { logger: Logger },
    private readonly intervalMs: number,
  ) {}

  /** No timer when the interval is 0 (checkpoints on demand only). */
  start(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running = this.tick();
    }, this.intervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const made = await createAuditCheckpoint(this.deps);
      if (made?.created) this.deps.logger.info('audit checkpoint signed', { seq: made.checkpoint.seq });
    } catch (error) {
      // a broken chain is worth an operator's attention every interval until it is dealt with
      this.deps.logger.error('audit checkpoint failed', { error: (error as Error).message });
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
