/**
 * CRLs administrators upload for partners without a reachable CRL distribution point (issue 13):
 *
 *   POST /api/v1/partners/:code/crls   admin            { pem } or { der } (base64)  → 201 (200: already stored)
 *   GET  /api/v1/partners/:code/crls   admin, auditor   → { items }, newest first
 *
 * Uploads are audited here, at the route layer (`partner-crl.uploaded`, success or failure with its code).
 * The request and response schemas are exported for the API description.
 */
import type { Request, Router } from 'express';
import { z } from 'zod';
import { isCountryCode } from '../domain/countries';
import { GatewayError } from '../domain/errors';
import type { CrlUpload } from '../domain/partners/partner-crl';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import {
  listPartnerCrls,
  toPartnerCrlView,
  uploadPartnerCrl,
  type PartnerCrlDeps,
} from '../flows/partner-crls';
import { audited, recordAction } from './audited-action';
import { actorOf, requireRole } from './auth';
import { parseBody } from './validate';

const MAX_CRL_CHARS = 2_000_000;

/** `{ pem }` (the PEM text of an X509 CRL) or `{ der }` (the DER bytes in base64): exactly one. */
export const crlUploadBodySchema = z
  .object({
    pem: z.string().min(1).max(MAX_CRL_CHARS).optional(),
    der: z.string().min(1).max(MAX_CRL_CHARS).optional(),
  })
  .strict()
  .refine((body) => (body.pem === undefined) !== (body.der === undefined), {
    message: 'give exactly one of pem or der',
  });

function uploadOf(body: z.infer<typeof crlUploadBodySchema>): CrlUpload {
  return body.pem !== undefined ? { pem: body.pem } : { der: body.der ?? '' };
}

/** One stored CRL as answered (dates as ISO 8601 strings). */
export const partnerCrlViewSchema = z.object({
  id: z.string().describe('<partner>:<sha256>'),
  partnerCode: z.string(),
  issuer: z.string().describe("The CRL's issuer name"),
  issuerFingerprint: z
    .string()
    .describe("SHA-256 (hex) of the partner's tls-ca or signing-ca certificate that signed the CRL"),
  thisUpdate: z.iso.datetime(),
  nextUpdate: z.iso.datetime().optional(),
  revokedCount: z.number().int().min(0),
  sha256: z.string().describe('SHA-256 (hex) of the DER'),
  uploadedBy: z.string(),
  uploadedAt: z.iso.datetime(),
  stale: z.boolean().describe('Past its nextUpdate: no longer current (the revocation policy then decides)'),
});

export const crlUploadResponseSchema = z.object({
  created: z.boolean().describe('false when the same CRL was already stored (nothing changed)'),
  crl: partnerCrlViewSchema,
});

export const crlListResponseSchema = z.object({ items: z.array(partnerCrlViewSchema) });

function codeParam(req: Request): string {
  const code = String(req.params.code);
  if (!isCountryCode(code)) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      'the partner code must be an ISO 3166-1 alpha-2 code, e.g. KE',
    );
  }
  return code;
}

export function partnerCrlRoutes(deps: PartnerCrlDeps & { authenticator: TokenAuthenticator }) {
  const admin = requireRole(deps.authenticator, 'admin');
  const reader = requireRole(deps.authenticator, 'admin', 'auditor');
  return (router: Router): void => {
    router.post(
      '/partners/:code/crls',
      admin,
      audited('partner-crl.uploaded', (req) => `partner:${String(req.params.code)}/crl`),
      async (req, res) => {
        const code = codeParam(req);
        const upload = uploadOf(parseBody(crlUploadBodySchema, req.body));
        const { crl, created } = await uploadPartnerCrl(deps, code, upload, actorOf(res).name);
        const view = toPartnerCrlView(crl, deps.clock.now());
        await recordAction(res, {
          target: `partner:${code}/crl:${crl.sha256}`,
          after: { ...view, created },
        });
        res.status(created ? 201 : 200).json({ created, crl: view });
      },
    );

    router.get('/partners/:code/crls', reader, async (req, res) => {
      const now = deps.clock.now();
      const items = (await listPartnerCrls(deps, codeParam(req))).map((c) => toPartnerCrlView(c, now));
      res.json({ items });
    });
  };
}
