/**
 * Directory change broadcast over a RabbitMQ fanout exchange `<prefix>.directory`.
 *
 * Every instance binds its own exclusive, auto-delete, server-named queue, so each event reaches every
 * instance once. The events are only triggers (the database is the record): they are not persistent,
 * not confirmed, and consumed without acks. Anything lost while the broker is away is caught up by the
 * directory's periodic reconcile, and the subscriber is told when it re-subscribed after a reconnect so it
 * can reload at once.
 */
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { DirectoryChangeEvent } from '../domain/partners/partner';
import type { Logger } from '../logging/logger';
import type { AmqpConnection } from './amqp-connection';

/** What the bus delivers to its subscriber. */
export interface DirectoryBusSubscriber {
  /** An event published by any instance (the subscriber filters its own echo by `origin`). */
  onEvent(event: DirectoryChangeEvent): void;
  /** The bus subscribed again after a reconnect: events may have been missed meanwhile. */
  onResubscribed(): void;
}

export function directoryExchangeName(prefix: string): string {
  return `${prefix}.directory`;
}

/** Fanout broadcast of directory changes between gateway instances; see the module comment. */
export class AmqpDirectoryBus {
  private channel: Channel | undefined;
  private subscriber: DirectoryBusSubscriber | undefined;
  private subscriptions = 0;
  private closed = false;
  private readonly exchange: string;

  constructor(
    private readonly deps: { connection: AmqpConnection; logger: Logger },
    options: { prefix: string },
  ) {
    if (!options.prefix) throw new Error('AmqpDirectoryBus: prefix is required');
    this.exchange = directoryExchangeName(options.prefix);
  }

  /**
   * Declares the exchange, binds this instance's queue and starts delivering to `subscriber`; runs again
   * after every reconnect (AmqpConnection re-runs registered steps).
   */
  async subscribe(subscriber: DirectoryBusSubscriber): Promise<void> {
    if (this.subscriber) throw new Error('AmqpDirectoryBus: already subscribed');
    this.subscriber = subscriber;
    await this.deps.connection.register('directory-bus', (model) => this.setup(model));
  }

  private async setup(model: ChannelModel): Promise<void> {
    if (this.closed) return;
    const channel = await model.createChannel();
    channel.on('error', (error: Error) =>
      this.deps.logger.warn('directory bus channel error', { error: error.message }),
    );
    channel.on('close', () => {
      if (this.channel !== channel || this.closed) return;
      this.channel = undefined;
      this.deps.connection.reopen('directory-bus', model);
    });
    // Auto-delete: the exchange lives while some instance's queue is bound to it.
    await channel.assertExchange(this.exchange, 'fanout', { durable: false, autoDelete: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
    await channel.bindQueue(queue, this.exchange, '');
    await channel.consume(queue, (message) => this.deliver(message), { noAck: true });
    this.channel = channel;
    this.subscriptions += 1;
    if (this.subscriptions > 1) this.subscriber?.onResubscribed();
  }

  private deliver(message: ConsumeMessage | null): void {
    if (!message || this.closed) return;
    let event: DirectoryChangeEvent;
    try {
      event = parseEvent(message.content.toString('utf8'));
    } catch (error) {
      this.deps.logger.warn('directory bus: ignored a malformed event', { error: (error as Error).message });
      return;
    }
    try {
      this.subscriber?.onEvent(event);
    } catch (error) {
      this.deps.logger.warn('directory bus: subscriber failed', { error: (error as Error).message });
    }
  }

  /**
   * Publishes an event to every instance. Best effort: returns false (and logs) when the broker is not
   * connected; the other instances then catch up at their next reconcile.
   */
  publish(event: DirectoryChangeEvent): Promise<boolean> {
    const channel = this.channel;
    if (!channel || this.closed) {
      this.deps.logger.warn('directory bus: broker not connected; other instances will reconcile', {
        partner: event.partner,
      });
      return Promise.resolve(false);
    }
    try {
      channel.publish(this.exchange, '', Buffer.from(JSON.stringify(event)), {
        contentType: 'application/json',
        persistent: false,
      });
      return Promise.resolve(true);
    } catch (error) {
      this.deps.logger.warn('directory bus: publish failed; other instances will reconcile', {
        partner: event.partner,
        error: (error as Error).message,
      });
      return Promise.resolve(false);
    }
  }

  /** Stops delivering; the exclusive queue goes with the channel. */
  async close(): Promise<void> {
    this.closed = true;
    const channel = this.channel;
    this.channel = undefined;
    if (channel) await channel.close().catch(() => undefined);
  }
}

function parseEvent(text: string): DirectoryChangeEvent {
  const value = JSON.parse(text) as Partial<DirectoryChangeEvent> | null;
  if (
    !value ||
    typeof value.partner !== 'string' ||
    typeof value.origin !== 'string' ||
    typeof value.at !== 'string'
  ) {
    throw new Error('expected { partner, origin, at } strings');
  }
  return { partner: value.partner, origin: value.origin, at: value.at };
}
