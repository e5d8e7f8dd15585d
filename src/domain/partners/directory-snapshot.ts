/**
 * An immutable, in-memory view of the partner directory, built from the database records. Everything the
 * exchange layer asks per request (which partner is this, which anchors verify its documents) is answered
 * from here without I/O. Time is always a parameter: a certificate uploaded ahead of a rotation becomes
 * trusted at its notBefore without a reload.
 */
import { createHash, X509Certificate } from 'node:crypto';
import {
  certificateState,
  type AnchorRole,
  type CertificateRole,
  type Partner,
  type PartnerCertificate,
  type PinnedRole,
} from './partner';

export interface DirectoryCertificate extends PartnerCertificate {
  /** The parsed certificate, for chain checks (node:crypto). */
  readonly x509: X509Certificate;
}

export interface DirectoryPartner extends Partner {
  /** Every certificate of the partner, revoked ones included, in upload order. */
  readonly certificates: readonly DirectoryCertificate[];
}

export class DirectorySnapshot {
  /** SHA-256 over the directory's content: equal digests mean equal directories. */
  readonly digest: string;
  private readonly byCode = new Map<string, DirectoryPartner>();
  private readonly tlsAnchorsByFingerprint = new Map<string, DirectoryCertificate[]>();

  /**
   * @param version changes whenever the content changes, so caches (e.g. of validated signer chains) can
   *   key on it. Caches must still check validity dates themselves: time passing does not bump it.
   */
  constructor(
    readonly version: number,
    partners: readonly Partner[],
    certificates: readonly PartnerCertificate[],
  ) {
    this.digest = DirectorySnapshot.digestOf(partners, certificates);
    const certsByCode = new Map<string, DirectoryCertificate[]>();
    for (const cert of certificates) {
      const entry: DirectoryCertificate = { ...cert, x509: new X509Certificate(cert.pem) };
      const list = certsByCode.get(cert.partnerCode) ?? [];
      list.push(entry);
      certsByCode.set(cert.partnerCode, list);
    }
    for (const partner of partners) {
      const certs = (certsByCode.get(partner.code) ?? []).sort(
        (a, b) => a.addedAt.getTime() - b.addedAt.getTime(),
      );
      this.byCode.set(partner.code, { ...partner, certificates: certs });
      for (const cert of certs) {
        if (cert.role !== 'tls-ca' || cert.revoked) continue;
        const list = this.tlsAnchorsByFingerprint.get(cert.fingerprint) ?? [];
        list.push(cert);
        this.tlsAnchorsByFingerprint.set(cert.fingerprint, list);
      }
    }
  }

  static empty(): DirectorySnapshot {
    return new DirectorySnapshot(0, [], []);
  }

  static digestOf(partners: readonly Partner[], certificates: readonly PartnerCertificate[]): string {
    const canonical = {
      partners: [...partners]
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((p) => [
          p.code,
          p.name,
          p.endpointUrl,
          p.status,
          p.timeoutMs,
          [...p.allowedDocumentTypes].sort(),
        ]),
      certificates: [...certificates]
        .map((c) => [c.partnerCode, c.role, c.fingerprint, c.revoked])
        .sort((a, b) => a.join('|').localeCompare(b.join('|'))),
    };
    return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
  }

  findPartner(code: string): DirectoryPartner | undefined {
    return this.byCode.get(code);
  }

  partners(): DirectoryPartner[] {
    return [...this.byCode.values()];
  }

  /**
   * The anchors of `role` that verify this partner's certificates at `at`: not revoked and valid at `at`.
   * Empty when the partner is unknown or not active, so a suspended partner's documents verify against
   * nothing.
   */
  activeAnchors(code: string, role: AnchorRole, at: Date): DirectoryCertificate[] {
    return this.activeCertificates(code, role, at);
  }

  /**
   * Pinned leaves of `role` (tls-client or signing) in force at `at`. Empty means "nothing pinned": any
   * leaf that chains to an active anchor is accepted. Empty too when the partner is not active.
   */
  pinnedLeaves(code: string, role: PinnedRole, at: Date): DirectoryCertificate[] {
    return this.activeCertificates(code, role, at);
  }

  /**
   * Every non-revoked certificate of `role`, whatever the partner's status and the dates: what an
   * outgoing TLS connection to the partner may trust (OpenSSL checks the dates itself), e.g. to ping a
   * pending partner before activating it.
   */
  trustedCertificates(code: string, role: CertificateRole): DirectoryCertificate[] {
    return (this.byCode.get(code)?.certificates ?? []).filter((c) => c.role === role && !c.revoked);
  }

  /** Non-revoked tls-ca anchors with this fingerprint, of every partner (one CA may serve several). */
  tlsAnchorsWithFingerprint(fingerprint: string): DirectoryCertificate[] {
    return this.tlsAnchorsByFingerprint.get(fingerprint) ?? [];
  }

  /** Every non-revoked tls-ca anchor of every partner. */
  allTlsAnchors(): DirectoryCertificate[] {
    return [...this.tlsAnchorsByFingerprint.values()].flat();
  }

  /**
   * The CA certificates the mutual-TLS server trusts: the non-revoked tls-ca anchors of active partners,
   * once each. Dates are left to OpenSSL, so an anchor uploaded ahead of time starts working at its
   * notBefore without a reload.
   */
  tlsServerCaPems(): string[] {
    const pems = new Map<string, string>();
    for (const partner of this.byCode.values()) {
      if (partner.status !== 'active') continue;
      for (const cert of partner.certificates) {
        if (cert.role === 'tls-ca' && !cert.revoked) pems.set(cert.fingerprint, cert.pem);
      }
    }
    return [...pems.values()];
  }

  private activeCertificates(code: string, role: CertificateRole, at: Date): DirectoryCertificate[] {
    const partner = this.byCode.get(code);
    if (!partner || partner.status !== 'active') return [];
    return partner.certificates.filter((c) => c.role === role && certificateState(c, at) === 'active');
  }
}
