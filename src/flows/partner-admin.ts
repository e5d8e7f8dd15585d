/**
 * What the partner administration flows share: their dependencies, the audit targets they write, and the
 * views they return. Every flow writes the record first, then appends the audit entry, then tells the
 * directory (a failed notification is only logged: the periodic reconcile catches up from the record).
 */
import type { AuditEntryInput, AuditLog } from '../domain/audit/audit-entry';
import {
  certificateState,
  type CertificateRole,
  type CertificateState,
  type DirectoryChangeNotifier,
  type Partner,
  type PartnerCertificate,
  type PartnerRepository,
} from '../domain/partners/partner';
import { summarizeCertificate } from '../domain/pki/certificate-info';
import type { Clock } from '../domain/ports';
import type { Logger } from '../logging/logger';

export interface PartnerAdminDeps {
  partners: PartnerRepository;
  audit: AuditLog;
  directory: DirectoryChangeNotifier;
  clock: Clock;
  logger: Logger;
  /** Our own country: never a partner of ourselves. */
  ownCountry: string;
}

export function partnerTarget(code: string): string {
  return `partner:${code}`;
}

export function certificateTarget(code: string, role: CertificateRole, fingerprint: string): string {
  return `partner:${code}/certificate:${role}:${fingerprint}`;
}

/** A certificate as the API shows it: its facts and state now, with or without the PEM. */
export type CertificateView = Omit<PartnerCertificate, 'pem'> & { state: CertificateState; pem?: string };

export function toCertificateView(
  cert: PartnerCertificate,
  at: Date,
  options: { pem: boolean } = { pem: false },
): CertificateView {
  return {
    ...summarizeCertificate(cert),
    state: certificateState(cert, at),
    ...(options.pem ? { pem: cert.pem } : {}),
  };
}

/** What the audit log keeps of a certificate: everything but the PEM (the fingerprint identifies it). */
export function auditedCertificate(cert: PartnerCertificate): Omit<PartnerCertificate, 'pem'> {
  return summarizeCertificate(cert);
}

export async function recordAndNotify(
  deps: Pick<PartnerAdminDeps, 'audit' | 'directory' | 'logger'>,
  code: string,
  entries: AuditEntryInput[],
): Promise<void> {
  for (const entry of entries) await deps.audit.append(entry);
  try {
    await deps.directory.changed(code);
  } catch (error) {
    deps.logger.warn('directory change notification failed; the periodic reconcile will pick it up', {
      partner: code,
      error: (error as Error).message,
    });
  }
}

export type PartnerView = Partner;
