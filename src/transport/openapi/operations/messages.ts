/** The exchange's message records (admin, auditor) and resending a failed one (admin). */
import { z } from 'zod';
import { searchQuery } from '../../message-routes';
import { pathParams, type ApiOperation } from '../operation';
import { Message, pageOf } from '../views';

export const MESSAGE_OPERATIONS: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/messages',
    id: 'searchMessages',
    tag: 'messages',
    summary: 'Messages sent and received, newest first, with filters; `next` (before, beforeKey) pages on',
    access: ['admin', 'auditor'],
    query: searchQuery,
    answers: {
      200: {
        description: 'A page of messages',
        schema: pageOf(Message),
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/messages/:id',
    id: 'getMessage',
    tag: 'messages',
    summary: 'One message with its attempts and receipt',
    access: ['admin', 'auditor'],
    params: pathParams('id'),
    answers: { 200: { description: 'The message', schema: Message } },
    errors: ['MESSAGE_NOT_FOUND'],
  },
  {
    method: 'get',
    path: '/api/v1/messages/:id/signed-xml',
    id: 'getMessageSignedXml',
    tag: 'messages',
    summary: 'The exact signed XML of a message: the envelope as sent, or the bytes as received and archived',
    access: ['admin', 'auditor'],
    params: pathParams('id'),
    answers: {
      200: { description: 'A download (Content-Disposition: attachment)', content: ['application/xml'] },
    },
    errors: ['MESSAGE_NOT_FOUND'],
  },
  {
    method: 'post',
    path: '/api/v1/messages/:id/resend',
    id: 'resendMessage',
    tag: 'messages',
    summary: 'Queue a FAILED outbound message again',
    access: ['admin'],
    params: pathParams('id'),
    answers: {
      202: {
        description: 'Queued',
        schema: z.looseObject({ messageId: z.string(), state: z.literal('QUEUED') }),
      },
    },
    errors: ['MESSAGE_NOT_FOUND', 'MESSAGE_NOT_RESENDABLE'],
  },
];
