/**
 * Internal API over exchanged messages: search and read (admin, auditor), the exact signed XML of one
 * (admin, auditor: the envelope as sent, or the bytes as received and archived), resend a FAILED one (admin).
 */
import type { Router } from 'express';
import { z } from 'zod';
import { GatewayError } from '../domain/errors';
import { DOCUMENT_TYPES, INBOUND_STATES, OUTBOUND_STATES } from '../domain/exchange/message';
import type { MessageArchive } from '../domain/exchange/message-archive';
import { recordKeyOf, type MessageRepository } from '../domain/exchange/message-repository';
import type { ExchangeMessage } from '../domain/exchange/records';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import type { Outbox } from '../flows/outbox';
import { resendMessage } from '../flows/resend-message';
import type { Clock } from '../domain/ports';
import { audited, recordAction } from './audited-action';
import { requireRole } from './auth';
import { parseBody } from './validate';

export const searchQuery = z.strictObject({
  direction: z.enum(['outbound', 'inbound']).optional(),
  state: z.enum([...OUTBOUND_STATES, ...INBOUND_STATES]).optional(),
  partner: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  documentType: z.enum(DOCUMENT_TYPES).optional(),
  permitKey: z.string().max(100).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  before: z.coerce.date().optional(),
  beforeKey: z
    .string()
    .max(300)
    .optional()
    .describe('With `before`: the `next.beforeKey` of the previous page (records of the same millisecond)'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function messageRoutes(deps: {
  authenticator: TokenAuthenticator;
  messages: Pick<MessageRepository, 'search' | 'findByMessageId' | 'findOutbound' | 'updateOutbound'>;
  outbox: Outbox;
  clock: Clock;
  archive?: Pick<MessageArchive, 'find'>;
}) {
  const read = requireRole(deps.authenticator, 'admin', 'auditor');
  const admin = requireRole(deps.authenticator, 'admin');
  return (router: Router): void => {
    router.get('/messages', read, async (req, res) => {
      const query = parseBody(searchQuery, req.query);
      if (query.beforeKey && !query.before)
        throw new GatewayError('VALIDATION_FAILED', 'beforeKey: is only meaningful with before', {
          details: [{ field: 'beforeKey', message: 'is only meaningful with before' }],
        });
      const items = await deps.messages.search(query);
      const last = items[items.length - 1];
      res.json({ items, ...(items.length === query.limit && last && { next: nextPage(last) }) });
    });
    router.get('/messages/:id', read, async (req, res) => {
      const [message] = await deps.messages.findByMessageId(String(req.params.id));
      if (!message) throw new GatewayError('MESSAGE_NOT_FOUND');
      res.json(message);
    });
    router.get('/messages/:id/signed-xml', read, async (req, res) => {
      const [message] = await deps.messages.findByMessageId(String(req.params.id));
      if (!message) throw new GatewayError('MESSAGE_NOT_FOUND');
      const bytes = await signedBytesOf(message, deps.archive);
      if (!bytes)
        throw new GatewayError('MESSAGE_NOT_FOUND', 'the signed document of this message is not kept');
      res
        .type('application/xml')
        .set('Content-Disposition', `attachment; filename="${message.messageId}.xml"`)
        .send(bytes);
    });
    router.post(
      '/messages/:id/resend',
      admin,
      audited('message.resent', (req) => `message:${String(req.params.id)}`),
      async (req, res) => {
        const message = await resendMessage(deps, String(req.params.id));
        await recordAction(res, {
          after: { messageId: message.messageId, state: message.state, permitKey: message.permitKey },
        });
        res.status(202).json({ messageId: message.messageId, state: message.state });
      },
    );
  };
}

/** The exact signed bytes: the envelope as sent (every attempt sends the same), or as received. */
async function signedBytesOf(
  message: ExchangeMessage,
  archive: Pick<MessageArchive, 'find'> | undefined,
): Promise<Buffer | null> {
  if (message.direction === 'outbound')
    return message.envelopeXml ? Buffer.from(message.envelopeXml, 'utf8') : null;
  const archived = await archive?.find(message.archiveId);
  return archived?.bytes ?? null;
}

/** The cursor of the page after one ending with `last`: its time, and its record key for ties within it. */
function nextPage(last: ExchangeMessage): { before: string; beforeKey: string } {
  const at = last.direction === 'outbound' ? last.createdAt : last.receivedAt;
  return { before: at.toISOString(), beforeKey: recordKeyOf(last) };
}
