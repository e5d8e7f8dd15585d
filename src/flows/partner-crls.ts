/**
 * An administrator uploads a CRL for a partner whose certificates name no reachable CRL distribution point
 * (issue 13). The CRL must be signed by one of the partner's CA certificates in force (tls-ca or
 * signing-ca) and be current; it is stored once (the same CRL again changes nothing) and the directory of
 * every instance reloads, so the revocation checker uses it at once here and soon everywhere. The route
 * layer audits the upload (success or failure).
 */
import { X509Certificate } from 'node:crypto';
import { GatewayError } from '../domain/errors';
import {
  certificateState,
  isCaRole,
  type DirectoryChangeNotifier,
  type PartnerRepository,
} from '../domain/partners/partner';
import {
  checkPartnerCrlUpload,
  type CrlUpload,
  type PartnerCrl,
  type PartnerCrlStore,
} from '../domain/partners/partner-crl';
import type { Clock } from '../domain/ports';
import type { Logger } from '../logging/logger';

export interface PartnerCrlDeps {
  partners: Pick<PartnerRepository, 'findPartner' | 'listCertificates'>;
  crls: PartnerCrlStore;
  directory: DirectoryChangeNotifier;
  clock: Clock;
  logger: Logger;
}

/** A stored CRL as the API shows it: its facts without the DER, and whether it is past its nextUpdate. */
export type PartnerCrlView = Omit<PartnerCrl, 'der'> & { stale: boolean };

export function toPartnerCrlView(crl: PartnerCrl, at: Date): PartnerCrlView {
  const { der: _der, ...facts } = crl;
  return { ...facts, stale: crl.nextUpdate !== undefined && crl.nextUpdate <= at };
}

async function requirePartner(deps: Pick<PartnerCrlDeps, 'partners'>, code: string): Promise<void> {
  if (!(await deps.partners.findPartner(code))) {
    throw new GatewayError('PARTNER_NOT_FOUND', `no partner ${code}`);
  }
}

export interface UploadedPartnerCrl {
  crl: PartnerCrl;
  /** False when the same CRL was already stored for the partner (nothing changed). */
  created: boolean;
}

export async function uploadPartnerCrl(
  deps: PartnerCrlDeps,
  code: string,
  upload: CrlUpload,
  actor: string,
): Promise<UploadedPartnerCrl> {
  await requirePartner(deps, code);
  const now = deps.clock.now();
  const anchors = (await deps.partners.listCertificates(code))
    .filter((c) => isCaRole(c.role) && certificateState(c, now) === 'active')
    .map((c) => new X509Certificate(c.pem));
  const crl = await checkPartnerCrlUpload(upload, { partnerCode: code, anchors, at: now, by: actor });
  if ((await deps.crls.insertCrl(crl)) === 'exists') {
    return { crl: (await deps.crls.findCrl(crl.id)) ?? crl, created: false };
  }
  try {
    await deps.directory.changed(code);
  } catch (error) {
    deps.logger.warn('directory change notification failed; the periodic reconcile will pick it up', {
      partner: code,
      error: (error as Error).message,
    });
  }
  deps.logger.info('partner CRL uploaded', {
    partner: code,
    issuer: crl.issuer,
    thisUpdate: crl.thisUpdate.toISOString(),
    revoked: crl.revokedCount,
  });
  return { crl, created: true };
}

export async function listPartnerCrls(
  deps: Pick<PartnerCrlDeps, 'partners' | 'crls'>,
  code: string,
): Promise<PartnerCrl[]> {
  await requirePartner(deps, code);
  return deps.crls.listCrls(code);
}
