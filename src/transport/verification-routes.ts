/**
 * Customs verification API:
 *  - POST /api/v1/verifications (customs): verify a presented permit; 201 with the verdict, or 200 with
 *    the stored result when the declaration was verified before (`replayed: true`);
 *  - GET /api/v1/verifications/:id and GET /api/v1/verifications?verdict=&reason=&permitKey=
 *    &declarationNumber=&from=&to=&limit= (customs, auditor).
 */
import type { Request, Router } from 'express';
import { z } from 'zod';
import { GatewayError } from '../domain/errors';
import type { ReceivedPermit } from '../domain/exchange/permit-records';
import { isIsoDate } from '../domain/permit/iso-date';
import { verificationRequestSchema } from '../domain/verification/declaration';
import type { VerificationMetrics } from '../domain/verification/ports';
import { REASON_CODES, type ReasonCode } from '../domain/verification/reason-codes';
import type { Verification } from '../domain/verification/verification';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { verifyPresentedPermit, type VerifyPresentedPermitDeps } from '../flows/verify-presented-permit';
import { audited, recordAction } from './audited-action';
import { actorOf, requireRole } from './auth';
import type { GatewayMetrics } from './metrics';
import { parseBody } from './validate';

/** The verification as the API shows it (the request digest stays internal). */
export function toVerificationBody(verification: Verification, replayed?: boolean): Record<string, unknown> {
  const { requestDigest: _digest, ...shown } = verification;
  return { ...shown, ...(replayed === undefined ? {} : { replayed }) };
}

const dateParam = z
  .string()
  .refine(isIsoDate, { message: 'must be an ISO 8601 date or date-time' })
  .transform((s) => new Date(s));

export const listQuery = z.strictObject({
  verdict: z.enum(['ACCEPTED', 'REJECTED']).optional(),
  reason: z
    .string()
    .refine((s) => Object.prototype.hasOwnProperty.call(REASON_CODES, s), { message: 'is not a reason code' })
    .transform((s) => s as ReasonCode)
    .optional(),
  permitKey: z.string().min(1).max(100).optional(),
  declarationNumber: z.string().min(1).max(70).optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The Prometheus side of the verification metrics port. */
export function verificationMetrics(metrics: GatewayMetrics): VerificationMetrics {
  return {
    countVerdict: (verdict) => metrics.verifications.inc({ verdict }),
    countRejectionReason: (code) => metrics.verificationRejections.inc({ reason: code }),
  };
}

/** The target of a verification that failed before it had an id: the presented permit, as given. */
function presentedPermit(req: Request): string {
  const body = req.body as { permit?: { issuingCountry?: unknown; permitNumber?: unknown } } | undefined;
  const permit = body?.permit;
  return permit && typeof permit.permitNumber === 'string'
    ? `presented-permit:${String(permit.issuingCountry)}/${permit.permitNumber}`
    : 'presented-permit:(document)';
}

/** What the audit entry keeps of a verification: the verdict and its reason codes, not the documents. */
function verdictOf(verification: Verification, replayed: boolean): Record<string, unknown> {
  return {
    verdict: verification.verdict,
    reasons: verification.reasons.map((r) => r.code),
    permitKey: verification.permitKey ?? null,
    declarationNumber: verification.declarationNumber,
    replayed,
  };
}

export function verificationRoutes(
  deps: VerifyPresentedPermitDeps & {
    authenticator: TokenAuthenticator;
    /** The risk assessment made with each verification (issue 15), shown in its answer. */
    assessRisk?: (
      verification: Verification,
      actor: string,
      received?: ReceivedPermit | null,
    ) => Promise<Record<string, unknown>>;
  },
) {
  const customs = requireRole(deps.authenticator, 'customs');
  const readers = requireRole(deps.authenticator, 'customs', 'auditor');
  return (router: Router): void => {
    router.post(
      '/verifications',
      customs,
      audited('verification.performed', presentedPermit),
      async (req, res) => {
        const body = parseBody(verificationRequestSchema, req.body);
        const { verification, replayed, received } = await verifyPresentedPermit(deps, {
          body,
          actor: actorOf(res).name,
        });
        const assessment = deps.assessRisk
          ? await deps.assessRisk(verification, actorOf(res).name, received)
          : undefined;
        await recordAction(res, {
          target: `verification:${verification.id}`,
          after: verdictOf(verification, replayed),
        });
        res
          .status(replayed ? 200 : 201)
          .location(`/api/v1/verifications/${encodeURIComponent(verification.id)}`)
          .json({ ...toVerificationBody(verification, replayed), ...(assessment ? { assessment } : {}) });
      },
    );
    router.get('/verifications', readers, async (req, res) => {
      const query = parseBody(listQuery, req.query);
      const items = await deps.verifications.list(query);
      res.json({ items: items.map((v) => toVerificationBody(v)) });
    });
    router.get('/verifications/:id', readers, async (req, res) => {
      const id = String(req.params.id);
      const verification = await deps.verifications.find(id);
      if (!verification) throw new GatewayError('VERIFICATION_NOT_FOUND', `no verification ${id}`);
      res.json(toVerificationBody(verification));
    });
  };
}
