/** Runs the retention purge every interval on every instance; the run claim lets one of them do it. */
import { purgeExpiredRecords, type PurgeDeps } from './purge-expired-records';

export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly deps: PurgeDeps) {}

  /** Does nothing when no collection has a retention (every `*Days` is 0). */
  start(): void {
    const { policy } = this.deps;
    if (
      this.timer ||
      [policy.messageDays, policy.archiveDays, policy.verificationDays, policy.alertDays].every(
        (d) => d === 0,
      )
    ) {
      return;
    }
    this.timer = setInterval(() => this.tick(), Math.min(policy.intervalMs, 60_000));
    this.timer.unref();
    this.tick();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = purgeExpiredRecords(this.deps)
      .catch((error: unknown) =>
        this.deps.logger.error('retention purge failed', { error: (error as Error).message }),
      )
      .finally(() => {
        this.running = undefined;
      });
  }
}
