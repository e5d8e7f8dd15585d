/**
 * The broker closes a single channel, with the connection up, when its exchange or queue is deleted under it.
 * On the real RabbitMQ: the publisher's and the consumer's channels come back on the same connection, the
 * topology is declared again, publishing and consuming resume, and no consumer is left twice on its queue.
 */
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { setTimeout as sleep } from 'node:timers/promises';
import { isGatewayError } from '../../src/domain/errors';
import { createSilentLogger } from '../../src/logging/logger';
import { AmqpConnection } from '../../src/messaging/amqp-connection';
import { AmqpExchangeQueue } from '../../src/messaging/exchange-queues';
import { AMQP_URL, freshAmqpPrefix } from '../support/services';

const RETRY = {
  maxAttempts: 5,
  initialDelayMs: 1000,
  maxDelayMs: 4000,
  multiplier: 2,
  jitter: 0,
  windowMs: 60_000,
};

let connection: AmqpConnection;
let queue: AmqpExchangeQueue;
let admin: ChannelModel;
let adminChannel: Channel;
const consumed: string[] = [];

beforeAll(async () => {
  const logger = createSilentLogger();
  connection = new AmqpConnection(AMQP_URL, logger);
  await connection.start();
  queue = new AmqpExchangeQueue({ connection, logger }, { prefix: freshAmqpPrefix('reopen'), retry: RETRY });
  await queue.start();
  await queue.consume('outbound', 4, (id) => {
    consumed.push(id);
    return Promise.resolve('ack');
  });
  admin = await amqp.connect(AMQP_URL);
  adminChannel = await admin.createChannel();
});

afterAll(async () => {
  await queue?.close();
  await queue?.destroy().catch(() => undefined);
  await connection?.close();
  await admin?.close();
});

/** Publishes `id` until the broker takes it (at most 15 s); returns how many publishes were refused first. */
async function publishWhenTaken(id: string): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (let refused = 0; ; refused++) {
    try {
      await queue.publishOutbound(id);
      return refused;
    } catch (error) {
      if (!isGatewayError(error) || error.code !== 'SERVICE_UNAVAILABLE' || Date.now() > deadline)
        throw error;
      await sleep(100);
    }
  }
}

async function consumedEventually(id: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!consumed.includes(id)) {
    if (Date.now() > deadline) throw new Error(`${id} was not consumed; consumed: ${consumed.join(', ')}`);
    await sleep(50);
  }
}

describe('channels the broker closes while the connection stays up', () => {
  test('when the outbound exchange is deleted, then a publish is refused with SERVICE_UNAVAILABLE, the publisher reopens, declares it again, and later publishes are consumed', async () => {
    await queue.publishOutbound('before');
    await consumedEventually('before');

    await adminChannel.deleteExchange(queue.topology.outboundExchange);
    await expect(queue.publishOutbound('refused')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await publishWhenTaken('after-exchange');
    await consumedEventually('after-exchange');
    expect(connection.isConnected()).toBe(true);
  });

  test('when the outbound queue is deleted, then its consumer reopens, declares it again, and consumes what is published next', async () => {
    await adminChannel.deleteQueue(queue.topology.outboundQueue);
    await publishWhenTaken('after-queue');
    await consumedEventually('after-queue');
    const { consumerCount } = await adminChannel.checkQueue(queue.topology.outboundQueue);
    expect(consumerCount).toBe(1);
    expect(consumed.filter((id) => id === 'after-queue')).toHaveLength(1);
  });

  test('when two steps are registered under one name, then the second is refused (reopen finds steps by name)', async () => {
    await connection.register('unique-step', () => Promise.resolve());
    await expect(connection.register('unique-step', () => Promise.resolve())).rejects.toThrow(
      /a step named unique-step exists/,
    );
  });
});
