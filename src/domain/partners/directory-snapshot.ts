/**
 * An immutable, in-memory view of the partner directory, built from the database records. Everything the
 * exchange layer asks per request (which partner is this, which anchors verify its documents) is answered
 * from here without I/O. Time is always a parameter: a certificate uploaded ahead of a rotation becomes
 * trusted at its notBefore without a reload.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readCrl } from '../pki/crl';
import type { PartnerCrl, UploadedCrl } from './partner-crl';
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
  /** CRLs an administrator uploaded for the partner, parsed, newest first (absent: none). */
  readonly crls?: readonly UploadedCrl[];
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
    crls: readonly PartnerCrl[] = [],
  ) {
    this.digest = DirectorySnapshot.digestOf(partners, certificates, crls);
    const crlsByCode = DirectorySnapshot.parseCrls(crls);
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
      const uploaded = crlsByCode.get(partner.code);
      this.byCode.set(partner.code, { ...partner, certificates: certs, ...(uploaded && { crls: uploaded }) });
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

  /** Uploaded CRLs by partner, parsed, in the order given (newest first); an unreadable one is left out. */
  private static parseCrls(crls: readonly PartnerCrl[]): Map<string, UploadedCrl[]> {
    const byCode = new Map<string, UploadedCrl[]>();
    for (const stored of crls) {
      let crl: UploadedCrl['crl'];
      try {
        crl = readCrl(Buffer.from(stored.der, 'base64'));
      } catch {
        continue; // checked at upload; a damaged record must not stop the directory from loading
      }
      const list = byCode.get(stored.partnerCode) ?? [];
      list.push({ crl, issuerFingerprint: stored.issuerFingerprint, uploadedAt: stored.uploadedAt });
      byCode.set(stored.partnerCode, list);
    }
    return byCode;
  }

  static digestOf(
    partners: readonly Partner[],
    certificates: readonly PartnerCertificate[],
    crls: readonly PartnerCrl[] = [],
  ): string {
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
      // Only when there are any, so a directory without uploaded CRLs keeps the digest it always had.
      ...(crls.length > 0 && { crls: crls.map((c) => c.id).sort() }),
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
