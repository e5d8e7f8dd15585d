/**
 * The partner directory's admin API: partners and their certificates. Changes need the admin role;
 * reading is also open to auditors. (POST /partners/:code/ping lives in partner-ping-routes.ts.)
 */
import type { Request, Router } from 'express';
import { z } from 'zod';
import { isCountryCode } from '../domain/countries';
import { GatewayError } from '../domain/errors';
import { CERTIFICATE_ROLES, type Partner, type PartnerCertificate } from '../domain/partners/partner';
import { addPartner, newPartnerSchema } from '../flows/add-partner';
import { addPartnerCertificate, certificateUploadSchema } from '../flows/add-partner-certificate';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { toCertificateView, type CertificateView, type PartnerAdminDeps } from '../flows/partner-admin';
import { revokePartnerCertificate } from '../flows/revoke-partner-certificate';
import { partnerChangesSchema, updatePartner } from '../flows/update-partner';
import { actorOf, requireRole } from './auth';
import { parseBody } from './validate';

export const revokeQuery = z.object({ role: z.enum(CERTIFICATE_ROLES).optional() }).strict();

type PartnerView = Partner & { certificates: CertificateView[] };

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

type PartnerRoutesDeps = PartnerAdminDeps & { authenticator: TokenAuthenticator };
type Guard = ReturnType<typeof requireRole>;
type ToViews = (certs: PartnerCertificate[], pem?: boolean) => CertificateView[];

function addPartnerRoutesTo(
  router: Router,
  deps: PartnerRoutesDeps,
  guards: { admin: Guard; reader: Guard },
  views: ToViews,
  getPartnerView: (code: string) => Promise<PartnerView>,
): void {
  const { admin, reader } = guards;
  router.post('/partners', admin, async (req, res) => {
    const input = parseBody(newPartnerSchema, req.body);
    const partner = await addPartner(deps, input, actorOf(res).name);
    res
      .status(201)
      .location(`/api/v1/partners/${partner.code}`)
      .json({ ...partner, certificates: [] });
  });

  router.get('/partners', reader, async (_req, res) => {
    const [partners, certificates] = await Promise.all([
      deps.partners.listPartners(),
      deps.partners.listCertificates(),
    ]);
    const items: PartnerView[] = partners.map((p) => ({
      ...p,
      certificates: views(certificates.filter((c) => c.partnerCode === p.code)),
    }));
    res.json({ items });
  });

  router.get('/partners/:code', reader, async (req, res) => {
    res.json(await getPartnerView(codeParam(req)));
  });

  router.patch('/partners/:code', admin, async (req, res) => {
    const code = codeParam(req);
    const changes = parseBody(partnerChangesSchema, req.body);
    await updatePartner(deps, code, changes, actorOf(res).name);
    res.json(await getPartnerView(code));
  });
}

function addCertificateRoutesTo(
  router: Router,
  deps: PartnerRoutesDeps,
  guards: { admin: Guard; reader: Guard },
  views: ToViews,
): void {
  const { admin, reader } = guards;
  router.get('/partners/:code/certificates', reader, async (req, res) => {
    const code = codeParam(req);
    if (!(await deps.partners.findPartner(code))) {
      throw new GatewayError('PARTNER_NOT_FOUND', `no partner ${code}`);
    }
    res.json({ items: views(await deps.partners.listCertificates(code), true) });
  });

  router.post('/partners/:code/certificates', admin, async (req, res) => {
    const code = codeParam(req);
    const upload = parseBody(certificateUploadSchema, req.body);
    const { certificate, created } = await addPartnerCertificate(deps, code, upload, actorOf(res).name);
    res
      .status(created ? 201 : 200)
      .json({ created, certificate: toCertificateView(certificate, deps.clock.now()) });
  });

  router.delete('/partners/:code/certificates/:fingerprint', admin, async (req, res) => {
    const code = codeParam(req);
    const { role } = parseBody(revokeQuery, { ...req.query });
    const revoked = await revokePartnerCertificate(
      deps,
      code,
      String(req.params.fingerprint),
      role,
      actorOf(res).name,
    );
    res.json({ items: views(revoked) });
  });
}

export function partnerRoutes(deps: PartnerRoutesDeps) {
  const guards = {
    admin: requireRole(deps.authenticator, 'admin'),
    reader: requireRole(deps.authenticator, 'admin', 'auditor'),
  };
  const views: ToViews = (certs, pem = false) =>
    certs.map((c) => toCertificateView(c, deps.clock.now(), { pem }));

  async function getPartnerView(code: string): Promise<PartnerView> {
    const partner = await deps.partners.findPartner(code);
    if (!partner) throw new GatewayError('PARTNER_NOT_FOUND', `no partner ${code}`);
    return { ...partner, certificates: views(await deps.partners.listCertificates(code)) };
  }

  return (router: Router): void => {
    addPartnerRoutesTo(router, deps, guards, views, getPartnerView);
    addCertificateRoutesTo(router, deps, guards, views);
  };
}
