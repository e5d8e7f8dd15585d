/**
 * Audit of actor actions at the route layer, declared per route:
 *
 *   router.post('/permits/:key/cancel', issuer, audited('permit.cancelled', (req) => `permit:${req.params.key}`),
 *     async (req, res) => {
 *       const result = await cancelPermit(...);
 *       await recordAction(res, { after: { messageId: result.messageId } });   // before answering
 *       res.status(202).json(result);
 *     });
 *
 * `audited` declares the action and its target; `recordAction` appends the success entry once the flow has
 * returned (and before the answer is sent, so an answered action is on record); when the handler throws
 * instead, `recordFailedActions` (installed once after the API's routes) appends a `failure` entry with the
 * error code. Each entry names the actor (token name and role), the action, the target, the outcome and the
 * request id. The audit log comes from `res.locals` (put there by `provideAuditLog`), so routes need no
 * extra dependency.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { AuditAction, AuditEntryInput, AuditLog } from '../domain/audit/audit-entry';
import type { Actor } from '../domain/auth/token';
import { currentContext } from '../logging/context';
import { toGatewayError } from './http-common';

interface PendingAction {
  action: AuditAction;
  target: string;
  recorded: boolean;
}

interface AuditLocals {
  auditLog?: Pick<AuditLog, 'append'>;
  pendingAction?: PendingAction;
  actor?: Actor;
}

const localsOf = (res: Response): AuditLocals => res.locals as AuditLocals;

/** App-level: makes the audit log reachable from every route's `res.locals`. */
export function provideAuditLog(audit: Pick<AuditLog, 'append'>): RequestHandler {
  return (_req, res, next) => {
    localsOf(res).auditLog = audit;
    next();
  };
}

/** Route-level, after `requireRole`: this route performs `action` on the target `target(req)`. */
export function audited(action: AuditAction, target: (req: Request) => string): RequestHandler {
  return (req, res, next) => {
    localsOf(res).pendingAction = { action, target: target(req), recorded: false };
    next();
  };
}

/** The success entry of the route's declared action; `target` replaces the declared one when known better. */
export async function recordAction(
  res: Response,
  details: { target?: string; before?: unknown; after?: unknown } = {},
): Promise<void> {
  const pending = pendingOf(res);
  if (details.target !== undefined) pending.target = details.target;
  pending.recorded = true;
  await appendFor(res, pending, 'success', details.before ?? null, details.after ?? null);
}

/** App-level error handler, after the routes: a declared action that failed is recorded as a failure. */
export function recordFailedActions(): ErrorRequestHandler {
  return async (error: unknown, _req, res, next) => {
    const pending = localsOf(res).pendingAction;
    if (pending && !pending.recorded) {
      pending.recorded = true;
      const { code, message } = toGatewayError(error);
      try {
        await appendFor(res, pending, 'failure', null, { error: code, message });
      } catch (auditError) {
        next(auditError);
        return;
      }
    }
    next(error);
  };
}

function pendingOf(res: Response): PendingAction {
  const pending = localsOf(res).pendingAction;
  if (!pending) throw new Error('recordAction: the route declares no audited(...) action');
  return pending;
}

async function appendFor(
  res: Response,
  pending: PendingAction,
  outcome: 'success' | 'failure',
  before: unknown,
  after: unknown,
): Promise<void> {
  const { auditLog, actor } = localsOf(res);
  if (!auditLog) throw new Error('recordAction: provideAuditLog is not installed on this app');
  const requestId = currentContext()?.correlationId;
  const input: AuditEntryInput = {
    actor: actor?.name ?? 'anonymous',
    ...(actor && { actorRole: actor.role }),
    action: pending.action,
    target: pending.target,
    outcome,
    before,
    after,
    ...(requestId !== undefined && { requestId }),
  };
  await auditLog.append(input);
}
