/**
 * An administrator sends a FAILED outbound message again (e.g. after the partner fixed its side). The same
 * signed envelope and message id go out, so the partner's de-duplication still holds; attempts continue
 * from where they stopped and the earlier ones stay on record.
 */
import { GatewayError } from '../domain/errors';
import type { MessageRepository } from '../domain/exchange/message-repository';
import type { OutboundMessage } from '../domain/exchange/records';
import type { Clock } from '../domain/ports';
import type { Outbox } from './outbox';

export async function resendMessage(
  deps: {
    messages: Pick<MessageRepository, 'findOutbound' | 'updateOutbound'>;
    outbox: Outbox;
    clock: Clock;
  },
  messageId: string,
): Promise<OutboundMessage> {
  const message = await deps.messages.findOutbound(messageId);
  if (!message) throw new GatewayError('MESSAGE_NOT_FOUND', `no outbound message ${messageId}`);
  if (message.state !== 'FAILED') {
    throw new GatewayError(
      'MESSAGE_NOT_RESENDABLE',
      `message ${messageId} is ${message.state}; only FAILED messages can be resent`,
    );
  }
  const now = deps.clock.now();
  await deps.messages.updateOutbound(
    messageId,
    { state: 'QUEUED', publishedAt: now, resentAt: now, updatedAt: now },
    ['failure', 'nextAttemptAt', 'leaseUntil'],
  );
  await deps.outbox.publish(messageId);
  return { ...message, state: 'QUEUED', publishedAt: now, resentAt: now, updatedAt: now };
}
