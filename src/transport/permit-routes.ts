/**
 * Internal API for the Management Authority (role issuer): submit, cancel and replace permits; read issued
 * and received permits (auditors too; customs reads received permits).
 *
 * Permit keys contain slashes (KE/2026/NUMBER): clients URL-encode them in paths (KE%2F2026%2FNUMBER).
 */
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { GatewayError } from '../domain/errors';
import { ISSUED_PERMIT_STATUSES, RECEIVED_PERMIT_STATUSES } from '../domain/exchange/permit-records';
import type { IssuedPermitRepository, ReceivedPermitRepository } from '../domain/exchange/permit-repository';
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

const cancelBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
const listQuery = z.object({
  status: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function permitRoutes(deps: {
  authenticator: TokenAuthenticator;
  issue: IssuePermitDeps;
  issued: IssuedPermitRepository;
  received: ReceivedPermitRepository;
  bodyLimitBytes: number;
}) {
  const issuer = requireRole(deps.authenticator, 'issuer');
  const readIssued = requireRole(deps.authenticator, 'issuer', 'auditor', 'admin');
  const readReceived = requireRole(deps.authenticator, 'customs', 'auditor', 'admin');
  const xml = express.text({ type: XML_TYPES, limit: deps.bodyLimitBytes });

  return (router: Router): void => {
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
    router.get('/permits', readIssued, async (req, res) => {
      const query = parseBody(listQuery, req.query);
      if (query.status && !(ISSUED_PERMIT_STATUSES as readonly string[]).includes(query.status)) {
        throw new GatewayError(
          'VALIDATION_FAILED',
          `status must be one of ${ISSUED_PERMIT_STATUSES.join(', ')}`,
        );
      }
      const items = await deps.issued.list(query.status ? { status: query.status } : {}, query.limit);
      res.json({ items });
    });
    router.get('/permits/:key', readIssued, async (req, res) => {
      const permit = await deps.issued.find(keyParam(req));
      if (!permit) throw new GatewayError('PERMIT_NOT_FOUND');
      res.json(permit);
    });
    router.post(
      '/permits/:key/cancel',
      issuer,
      audited('permit.cancelled', permitTarget),
      async (req, res) => {
        const body = parseBody(cancelBody, req.body);
        const cancelled = await cancelPermit(deps.issue, keyParam(req), body.reason, actorOf(res).name);
        await recordAction(res, { after: { ...cancelled, reason: body.reason } });
        res.status(202).json(cancelled);
      },
    );
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
    router.get('/received-permits', readReceived, async (req, res) => {
      const query = parseBody(listQuery, req.query);
      if (query.status && !(RECEIVED_PERMIT_STATUSES as readonly string[]).includes(query.status)) {
        throw new GatewayError(
          'VALIDATION_FAILED',
          `status must be one of ${RECEIVED_PERMIT_STATUSES.join(', ')}`,
        );
      }
      const items = await deps.received.list(query.status ? { status: query.status } : {}, query.limit);
      res.json({ items });
    });
    router.get('/received-permits/:key', readReceived, async (req, res) => {
      const permit = await deps.received.find(keyParam(req));
      if (!permit) throw new GatewayError('PERMIT_NOT_FOUND');
      res.json(permit);
    });
  };
}
