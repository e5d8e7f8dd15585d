/**
 * A partner country's gateway as administrators onboard it: where it is reached, whether it may exchange
 * with us, and which certificates we trust for it. The database record is the source of truth; the
 * in-memory `DirectorySnapshot` is built from it.
 */
import type { CertificateInfo } from '../pki/certificate-info';

export const PARTNER_STATUSES = ['pending', 'active', 'suspended'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/**
 * `tls-ca` anchors the partner's TLS client and server certificates; `signing-ca` anchors its
 * document-signing certificates; `tls-client` and `signing` are optional pinned leaves (when any is
 * pinned, only pinned leaves are accepted for that purpose).
 */
export const CERTIFICATE_ROLES = ['tls-ca', 'signing-ca', 'tls-client', 'signing'] as const;
export type CertificateRole = (typeof CERTIFICATE_ROLES)[number];
export type AnchorRole = Extract<CertificateRole, 'tls-ca' | 'signing-ca'>;
export type PinnedRole = Extract<CertificateRole, 'tls-client' | 'signing'>;

export function isCaRole(role: CertificateRole): role is AnchorRole {
  return role === 'tls-ca' || role === 'signing-ca';
}

/** CITES document types a partner may exchange with us. */
export const DOCUMENT_TYPES = ['export', 're-export', 'import', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const PARTNER_TIMEOUT_LIMITS = { minMs: 1_000, maxMs: 300_000 } as const;

export interface Partner {
  /** ISO 3166-1 alpha-2 code of the partner country, upper case. */
  code: string;
  name: string;
  /** Base https URL of the partner's exchange endpoint; paths such as `exchange/v1/health` are appended. */
  endpointUrl: string;
  status: PartnerStatus;
  /** Timeout of one request to this partner, in milliseconds. */
  timeoutMs: number;
  allowedDocumentTypes: DocumentType[];
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

/** The fields an administrator may change after creation. */
export type PartnerChanges = Partial<
  Pick<Partner, 'name' | 'endpointUrl' | 'status' | 'timeoutMs' | 'allowedDocumentTypes'>
>;

/** A certificate stored for a partner under one role. The same certificate may be stored under several roles. */
export interface PartnerCertificate extends CertificateInfo {
  partnerCode: string;
  role: CertificateRole;
  addedAt: Date;
  addedBy: string;
  revoked: boolean;
  revokedAt?: Date;
  revokedBy?: string;
}

export type CertificateState = 'active' | 'not-yet-valid' | 'expired' | 'revoked';

/** Where a certificate stands at `at`: revoked wins, then validity dates. */
export function certificateState(
  cert: Pick<PartnerCertificate, 'revoked' | 'notBefore' | 'notAfter'>,
  at: Date,
): CertificateState {
  if (cert.revoked) return 'revoked';
  if (at < cert.notBefore) return 'not-yet-valid';
  if (at > cert.notAfter) return 'expired';
  return 'active';
}

/** Storage of partners and their certificates. */
export interface PartnerRepository {
  /** Inserts a new partner; throws PARTNER_EXISTS when the code is taken. */
  insertPartner(partner: Partner): Promise<void>;
  findPartner(code: string): Promise<Partner | null>;
  listPartners(): Promise<Partner[]>;
  /** Applies `changes`; returns the partner after the change, or null when there is no such partner. */
  updatePartner(
    code: string,
    changes: PartnerChanges,
    by: { updatedAt: Date; updatedBy: string },
  ): Promise<Partner | null>;
  /**
   * Inserts a certificate under its role once: 'exists' when the same certificate is already stored for
   * that partner and role (decided by a unique key, so concurrent uploads store it once).
   */
  insertCertificate(cert: PartnerCertificate): Promise<'inserted' | 'exists'>;
  findCertificate(
    code: string,
    role: CertificateRole,
    fingerprint: string,
  ): Promise<PartnerCertificate | null>;
  /** Certificates of one partner, or of all partners when `code` is undefined (revoked ones included). */
  listCertificates(code?: string): Promise<PartnerCertificate[]>;
  /**
   * Marks a certificate revoked. Returns true only for the call that revoked it (once-only, decided by a
   * unique key), false when it was already revoked.
   */
  revokeCertificate(
    code: string,
    role: CertificateRole,
    fingerprint: string,
    by: { revokedAt: Date; revokedBy: string },
  ): Promise<boolean>;
}

/** What instances tell each other when the directory changed (partner or certificate). */
export interface DirectoryChangeEvent {
  partner: string;
  /** Instance that made the change, so it can ignore its own echo. */
  origin: string;
  at: string;
}

/** Broadcast of directory changes between gateway instances. */
export interface DirectoryChangeBus {
  publish(event: DirectoryChangeEvent): Promise<void>;
}

/**
 * Told after every partner or certificate change, so the directory in memory (on this and every other
 * instance) follows the database without a restart. The admin flows call it after their write succeeded;
 * PartnerDirectory implements it.
 */
export interface DirectoryChangeNotifier {
  changed(partnerCode: string): Promise<void>;
}
