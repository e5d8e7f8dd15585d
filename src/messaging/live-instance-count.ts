/**
 * How many instances of this gateway are running, as RabbitMQ sees it: every instance consumes the inbound
 * queue once, and the broker removes a consumer as soon as its connection dies. Refreshed on a timer; the
 * rate limiters divide their limits by it, so the instances together never exceed a configured limit.
 */
import type { Logger } from '../logging/logger';

export class LiveInstanceCount {
  private count = 1;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: { countInstances(): Promise<number>; logger: Logger },
    private readonly options: { refreshMs: number },
  ) {
    if (!(options.refreshMs > 0)) throw new Error('LiveInstanceCount: refreshMs must be positive');
  }

  /** The last count seen (at least 1: this instance). */
  current(): number {
    return this.count;
  }

  async refresh(): Promise<void> {
    try {
      this.count = Math.max(1, await this.deps.countInstances());
    } catch (error) {
      // Keep the last count: a broker hiccup must not multiply the allowed rate.
      this.deps.logger.warn('live instance count not refreshed', { error: (error as Error).message });
    }
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs);
    this.timer.unref();
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    return Promise.resolve();
  }
}
