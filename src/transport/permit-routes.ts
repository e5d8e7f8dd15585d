/**
 * Internal API for the Management Authority (role issuer): submit, cancel and replace permits; read issued
 * and received permits (auditors too; customs reads received permits).
 *
 * Permit keys contain slashes (KE/2026/NUMBER): clients URL-encode them in paths (KE%2F2026%2FNUMBER).
 */
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { GatewayError } from '../domain/errors';
import { OUTBOUND_STATES } from '../domain/exchange/message';
import type { MessageRepository } from '../domain/exchange/message-repository';
import {
  ISSUED_PERMIT_STATUSES,
  RECEIVED_PERMIT_STATUSES,
  type IssuedPermit,
} from '../domain/exchange/permit-records';
import {
  listedAt,
  type IssuedPermitRepository,
  type ListedPermit,
  type ReceivedPermitRepository,
} from '../domain/exchange/permit-repository';
import { assertPermit, type Permit } from '../domain/permit/permit';
import { parsePermitKey } from '../domain/permit/permit-key';
import { importPermit } from '../domain/xml/permit-import';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { cancelPermit, replacePermit, submitPermit, type IssuePermitDeps } from '../flows/issue-permit';
import { audited, recordAction } from './audited-action';
import { actorOf, requireRole } from './auth';
import { parseBody } from './validate';

const XML_TYPES = ['application/xml', 'text/xml', 'application/*+xml'];

/** The permit in a request body: our JSON model, or unsigned CITESEPermit XML (any shape import reads). */
function permitFrom(req: Request): Permit {
  if (req.is(XML_TYPES)) {
    if (typeof req.body !== 'string' || !req.body.length)
      throw new GatewayError('VALIDATION_FAILED', 'empty XML body');
    const imported = importPermit(req.body);
    if (imported.signed) {
      throw new GatewayError(
        'VALIDATION_FAILED',
        'send the permit unsigned: the gateway signs it with its own key',
      );
    }
    return imported.permit;
  }
  if (req.is('application/json')) return assertPermit(req.body);
  throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', 'send the permit as application/json or application/xml');
}

function keyParam(req: Request): string {
  const key = String(req.params.key ?? '');
  parsePermitKey(key);
  return key;
}

const permitTarget = (req: Request): string => `permit:${String(req.params.key ?? '')}`;

export const cancelBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
export const listQuery = z.object({
  status: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.date().optional().describe('With beforeKey: the `next` of the previous page'),
  beforeKey: z.string().max(300).optional().describe('With before: the `next` of the previous page'),
});

/**
 * Where the message that carried a permit (or its cancellation) stands, so the issuing officer sees it
 * reach the importing country without the messages API (admin, auditor): its state, attempts and the
 * partner's receipt status.
 */
export const deliverySchema = z.object({
  messageId: z.string(),
  state: z.enum(OUTBOUND_STATES),
  attempts: z.number().int(),
  updatedAt: z.string(),
  receiptStatus: z.string().optional(),
  failureCode: z.string().optional(),
});
export type PermitDelivery = z.infer<typeof deliverySchema>;

/** An issued permit as GET /permits and /permits/:key answer: the record with its deliveries. */
export const issuedPermitBodySchema = z
  .object({
    permitKey: z.string(),
    status: z.enum(ISSUED_PERMIT_STATUSES),
    delivery: deliverySchema.nullable(),
    cancellationDelivery: deliverySchema.nullable().optional(),
  })
  .loose();

type PermitRoutesDeps = {
  authenticator: TokenAuthenticator;
  issue: IssuePermitDeps;
  messages: Pick<MessageRepository, 'findOutbound'>;
  issued: IssuedPermitRepository;
  received: ReceivedPermitRepository;
  bodyLimitBytes: number;
};

type Guard = ReturnType<typeof requireRole>;
type XmlBody = ReturnType<typeof express.text>;

/** A listing's filter, limit and page (newest first; `before` and `beforeKey` come together or not at all). */
function parseListQuery(req: Request, statuses: readonly string[]) {
  const { status, limit, before, beforeKey } = parseBody(listQuery, req.query);
  if (status && !statuses.includes(status)) {
    throw new GatewayError('VALIDATION_FAILED', `status must be one of ${statuses.join(', ')}`);
  }
  if ((before === undefined) !== (beforeKey === undefined)) {
    const field = before === undefined ? 'before' : 'beforeKey';
    throw new GatewayError(
      'VALIDATION_FAILED',
      `${field}: is needed with the other half of the page cursor`,
      {
        details: [{ field, message: 'is needed with the other half of the page cursor' }],
      },
    );
  }
  return {
    filter: status ? { status } : {},
    limit,
    ...(before && beforeKey && { page: { before, beforeKey } }),
  };
}

