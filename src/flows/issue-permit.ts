/**
 * Issuing side, use cases of the Management Authority: submit a permit (sign it, store it, send it to the
 * importing country), cancel it, replace it. Each call is safe to repeat: a permit key is stored once, and
 * lifecycle messages have ids derived from what they are about, so the outbox sends each at most once.
 * Each change is also recorded in the trade ledger (the reports' data), after the stored permit and before
 * the message is queued: a repeated call that completes an interrupted one records it too (once-only).
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { GatewayError } from '../domain/errors';
import { sha256Base64 } from '../domain/exchange/envelope-xml';
import { deterministicMessageId } from '../domain/exchange/message';
import type { IssuedPermit } from '../domain/exchange/permit-records';
import type { IssuedPermitRepository } from '../domain/exchange/permit-repository';
import type { DocumentType as PartnerDocumentType } from '../domain/partners/partner';
import type { DirectorySnapshot } from '../domain/partners/directory-snapshot';
import type { Permit } from '../domain/permit/permit';
import { formatPermitKey, permitKeyOf } from '../domain/permit/permit-key';
import type { Clock } from '../domain/ports';
import { exportedFact, type TradeLedger } from '../domain/reports/trade-ledger';
import type { XmlSigner } from '../domain/signing/xml-signer';
import { toPermitXml } from '../domain/xml/permit-xml';
import type { Outbox } from './outbox';

export interface IssuePermitDeps {
  country: string;
  signer: XmlSigner;
  issued: IssuedPermitRepository;
  outbox: Outbox;
  directory: { current(): DirectorySnapshot };
  /** Where the reports' facts go (the permit issued, cancelled, replaced). */
  ledger: Pick<TradeLedger, 'record'>;
  clock: Clock;
}

export interface SubmittedPermit {
  permitKey: string;
  messageId: string;
  state: string;
  destination: string;
  /** False when the same permit had been submitted before (nothing new was stored or sent). */
  created: boolean;
}

const PARTNER_TYPE: Record<Permit['type'], PartnerDocumentType> = {
  E: 'export',
  R: 're-export',
  I: 'import',
  O: 'other',
};

/** The active partner a permit is sent to (its importer's country), or the reason it cannot be sent. */
function destinationOf(deps: IssuePermitDeps, permit: Permit): string {
  if (permit.issuingCountry !== deps.country) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `issuingCountry is ${permit.issuingCountry}; this gateway issues permits of ${deps.country} only`,
    );
  }
  if (permit.type === 'I') {
    throw new GatewayError(
      'VALIDATION_FAILED',
      'import permits are recorded locally, not sent (POST /api/v1/import-permits)',
    );
  }
  const destination = permit.importer.address.country;
  const partner = deps.directory.current().findPartner(destination);
  if (!partner || partner.status !== 'active') {
    throw new GatewayError(
      'PARTNER_NOT_ACTIVE',
      `the country of import ${destination} is not an active partner`,
    );
  }
  if (!partner.allowedDocumentTypes.includes(PARTNER_TYPE[permit.type])) {
    throw new GatewayError(
      'EXCHANGE_DOCUMENT_TYPE_NOT_ALLOWED',
      `${destination} does not accept ${PARTNER_TYPE[permit.type]} documents from us`,
    );
  }
  return destination;
}

/** Signs and stores a new permit and queues it for its importing country. */
export async function submitPermit(
  deps: IssuePermitDeps,
  permit: Permit,
  actor: string,
  replaces?: IssuedPermit,
): Promise<SubmittedPermit> {
  const destination = destinationOf(deps, permit);
  const permitKey = formatPermitKey(permitKeyOf(permit));
  const signedXml = await deps.signer.sign(toPermitXml(permit));
  const now = deps.clock.now();
  const record: IssuedPermit = {
    permitKey,
    permit,
    signedXml,
    digest: sha256Base64(Buffer.from(signedXml, 'utf8')),
    destination,
    status: 'ISSUED',
    messageId: randomUUID(),
    createdAt: now,
    updatedAt: now,
    createdBy: actor,
  };
  let stored = record;
  const created = await deps.issued.insert(record);
  if (!created) {
    const existing = await deps.issued.find(permitKey);
    if (!existing || !isDeepStrictEqual(existing.permit, permit)) {
      throw new GatewayError('PERMIT_EXISTS', `${permitKey} was already issued with other content`);
    }
    stored = existing;
  }
  await deps.ledger.record([exportedFact(stored)]);
  // Enqueue even for a repeated call: when the first call stopped between the two writes, this completes it.
  const documentType = replaces ? 'replacement' : 'permit';
  const message = await deps.outbox.enqueue({
    messageId: stored.messageId,
    newId: created,
    to: stored.destination,
    documentType,
    permitKey,
    body: {
      kind: 'permit',
      signedPermitXml: stored.signedXml,
      ...(replaces && { replaces: replaces.permitKey }),
    },
  });
  return {
    permitKey,
    messageId: message.messageId,
    state: message.state,
    destination: stored.destination,
    created,
  };
}

