/**
 * The sweeper: the safety net under RabbitMQ. Every instance runs it periodically; it hands back to the
 * queues what the database says is due but no queue holds for sure: QUEUED messages whose publish is old
 * (a crash between the database write and the publish), RETRY_WAIT messages past their due time, SENDING
 * messages whose lease expired (a worker died mid-send), and inbound records not yet processed.
 * Publishing an id twice is harmless: delivery claims and processing are idempotent.
 */
import type { Clock } from '../domain/ports';
import type { Logger } from '../logging/logger';
import type { ExchangeQueue } from '../messaging/exchange-queues';
import type { MongoMessageRepository } from '../storage/mongo-message-repository';

export interface SweepDeps {
  messages: MongoMessageRepository;
  queue: ExchangeQueue;
  clock: Clock;
  logger: Logger;
  /** A publish older than this with the message still QUEUED counts as lost. */
  staleAfterMs: number;
  batchSize?: number;
}

/**
 * Runs sweeps. It writes nothing to the database (an update there is read-then-write on FerretDB and could
 * race a worker's state change); instead it remembers what it handed back recently, so a message waiting
 * in a long queue is not published again on every sweep.
 */
export class MessageSweeper {
  private readonly recentlyPublished = new Map<string, number>();

  constructor(private readonly deps: SweepDeps) {}

  /** One sweep; returns how many ids were handed back. */
  async sweep(): Promise<{ outbound: number; inbound: number }> {
    const { deps } = this;
    const now = deps.clock.now();
    const before = new Date(now.getTime() - deps.staleAfterMs);
    const limit = deps.batchSize ?? 500;
    for (const [id, at] of this.recentlyPublished) {
      if (at < before.getTime()) this.recentlyPublished.delete(id);
    }
    const fresh = (id: string): boolean => !this.recentlyPublished.has(id);
    const outbound = (await deps.messages.findDueForRepublish(before, before, limit)).filter(fresh);
    for (const id of outbound) {
      await deps.queue.publishOutbound(id);
      this.recentlyPublished.set(id, now.getTime());
    }
    const inbound = (await deps.messages.findUnprocessedInbound(before, limit)).filter(fresh);
    for (const id of inbound) {
      await deps.queue.publishInbound(id);
      this.recentlyPublished.set(id, now.getTime());
    }
    if (outbound.length || inbound.length) {
      deps.logger.info('sweeper handed messages back to the queues', {
        outbound: outbound.length,
        inbound: inbound.length,
      });
    }
    return { outbound: outbound.length, inbound: inbound.length };
  }
}