/** A page of a permit listing: the items, and where the next page starts when this one is full. */
function listPage<R extends ListedPermit, I>(
  records: R[],
  items: I[],
  limit: number,
): { items: I[]; next?: { before: string; beforeKey: string } } {
  const last = records[records.length - 1];
  return {
    items,
    ...(records.length === limit &&
      last && { next: { before: listedAt(last).toISOString(), beforeKey: last.permitKey } }),
  };
}

function addIssuingRoutes(router: Router, deps: PermitRoutesDeps, issuer: Guard, xml: XmlBody): void {
  router.post(
    '/permits',
    issuer,
    audited('permit.issued', () => 'permit:(new)'),
    xml,
    async (req, res) => {
      const submitted = await submitPermit(deps.issue, permitFrom(req), actorOf(res).name);
      await recordAction(res, { target: `permit:${submitted.permitKey}`, after: submitted });
      res.status(submitted.created ? 202 : 200).json(submitted);
    },
  );
}

async function deliveryOf(deps: PermitRoutesDeps, messageId: string): Promise<PermitDelivery | null> {
  const message = await deps.messages.findOutbound(messageId);
  if (!message) return null;
  return {
    messageId,
    state: message.state,
    attempts: message.attempts.length,
    updatedAt: message.updatedAt.toISOString(),
    ...(message.receipt ? { receiptStatus: message.receipt.status } : {}),
    ...(message.failure ? { failureCode: message.failure.code } : {}),
  };
}

async function withDeliveries<P extends Omit<IssuedPermit, 'signedXml'>>(deps: PermitRoutesDeps, permit: P) {
  const cancellation = permit.cancellation;
  return {
    ...permit,
    delivery: await deliveryOf(deps, permit.messageId),
    ...(cancellation ? { cancellationDelivery: await deliveryOf(deps, cancellation.messageId) } : {}),
  };
}

function addIssuedReadingRoutes(router: Router, deps: PermitRoutesDeps, readIssued: Guard): void {
  router.get('/permits', readIssued, async (req, res) => {
    const { filter, limit, page } = parseListQuery(req, ISSUED_PERMIT_STATUSES);
    const records = await deps.issued.list(filter, limit, page);
    const items = await Promise.all(records.map((permit) => withDeliveries(deps, permit)));
    res.json(listPage(records, items, limit));
  });
  router.get('/permits/:key', readIssued, async (req, res) => {
    const permit = await deps.issued.find(keyParam(req));
    if (!permit) throw new GatewayError('PERMIT_NOT_FOUND');
    res.json(await withDeliveries(deps, permit));
  });
}

function addCancelAndReplaceRoutes(
  router: Router,
  deps: PermitRoutesDeps,
  issuer: Guard,
  xml: XmlBody,
): void {
  router.post('/permits/:key/cancel', issuer, audited('permit.cancelled', permitTarget), async (req, res) => {
    const body = parseBody(cancelBody, req.body);
    const cancelled = await cancelPermit(deps.issue, keyParam(req), body.reason, actorOf(res).name);
    await recordAction(res, { after: { ...cancelled, reason: body.reason } });
    res.status(202).json(cancelled);
  });
  router.post(
    '/permits/:key/replace',
    issuer,
    audited('permit.replaced', permitTarget),
    xml,
    async (req, res) => {
      const replaced = await replacePermit(deps.issue, keyParam(req), permitFrom(req), actorOf(res).name);
      await recordAction(res, { after: replaced });
      res.status(202).json(replaced);
    },
  );
}

function addReceivedReadingRoutes(router: Router, deps: PermitRoutesDeps, readReceived: Guard): void {
  router.get('/received-permits', readReceived, async (req, res) => {
    const { filter, limit, page } = parseListQuery(req, RECEIVED_PERMIT_STATUSES);
    const records = await deps.received.list(filter, limit, page);
    res.json(listPage(records, records, limit));
  });
  router.get('/received-permits/:key', readReceived, async (req, res) => {
    const permit = await deps.received.find(keyParam(req));
    if (!permit) throw new GatewayError('PERMIT_NOT_FOUND');
    res.json(permit);
  });
}

export function permitRoutes(deps: PermitRoutesDeps) {
  const issuer = requireRole(deps.authenticator, 'issuer');
  const readIssued = requireRole(deps.authenticator, 'issuer', 'auditor', 'admin');
  const readReceived = requireRole(deps.authenticator, 'customs', 'auditor', 'admin');
  const xml = express.text({ type: XML_TYPES, limit: deps.bodyLimitBytes });

  return (router: Router): void => {
    addIssuingRoutes(router, deps, issuer, xml);
    addIssuedReadingRoutes(router, deps, readIssued);
    addCancelAndReplaceRoutes(router, deps, issuer, xml);
    addReceivedReadingRoutes(router, deps, readReceived);
  };
}
