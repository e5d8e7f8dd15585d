/** A QUEUED outbound permit message KE→CH, as the outbox stores it, for repository and flow tests. */
import { sha256Base64 } from '../../src/domain/exchange/envelope-xml';
import type { OutboundMessage } from '../../src/domain/exchange/records';

/** The message `messageId` created (and published) at `at`; `extra` overrides any field. */
export function queuedMessage(
  messageId: string,
  at: Date,
  extra: Partial<OutboundMessage> = {},
): OutboundMessage {
  const envelopeXml =
    extra.envelopeXml ?? `<ExchangeMessage><MessageId>${messageId}</MessageId></ExchangeMessage>`;
  return {
    messageId,
    direction: 'outbound',
    partner: 'CH',
    documentType: 'permit',
    permitKey: 'KE/2026/1',
    state: 'QUEUED',
    envelopeXml,
    digest: sha256Base64(envelopeXml),
    attempts: [],
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    ...extra,
  };
}