async function getIssued(deps: IssuePermitDeps, permitKey: string): Promise<IssuedPermit> {
  const permit = await deps.issued.find(permitKey);
  if (!permit) throw new GatewayError('PERMIT_NOT_FOUND', `no issued permit ${permitKey}`);
  return permit;
}

/** Cancels an issued permit and tells the importing country. Repeating the call changes nothing. */
export async function cancelPermit(
  deps: IssuePermitDeps,
  permitKey: string,
  reason: string,
  actor: string,
): Promise<{ permitKey: string; messageId: string; status: 'CANCELLED' }> {
  const permit = await getIssued(deps, permitKey);
  const messageId = deterministicMessageId(permitKey, 'cancellation');
  if (permit.status !== 'ISSUED' && permit.status !== 'CANCELLED') {
    throw new GatewayError(
      'PERMIT_STATE_CONFLICT',
      `${permitKey} is ${permit.status} and cannot be cancelled`,
    );
  }
  const now = deps.clock.now();
  if (permit.status === 'ISSUED') {
    await deps.issued.update(permitKey, {
      status: 'CANCELLED',
      cancellation: { reason, at: now, messageId, by: actor },
      updatedAt: now,
    });
  }
  const cancellation = permit.cancellation ?? { reason, at: now };
  await deps.ledger.record([{ kind: 'cancelled', direction: 'EXPORT', permitKey, at: cancellation.at }]);
  await deps.outbox.enqueue({
    messageId,
    to: permit.destination,
    documentType: 'cancellation',
    permitKey,
    body: { kind: 'cancellation', reason: cancellation.reason, cancelledAt: cancellation.at },
  });
  return { permitKey, messageId, status: 'CANCELLED' };
}

/**
 * Replaces an issued permit by a new one (which names the old one in replacesPermit): the new permit is
 * issued and sent as a replacement, and the old one becomes REPLACED.
 */
export async function replacePermit(
  deps: IssuePermitDeps,
  permitKey: string,
  replacement: Permit,
  actor: string,
): Promise<SubmittedPermit & { replaces: string }> {
  const old = await getIssued(deps, permitKey);
  if (
    old.status !== 'ISSUED' &&
    !(old.status === 'REPLACED' && old.replacedBy === formatPermitKey(permitKeyOf(replacement)))
  ) {
    throw new GatewayError('PERMIT_STATE_CONFLICT', `${permitKey} is ${old.status} and cannot be replaced`);
  }
  const expected = { permitNumber: old.permit.permitNumber, issueDate: old.permit.issueDate };
  if (replacement.replacesPermit && !isDeepStrictEqual(replacement.replacesPermit, expected)) {
    throw new GatewayError('VALIDATION_FAILED', `replacesPermit must name ${permitKey}`);
  }
  const permit: Permit = { ...replacement, replacesPermit: expected };
  const newKey = formatPermitKey(permitKeyOf(permit));
  if (newKey === permitKey)
    throw new GatewayError('VALIDATION_FAILED', 'a replacement needs a new permit number');
  const submitted = await submitPermit(deps, permit, actor, old);
  let replacedAt = old.replacedAt ?? old.updatedAt;
  if (old.status === 'ISSUED') {
    replacedAt = deps.clock.now();
    await deps.issued.update(permitKey, {
      status: 'REPLACED',
      replacedBy: newKey,
      replacedAt,
      updatedAt: replacedAt,
    });
  }
  await deps.ledger.record([{ kind: 'replaced', direction: 'EXPORT', permitKey, at: replacedAt }]);
  return { ...submitted, replaces: permitKey };
}
