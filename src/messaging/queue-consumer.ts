/**
 * Consumes a queue with a bounded number of messages in flight, each handled inside a log context.
 * The handler decides the outcome; when it throws, the error catalogue's disposition decides: a retryable
 * failure gets its message back on the queue after a pause (the database, not the queue, is the record, so a
 * redelivery is always safe), a permanent one drops it.
 */
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { withContext } from '../logging/context';
import type { Logger } from '../logging/logger';
import type { AmqpConnection } from './amqp-connection';

import { dispositionOnFailure, type Disposition } from '../domain/exchange/exchange-queue';
import { isGatewayError } from '../domain/errors';

export type { Disposition };
export type MessageHandler = (body: string, message: ConsumeMessage) => Promise<Disposition>;

export class QueueConsumer {
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deps: { connection: AmqpConnection; logger: Logger },
    private readonly options: { name: string; queue: string; prefetch: number; retryPauseMs?: number },
    private readonly handler: MessageHandler,
  ) {
    if (options.prefetch < 1) throw new Error('QueueConsumer: prefetch must be at least 1');
  }

  async start(beforeConsume?: (channel: Channel) => Promise<void>): Promise<void> {
    await this.deps.connection.register(this.options.name, async (model: ChannelModel) => {
      const channel = await model.createChannel();
      channel.on('error', (error: Error) =>
        this.deps.logger.warn('consumer channel error', {
          consumer: this.options.name,
          error: error.message,
        }),
      );
      channel.on('close', () => {
        if (this.channel !== channel || this.stopped) return;
        this.channel = undefined;
        this.deps.connection.reopen(this.options.name, model);
      });
      this.channel = channel;
      if (beforeConsume) await beforeConsume(channel);
      await channel.prefetch(this.options.prefetch);
      if (this.stopped) return;
      const { consumerTag } = await channel.consume(this.options.queue, (message) => {
        // The broker cancelled the consumer (its queue was deleted): a new channel consumes again.
        if (!message) return void channel.close().catch(() => undefined);
        const task = this.handle(channel, message);
        this.inFlight.add(task);
        void task.finally(() => this.inFlight.delete(task));
      });
      this.consumerTag = consumerTag;
    });
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const body = message.content.toString('utf8');
    let disposition: Disposition;
    try {
      disposition = await withContext({ messageId: body.slice(0, 64) }, () => this.handler(body, message));
    } catch (error) {
      disposition = await this.afterFailure(error);
    }
    try {
      if (disposition === 'ack') channel.ack(message);
      else channel.nack(message, false, disposition === 'requeue');
    } catch {
      // The channel closed meanwhile; the broker redelivers the message to the next consumer.
    }
  }

  /** The catalogue decides (dispositionOnFailure); a message going back waits a pause first. */
  private async afterFailure(error: unknown): Promise<Disposition> {
    const disposition = dispositionOnFailure(error);
    this.deps.logger.warn(
      disposition === 'requeue'
        ? 'message handling failed; it goes back to the queue'
        : 'message handling failed for good; the message is dropped',
      {
        consumer: this.options.name,
        error: (error as Error).message,
        ...(isGatewayError(error) && { code: error.code }),
      },
    );
    if (disposition === 'requeue') {
      await new Promise((resolve) => setTimeout(resolve, this.options.retryPauseMs ?? 1000));
    }
    return disposition;
  }

  /** Stops taking messages and waits for those in flight. */
  async close(): Promise<void> {
    this.stopped = true;
    const channel = this.channel;
    this.channel = undefined;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    if (channel) await channel.close().catch(() => undefined);
  }
}
