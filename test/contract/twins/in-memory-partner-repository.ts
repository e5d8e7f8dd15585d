/** PartnerRepository in memory, for fast flow tests; held to the same contract as the MongoDB one. */
import { GatewayError } from '../../../src/domain/errors';
import type {
  CertificateRole,
  Partner,
  PartnerCertificate,
  PartnerChanges,
  PartnerRepository,
} from '../../../src/domain/partners/partner';

const key = (code: string, role: CertificateRole, fingerprint: string): string =>
  `${code}:${role}:${fingerprint}`;
const copy = <T>(value: T): T => structuredClone(value);

export class InMemoryPartnerRepository implements PartnerRepository {
  private readonly partners = new Map<string, Partner>();
  private readonly certificates = new Map<string, PartnerCertificate>();
  private readonly revocations = new Map<string, { revokedAt: Date; revokedBy: string }>();

  insertPartner(partner: Partner): Promise<void> {
    if (this.partners.has(partner.code)) {
      return Promise.reject(new GatewayError('PARTNER_EXISTS', `partner ${partner.code} already exists`));
    }
    this.partners.set(partner.code, copy(partner));
    return Promise.resolve();
  }

  findPartner(code: string): Promise<Partner | null> {
    const partner = this.partners.get(code);
    return Promise.resolve(partner ? copy(partner) : null);
  }

  listPartners(): Promise<Partner[]> {
    return Promise.resolve(
      [...this.partners.values()].sort((a, b) => a.code.localeCompare(b.code)).map(copy),
    );
  }

  updatePartner(
    code: string,
    changes: PartnerChanges,
    by: { updatedAt: Date; updatedBy: string },
  ): Promise<Partner | null> {
    const partner = this.partners.get(code);
    if (!partner) return Promise.resolve(null);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const updated = { ...partner, ...copy(defined), ...by };
    this.partners.set(code, updated);
    return Promise.resolve(copy(updated));
  }

  insertCertificate(cert: PartnerCertificate): Promise<'inserted' | 'exists'> {
    const id = key(cert.partnerCode, cert.role, cert.fingerprint);
    if (this.certificates.has(id)) return Promise.resolve('exists');
    this.certificates.set(id, copy(cert));
    return Promise.resolve('inserted');
  }

  findCertificate(
    code: string,
    role: CertificateRole,
    fingerprint: string,
  ): Promise<PartnerCertificate | null> {
    const id = key(code, role, fingerprint);
    const cert = this.certificates.get(id);
    return Promise.resolve(cert ? this.withRevocation(id, cert) : null);
  }

  listCertificates(code?: string): Promise<PartnerCertificate[]> {
    return Promise.resolve(
      [...this.certificates.entries()]
        .filter(([, cert]) => code === undefined || cert.partnerCode === code)
        .sort(([, a], [, b]) => a.addedAt.getTime() - b.addedAt.getTime())
        .map(([id, cert]) => this.withRevocation(id, cert)),
    );
  }

  revokeCertificate(
    code: string,
    role: CertificateRole,
    fingerprint: string,
    by: { revokedAt: Date; revokedBy: string },
  ): Promise<boolean> {
    const id = key(code, role, fingerprint);
    if (this.revocations.has(id)) return Promise.resolve(false);
    this.revocations.set(id, { ...by });
    return Promise.resolve(true);
  }

  private withRevocation(id: string, cert: PartnerCertificate): PartnerCertificate {
    const revocation = this.revocations.get(id);
    return revocation ? { ...copy(cert), revoked: true, ...copy(revocation) } : copy(cert);
  }
}
