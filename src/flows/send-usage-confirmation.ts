/**
 * Importing side: after customs cleared a shipment against a received permit, tell the issuing country what
 * was cleared (EPIX ConfirmQuantities), so it can mark its permit USED. One message per permit and customs
 * declaration, whatever the number of calls.
 */
import { GatewayError } from '../domain/errors';
import { deterministicMessageId } from '../domain/exchange/message';
import type { UsageConfirmation } from '../domain/exchange/permit-records';
import type { ReceivedPermitRepository } from '../domain/exchange/permit-repository';
import { parsePermitKey } from '../domain/permit/permit-key';
import type { Outbox } from './outbox';

/** The port customs verification uses. */
export interface UsageConfirmationSender {
  sendUsageConfirmation(permitKey: string, usage: UsageConfirmation): Promise<{ messageId: string }>;
}

export async function sendUsageConfirmation(
  deps: { outbox: Outbox; received: Pick<ReceivedPermitRepository, 'find'> },
  permitKey: string,
  usage: UsageConfirmation,
): Promise<{ messageId: string }> {
  const received = await deps.received.find(permitKey);
  if (!received) throw new GatewayError('PERMIT_NOT_FOUND', `no received permit ${permitKey}`);
  const message = await deps.outbox.enqueue({
    messageId: deterministicMessageId(permitKey, 'usage-confirmation', usage.declarationNumber),
    to: parsePermitKey(permitKey).issuingCountry,
    documentType: 'usage-confirmation',
    permitKey,
    body: { kind: 'usage-confirmation', usage },
  });
  return { messageId: message.messageId };
}
