/**
 * An administrator revokes a partner certificate: the record is kept (marked revoked, for the audit
 * trail and so it cannot be uploaded again) and is no longer trusted. Other certificates of the same role
 * are not touched, so a rotation keeps working.
 */
import { GatewayError } from '../domain/errors';
import type { CertificateRole, PartnerCertificate } from '../domain/partners/partner';
import { isFingerprint, normalizeFingerprint } from '../domain/pki/certificate-info';
import type { AuditEntryInput } from '../domain/audit/audit-entry';
import {
  auditedCertificate,
  certificateTarget,
  recordAndNotify,
  type PartnerAdminDeps,
} from './partner-admin';

/**
 * Revokes the certificate with `fingerprint` under `role`, or under every role it is stored with when
 * `role` is undefined. Revoking an already revoked certificate changes nothing. Returns the records after.
 */
export async function revokePartnerCertificate(
  deps: PartnerAdminDeps,
  code: string,
  fingerprint: string,
  role: CertificateRole | undefined,
  actor: string,
): Promise<PartnerCertificate[]> {
  if (!isFingerprint(fingerprint)) {
    throw new GatewayError('VALIDATION_FAILED', 'fingerprint must be a SHA-256 fingerprint (64 hex digits)');
  }
  const fp = normalizeFingerprint(fingerprint);
  if (!(await deps.partners.findPartner(code)))
    throw new GatewayError('PARTNER_NOT_FOUND', `no partner ${code}`);
  const matching = (await deps.partners.listCertificates(code)).filter(
    (c) => c.fingerprint === fp && (role === undefined || c.role === role),
  );
  if (matching.length === 0) {
    throw new GatewayError(
      'CERT_NOT_FOUND',
      `partner ${code} has no certificate ${fp}${role ? ` under the role ${role}` : ''}`,
    );
  }
  const revokedAt = deps.clock.now();
  const entries: AuditEntryInput[] = [];
  for (const cert of matching.filter((c) => !c.revoked)) {
    const first = await deps.partners.revokeCertificate(code, cert.role, fp, { revokedAt, revokedBy: actor });
    if (!first) continue; // another request revoked it at the same moment and audits it
    entries.push({
      actor,
      action: 'certificate.revoked',
      target: certificateTarget(code, cert.role, fp),
      before: auditedCertificate(cert),
      after: auditedCertificate({ ...cert, revoked: true, revokedAt, revokedBy: actor }),
    });
  }
  if (entries.length > 0) await recordAndNotify(deps, code, entries);
  const after = await Promise.all(matching.map((c) => deps.partners.findCertificate(code, c.role, fp)));
  return after.filter((c): c is PartnerCertificate => c !== null);
}
