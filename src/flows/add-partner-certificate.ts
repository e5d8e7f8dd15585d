/**
 * Onboarding step 2: an administrator uploads one of the partner's certificates under a role. The upload
 * is read, checked (each rejection with its own code) and stored once: uploading the same certificate
 * again changes nothing. Several certificates per role may be in force at once (rotation).
 */
import { z } from 'zod';
import { GatewayError } from '../domain/errors';
import { CERTIFICATE_ROLES, type PartnerCertificate } from '../domain/partners/partner';
import {
  assertCertificateAcceptable,
  readCertificateUpload,
  type CertificateUpload,
} from '../domain/pki/certificate-checks';
import {
  auditedCertificate,
  certificateTarget,
  recordAndNotify,
  type PartnerAdminDeps,
} from './partner-admin';

const role = z.enum(CERTIFICATE_ROLES);
const MAX_UPLOAD_CHARS = 200_000;

const uploadText = z.string().min(1).max(MAX_UPLOAD_CHARS);

/** `{ role, pem }`, `{ role, der }` (base64) or `{ role, pkcs12, password }` (base64), exactly one form. */
export const certificateUploadSchema = z
  .object({
    role,
    pem: uploadText.optional(),
    der: uploadText.optional(),
    pkcs12: uploadText.optional(),
    password: z.string().max(1000).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const forms = (['pem', 'der', 'pkcs12'] as const).filter((key) => value[key] !== undefined);
    if (forms.length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of pem, der or pkcs12', path: [] });
    }
    if ((value.pkcs12 === undefined) !== (value.password === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'password goes with pkcs12 (and only with it)',
        path: ['password'],
      });
    }
  })
  .transform((value): CertificateUpload => {
    if (value.pem !== undefined) return { role: value.role, pem: value.pem };
    if (value.der !== undefined) return { role: value.role, der: value.der };
    return { role: value.role, pkcs12: value.pkcs12 ?? '', password: value.password ?? '' };
  });

export interface AddedCertificate {
  certificate: PartnerCertificate;
  /** False when the same certificate was already stored under this role (idempotent upload). */
  created: boolean;
}

export async function addPartnerCertificate(
  deps: PartnerAdminDeps,
  code: string,
  upload: CertificateUpload,
  actor: string,
): Promise<AddedCertificate> {
  const partner = await deps.partners.findPartner(code);
  if (!partner) throw new GatewayError('PARTNER_NOT_FOUND', `no partner ${code}`);
  const info = readCertificateUpload(upload);
  const known = (await deps.partners.listCertificates(code)).filter(
    (c) => c.fingerprint === info.fingerprint,
  );
  const revoked = known.find((c) => c.revoked);
  if (revoked) {
    throw new GatewayError(
      'CERT_REVOKED',
      `this certificate of ${code} was revoked (as ${revoked.role}) and cannot be trusted again`,
      { details: { fingerprint: info.fingerprint, role: revoked.role, revokedAt: revoked.revokedAt } },
    );
  }
  const now = deps.clock.now();
  assertCertificateAcceptable(info, { role: upload.role, partnerCode: code, at: now });
  const certificate: PartnerCertificate = {
    ...info,
    partnerCode: code,
    role: upload.role,
    addedAt: now,
    addedBy: actor,
    revoked: false,
  };
  const outcome = await deps.partners.insertCertificate(certificate);
  if (outcome === 'exists') {
    const existing = await deps.partners.findCertificate(code, upload.role, info.fingerprint);
    return { certificate: existing ?? certificate, created: false };
  }
  await recordAndNotify(deps, code, [
    {
      actor,
      action: 'certificate.added',
      target: certificateTarget(code, upload.role, info.fingerprint),
      before: null,
      after: auditedCertificate(certificate),
    },
  ]);
  return { certificate, created: true };
}
