/**
 * The exchange's RabbitMQ side: one confirm publisher for the three queues of topology.ts, and consumers
 * for outbound delivery and inbound processing. Queues carry message ids only; MongoDB holds the records.
 */
import type { Channel } from 'amqplib';
import { retryTiers, type RetryPolicy } from '../domain/exchange/backoff';
import type { ExchangeQueue } from '../domain/exchange/exchange-queue';
import type { Logger } from '../logging/logger';
import type { AmqpConnection } from './amqp-connection';
import { ConfirmPublisher } from './confirm-publisher';
import { QueueConsumer, type Disposition } from './queue-consumer';
import { declareTopology, deleteTopology, topologyFor, WORK_KEY, type Topology } from './topology';

export type { ExchangeQueue } from '../domain/exchange/exchange-queue';

export class AmqpExchangeQueue implements ExchangeQueue {
  readonly topology: Topology;
  private readonly tiers: number[];
  private readonly publisher: ConfirmPublisher;
  private readonly consumers: QueueConsumer[] = [];

  constructor(
    private readonly deps: { connection: AmqpConnection; logger: Logger },
    private readonly options: { prefix: string; retry: RetryPolicy },
  ) {
    this.topology = topologyFor(options.prefix);
    this.tiers = retryTiers(options.retry);
    this.publisher = new ConfirmPublisher(deps.connection, deps.logger, 'exchange-publisher');
  }

  /** Declares the topology (again after every reconnect) and opens the publisher. */
  async start(): Promise<void> {
    await this.publisher.start((channel) => this.declare(channel));
  }

  private declare(channel: Channel): Promise<void> {
    return declareTopology(channel, this.topology, this.tiers, this.options.retry.jitter);
  }

  publishOutbound(messageId: string): Promise<void> {
    return this.publisher.publish(this.topology.outboundExchange, WORK_KEY, Buffer.from(messageId));
  }

  publishRetry(messageId: string, tierMs: number, delayMs: number): Promise<void> {
    const tier = this.tiers.includes(tierMs) ? tierMs : this.tiers[this.tiers.length - 1]!;
    return this.publisher.publish(this.topology.retryExchange, String(tier), Buffer.from(messageId), {
      expiration: String(Math.max(0, Math.round(delayMs))),
    });
  }

  publishInbound(recordId: string): Promise<void> {
    return this.publisher.publish(this.topology.inboundExchange, WORK_KEY, Buffer.from(recordId));
  }

  /** Starts a consumer of the outbound work queue or of the inbound queue. */
  async consume(
    which: 'outbound' | 'inbound',
    prefetch: number,
    handler: (id: string) => Promise<Disposition>,
  ): Promise<void> {
    const queue = which === 'outbound' ? this.topology.outboundQueue : this.topology.inboundQueue;
    const consumer = new QueueConsumer(
      { connection: this.deps.connection, logger: this.deps.logger },
      { name: `${which}-consumer`, queue, prefetch },
      (body) => handler(body),
    );
    // The consumer declares the topology too, so a deleted queue comes back when its consumer reopens.
    await consumer.start((channel) => this.declare(channel));
    this.consumers.push(consumer);
  }

  /** Consumers of the inbound queue: one per running instance of this gateway (the broker drops dead ones). */
  async countInstances(): Promise<number> {
    return this.publisher.withChannel(
      async (channel) => (await channel.checkQueue(this.topology.inboundQueue)).consumerCount,
    );
  }

  /** Stops consuming and waits for messages in flight. */
  async close(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.close()));
  }

  /** Removes every queue and exchange (tests clean up their fresh names). */
  async destroy(): Promise<void> {
    await this.publisher.withChannel((channel) => deleteTopology(channel, this.topology, this.tiers));
  }
}
