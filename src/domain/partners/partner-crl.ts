/**
 * CRLs an administrator uploaded for a partner whose certificates name no reachable CRL distribution point.
 * Each upload is checked (it must be a CRL signed by one of the partner's trusted CA certificates, and
 * current), stored once (the same CRL again changes nothing) and kept in the partner directory of every
 * instance, where the revocation checker uses it beside the CRLs it fetches (the newer one wins).
 */
import { createHash, type X509Certificate as NodeCertificate } from 'node:crypto';
import { GatewayError } from '../errors';
import { CRL_PEM_HEADER, findCrlIssuer, readCrl } from '../pki/crl';
import { normalizeFingerprint } from '../pki/certificate-info';
import type { x509 } from '../pki/x509';

export interface PartnerCrl {
  /** `<partner>:<sha256 of the DER>`: one record per partner and CRL. */
  id: string;
  partnerCode: string;
  /** The CRL's issuer name, as in the CRL. */
  issuer: string;
  /** Fingerprint (lower-case hex SHA-256) of the partner CA certificate whose key signed the CRL. */
  issuerFingerprint: string;
  thisUpdate: Date;
  /** Absent when the CRL names none (then it is current until a newer one replaces it). */
  nextUpdate?: Date;
  revokedCount: number;
  /** Lower-case hex SHA-256 of the DER. */
  sha256: string;
  /** The CRL itself, DER in base64. */
  der: string;
  uploadedAt: Date;
  uploadedBy: string;
}

/** Storage of uploaded CRLs; insert-only, so concurrent uploads of one CRL store it once. */
export interface PartnerCrlStore {
  /** 'exists' when the same CRL is already stored for that partner (decided by a unique key). */
  insertCrl(crl: PartnerCrl): Promise<'inserted' | 'exists'>;
  findCrl(id: string): Promise<PartnerCrl | null>;
  /** The CRLs of one partner, or of every partner when `code` is undefined: newest thisUpdate first. */
  listCrls(code?: string): Promise<PartnerCrl[]>;
}

/** An uploaded CRL as the revocation checker uses it: parsed, with the partner CA that signed it. */
export interface UploadedCrl {
  crl: x509.X509Crl;
  issuerFingerprint: string;
  uploadedAt: Date;
}

/** What an administrator sends: the CRL as PEM text or as base64 DER. */
export type CrlUpload = { pem: string } | { der: string };

/** Allowed clock difference between the partner's CA and us for a CRL's thisUpdate. */
export const CRL_CLOCK_SKEW_MS = 5 * 60_000;

/** Newest first: by thisUpdate, then (equal seconds are common) by upload time. */
export function compareCrlsNewestFirst(
  a: Pick<PartnerCrl, 'thisUpdate' | 'uploadedAt'>,
  b: Pick<PartnerCrl, 'thisUpdate' | 'uploadedAt'>,
): number {
  return b.thisUpdate.getTime() - a.thisUpdate.getTime() || b.uploadedAt.getTime() - a.uploadedAt.getTime();
}

function uploadBytes(upload: CrlUpload): Buffer {
  if ('pem' in upload) {
    if (!CRL_PEM_HEADER.test(upload.pem)) {
      throw new GatewayError(
        'CRL_INVALID',
        'the pem field holds no "-----BEGIN X509 CRL-----" (or "-----BEGIN CRL-----") block',
      );
    }
    return Buffer.from(upload.pem, 'latin1');
  }
  const text = upload.der.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new GatewayError('CRL_INVALID', 'der is not base64');
  return Buffer.from(text, 'base64');
}

/**
 * Reads and checks an uploaded CRL against the partner's CA certificates (`anchors`: its tls-ca and
 * signing-ca certificates in force) at `at`. Throws CRL_INVALID (not a CRL), CRL_NOT_FROM_PARTNER_ANCHOR
 * (no anchor's key signed it), CRL_NOT_YET_VALID (thisUpdate ahead of `at`, beyond the clock skew) or
 * CRL_EXPIRED (nextUpdate not after `at`).
 */
export async function checkPartnerCrlUpload(
  upload: CrlUpload,
  context: { partnerCode: string; anchors: readonly NodeCertificate[]; at: Date; by: string },
): Promise<PartnerCrl> {
  let crl: x509.X509Crl;
  try {
    crl = readCrl(uploadBytes(upload));
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    throw new GatewayError('CRL_INVALID', `the upload cannot be read as a CRL: ${(error as Error).message}`);
  }
  const issuer = await findCrlIssuer(crl, context.anchors);
  if (!issuer) {
    throw new GatewayError(
      'CRL_NOT_FROM_PARTNER_ANCHOR',
      `the CRL of ${crl.issuer} is not signed by any tls-ca or signing-ca certificate of ${context.partnerCode}`,
      { details: { issuer: crl.issuer } },
    );
  }
  const { at } = context;
  if (crl.thisUpdate.getTime() > at.getTime() + CRL_CLOCK_SKEW_MS) {
    throw new GatewayError(
      'CRL_NOT_YET_VALID',
      `the CRL's thisUpdate ${crl.thisUpdate.toISOString()} is in the future`,
    );
  }
  if (crl.nextUpdate && crl.nextUpdate <= at) {
    throw new GatewayError(
      'CRL_EXPIRED',
      `the CRL's nextUpdate ${crl.nextUpdate.toISOString()} has passed; upload a current CRL`,
      { details: { thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate } },
    );
  }
  const der = Buffer.from(crl.rawData);
  const sha256 = createHash('sha256').update(der).digest('hex');
  return {
    id: `${context.partnerCode}:${sha256}`,
    partnerCode: context.partnerCode,
    issuer: crl.issuer,
    issuerFingerprint: normalizeFingerprint(issuer.fingerprint256),
    thisUpdate: crl.thisUpdate,
    ...(crl.nextUpdate && { nextUpdate: crl.nextUpdate }),
    revokedCount: crl.entries.length,
    sha256,
    der: der.toString('base64'),
    uploadedAt: at,
    uploadedBy: context.by,
  };
}
