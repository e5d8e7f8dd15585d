/** The exchange queues in memory: records every id published, in order, per queue (flow tests read them). */
import type { ExchangeQueue } from '../../../src/domain/exchange/exchange-queue';

export class InMemoryExchangeQueue implements ExchangeQueue {
  readonly outbound: string[] = [];
  readonly retries: Array<{ messageId: string; tierMs: number; delayMs: number }> = [];
  readonly inbound: string[] = [];

  publishOutbound(messageId: string): Promise<void> {
    this.outbound.push(messageId);
    return Promise.resolve();
  }

  publishRetry(messageId: string, tierMs: number, delayMs: number): Promise<void> {
    this.retries.push({ messageId, tierMs, delayMs });
    return Promise.resolve();
  }

  publishInbound(recordId: string): Promise<void> {
    this.inbound.push(recordId);
    return Promise.resolve();
  }
}
