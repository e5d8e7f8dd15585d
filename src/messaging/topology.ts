/**
 * Exchange and queue names and declarations, all in one place (re-declaring a queue with other arguments
 * closes the channel with 406, so nothing else declares these).
 *
 * The queues carry only message ids: MongoDB holds the records, RabbitMQ is the trigger.
 *   <prefix>.outbound            work queue of the delivery worker
 *   <prefix>.outbound.retry.<ms> one delay queue per backoff tier: TTL, then dead-lettered back to work
 *   <prefix>.inbound             received messages whose heavier processing is still to do
 */
import type { Channel } from 'amqplib';

export interface Topology {
  outboundExchange: string;
  outboundQueue: string;
  retryExchange: string;
  retryQueue(tierMs: number): string;
  inboundExchange: string;
  inboundQueue: string;
}

export const WORK_KEY = 'work';

export function topologyFor(prefix: string): Topology {
  return {
    outboundExchange: `${prefix}.outbound`,
    outboundQueue: `${prefix}.outbound`,
    retryExchange: `${prefix}.outbound.retry`,
    retryQueue: (tierMs) => `${prefix}.outbound.retry.${tierMs}`,
    inboundExchange: `${prefix}.inbound`,
    inboundQueue: `${prefix}.inbound`,
  };
}

/** Declares everything; safe to run again after every reconnect. */
export async function declareTopology(
  channel: Channel,
  topology: Topology,
  retryTiersMs: readonly number[],
  jitter: number,
): Promise<void> {
  await channel.assertExchange(topology.outboundExchange, 'direct', { durable: true });
  await channel.assertQueue(topology.outboundQueue, { durable: true });
  await channel.bindQueue(topology.outboundQueue, topology.outboundExchange, WORK_KEY);

  await channel.assertExchange(topology.retryExchange, 'direct', { durable: true });
  for (const tier of retryTiersMs) {
    const queue = topology.retryQueue(tier);
    await channel.assertQueue(queue, {
      durable: true,
      arguments: {
        // Upper bound; each message also carries its own jittered expiration.
        'x-message-ttl': Math.ceil(tier * (1 + jitter)) + 1,
        'x-dead-letter-exchange': topology.outboundExchange,
        'x-dead-letter-routing-key': WORK_KEY,
      },
    });
    await channel.bindQueue(queue, topology.retryExchange, String(tier));
  }

  await channel.assertExchange(topology.inboundExchange, 'direct', { durable: true });
  await channel.assertQueue(topology.inboundQueue, { durable: true });
  await channel.bindQueue(topology.inboundQueue, topology.inboundExchange, WORK_KEY);
}

/** Deletes everything `declareTopology` made (tests clean up after themselves). */
export async function deleteTopology(
  channel: Channel,
  topology: Topology,
  retryTiersMs: readonly number[],
): Promise<void> {
  for (const tier of retryTiersMs) await channel.deleteQueue(topology.retryQueue(tier));
  await channel.deleteQueue(topology.outboundQueue);
  await channel.deleteQueue(topology.inboundQueue);
  await channel.deleteExchange(topology.outboundExchange);
  await channel.deleteExchange(topology.retryExchange);
  await channel.deleteExchange(topology.inboundExchange);
}
