/**
 * The alert-delivery worker of one instance: every `intervalMs` it routes new alerts into pending
 * deliveries and sends the deliveries that are due. Every instance runs one; claims keep each attempt
 * to one sender. `close()` stops it and waits for the pass in progress.
 */
import type { AlertDeliveryStore } from '../../domain/alerts/alert-delivery';
import type { Logger } from '../../logging/logger';
import { deliverAlert, type DeliverAlertDeps } from './deliver-alert';
import { routeAlerts, type RouteAlertsDeps } from './route-alerts';

export interface AlertDispatcherDeps extends RouteAlertsDeps, Omit<DeliverAlertDeps, 'deliveries'> {
  deliveries: Pick<AlertDeliveryStore, 'enqueue' | 'findDue' | 'claim' | 'recordAttempt'>;
  logger: Logger;
}

export class AlertDispatcher {
  private readonly seen = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: AlertDispatcherDeps,
    private readonly options: { intervalMs: number; batchSize: number },
  ) {
    if (!(options.intervalMs > 0)) throw new Error('AlertDispatcher: intervalMs must be positive');
    if (!(options.batchSize > 0)) throw new Error('AlertDispatcher: batchSize must be positive');
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.timer.unref();
    this.tick();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await Promise.all([...this.deps.channels.values()].map((channel) => channel.close()));
  }

  /** One pass: route, then send what is due (one at a time: alerts are few, receivers may be slow). */
  async sweep(): Promise<void> {
    await routeAlerts(this.deps, this.seen);
    const due = await this.deps.deliveries.findDue(this.deps.clock.now(), this.options.batchSize);
    for (const delivery of due) await deliverAlert(this.deps, delivery);
  }

  private tick(): void {
    if (this.running) return; // the previous pass is still sending
    this.running = this.sweep()
      .catch((error: unknown) => {
        this.deps.logger.warn('alert dispatch failed', { error: (error as Error).message });
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
