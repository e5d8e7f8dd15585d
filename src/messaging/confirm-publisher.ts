/**
 * Publishes persistent messages with publisher confirms and `mandatory`, so a publish resolves only when the
 * broker has taken responsibility for a routed message. (A confirm alone also acks unroutable messages.)
 */
import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../domain/errors';
import type { Logger } from '../logging/logger';
import type { AmqpConnection } from './amqp-connection';

export class ConfirmPublisher {
  private channel: ConfirmChannel | undefined;
  private readonly returned = new Set<string>();

  constructor(
    private readonly connection: AmqpConnection,
    private readonly logger: Logger,
    private readonly name = 'publisher',
  ) {}

  async start(setup?: (channel: ConfirmChannel) => Promise<void>): Promise<void> {
    await this.connection.register(this.name, async (model: ChannelModel) => {
      const channel = await model.createConfirmChannel();
      channel.on('error', (error: Error) =>
        this.logger.warn('publisher channel error', { error: error.message }),
      );
      channel.on('close', () => {
        if (this.channel !== channel) return;
        this.channel = undefined;
        this.connection.reopen(this.name, model);
      });
      channel.on('return', (message: Message) => {
        const id = message.properties.correlationId as string | undefined;
        if (id) this.returned.add(id);
      });
      if (setup) await setup(channel);
      this.channel = channel;
    });
  }

  /** Runs `work` on the publisher's channel (administrative calls such as deleting test queues). */
  async withChannel<T>(work: (channel: ConfirmChannel) => Promise<T>): Promise<T> {
    const channel = this.channel;
    if (!channel) throw new GatewayError('SERVICE_UNAVAILABLE', 'the message broker is not connected');
    return work(channel);
  }

  /** Resolves once the broker confirmed the routed message; rejects with SERVICE_UNAVAILABLE otherwise. */
  async publish(
    exchange: string,
    routingKey: string,
    body: Buffer,
    options: Options.Publish = {},
  ): Promise<void> {
    const channel = this.channel;
    if (!channel) throw new GatewayError('SERVICE_UNAVAILABLE', 'the message broker is not connected');
    const correlationId = randomUUID();
    await new Promise<void>((resolve, reject) => {
      try {
        channel.publish(
          exchange,
          routingKey,
          body,
          { persistent: true, mandatory: true, ...options, correlationId },
          (error: unknown) => {
            const wasReturned = this.returned.delete(correlationId);
            if (error)
              reject(
                new GatewayError('SERVICE_UNAVAILABLE', 'the broker did not confirm the message', {
                  cause: error,
                }),
              );
            else if (wasReturned)
              reject(
                new GatewayError(
                  'SERVICE_UNAVAILABLE',
                  `the broker could not route the message (${exchange}/${routingKey})`,
                ),
              );
            else resolve();
          },
        );
      } catch (error) {
        reject(new GatewayError('SERVICE_UNAVAILABLE', 'the broker channel is closed', { cause: error }));
      }
    });
  }
}
