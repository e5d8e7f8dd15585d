/**
 * Port for the exchange's queues: they carry message ids only, as triggers; the message records are the
 * truth (a sweeper re-publishes what is due, so a lost publish loses nothing). Adapter:
 * messaging/exchange-queues.ts (RabbitMQ); in-memory twin in test/contract/twins.
 */

import { isGatewayError } from '../errors';

/** What a consumer does with the message it handled: done, back on the queue, or thrown away. */
export type Disposition = 'ack' | 'requeue' | 'drop';

export interface ExchangeQueue {
  /** Hands an outbound message id to the delivery workers. */
  publishOutbound(messageId: string): Promise<void>;
  /** Parks an outbound message id in the tier's delay queue; it comes back to the workers after delayMs. */
  publishRetry(messageId: string, tierMs: number, delayMs: number): Promise<void>;
  /** Hands a stored inbound record id to the inbound processors. */
  publishInbound(recordId: string): Promise<void>;
}

/**
 * What a consumer does with a message whose handling threw: the error catalogue decides. A failure it says
 * to retry (database or broker away ...) goes back on the queue; one it says to dead-letter would fail the
 * same way again, so the message is dropped (the record stays the truth; the sweeper re-publishes what is
 * due). Errors outside the catalogue are treated as transient.
 */
export function dispositionOnFailure(error: unknown): Extract<Disposition, 'requeue' | 'drop'> {
  return isGatewayError(error) && error.disposition === 'dead-letter' ? 'drop' : 'requeue';
}
