/**
 * The sweeper: the safety net under RabbitMQ. Every instance runs it periodically; it hands back to the
 * queues what the database says is due but no queue holds for sure: QUEUED messages whose publish is old
 * (a crash between the database write and the publish), RETRY_WAIT messages past their due time, SENDING
 * messages whose lease expired (a worker died mid-send), FAILED messages whose alert is still pending (a
 * worker died between recording FAILED and storing the alert; the delivery worker raises it when handed the
 * id), and inbound records not yet processed.
 * Publishing an id twice is harmless: delivery claims and processing are idempotent.
 *
 * It looks only at records marked open (the repository keeps those markers), each read by primary key, so
 * a sweep costs in proportion to the work in flight, not to the message history.
 */
import type { MessageRepository } from '../domain/exchange/message-repository';
import type { Clock } from '../domain/ports';
import type { Logger } from '../logging/logger';
import type { ExchangeQueue } from '../domain/exchange/exchange-queue';

export interface SweepDeps {
  messages: Pick<MessageRepository, 'listOpen' | 'checkOpen'>;
  queue: Pick<ExchangeQueue, 'publishOutbound' | 'publishInbound'>;
  clock: Clock;
  logger: Logger;
  /** A publish older than this with the message still QUEUED counts as lost. */
  staleAfterMs: number;
  /** At most this many open records are read per sweep. */
  batchSize?: number;
}

/**
 * Runs sweeps. It writes no message record (an update there is read-then-write on FerretDB and could race a
 * worker's state change); instead it remembers until when each record needs no look (handed back recently,
 * or waiting for a retry time or a lease it has read), so a long queue is not re-read or re-published on
 * every sweep.
 */
export class MessageSweeper {
  private readonly quietUntil = new Map<string, number>();

  constructor(private readonly deps: SweepDeps) {}

  /** One sweep; returns how many ids were handed back. */
  async sweep(): Promise<{ outbound: number; inbound: number }> {
    const { deps } = this;
    const now = deps.clock.now();
    const staleBefore = new Date(now.getTime() - deps.staleAfterMs);
    for (const [id, until] of this.quietUntil) {
      if (until <= now.getTime()) this.quietUntil.delete(id);
    }
    const candidates = (await deps.messages.listOpen(staleBefore))
      .filter((id) => !this.quietUntil.has(id))
      .slice(0, deps.batchSize ?? 500);
    const handedBack = { outbound: 0, inbound: 0 };
    for (const check of await deps.messages.checkOpen(candidates, now, staleBefore)) {
      if (!check.due) {
        if (check.recheckAt) this.quietUntil.set(check.recordId, check.recheckAt.getTime());
        continue;
      }
      if (check.direction === 'outbound') await deps.queue.publishOutbound(check.messageId);
      else await deps.queue.publishInbound(check.recordId);
      handedBack[check.direction] += 1;
      this.quietUntil.set(check.recordId, now.getTime() + deps.staleAfterMs);
    }
    if (handedBack.outbound || handedBack.inbound) {
      deps.logger.info('sweeper handed messages back to the queues', handedBack);
    }
    return handedBack;
  }
}
