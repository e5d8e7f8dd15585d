/**
 * The receiving side of the exchange: one POST /exchange/v1/messages from an identified partner.
 *
 * Order matters: archive the exact bytes first (whatever happens next, we can show what was sent), then
 * verify the sender's signature with that partner's signing anchors only, validate the envelope, check
 * that every party in it is who the TLS connection says, store durably, and only then answer with our
 * signed receipt. A message id already accepted from this partner gets its original receipt back and
 * changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { AlertStore } from '../domain/alerts/alert';
import {
  fromEnvelopeDocument,
  sha256Base64,
  toReceiptXml,
  type EnvelopeBody,
  type ReadEnvelope,
} from '../domain/exchange/envelope-xml';
import type { MessageHeader, Receipt, ReceiptStatus } from '../domain/exchange/message';
import { inboundKey, type MessageRepository } from '../domain/exchange/message-repository';
import {
  toReceiptSummary,
  type InboundAction,
  type InboundMessage,
  type ReceiptSummary,
} from '../domain/exchange/records';
import type { ExchangeQueue } from '../domain/exchange/exchange-queue';
import type { MessageArchive } from '../domain/exchange/message-archive';
import type { ReceivedPermit } from '../domain/exchange/permit-records';
import type { IssuedPermitRepository, ReceivedPermitRepository } from '../domain/exchange/permit-repository';
import { GatewayError, isGatewayError, type ErrorCode, type ReceiptWarningCode } from '../domain/errors';
import type { DirectoryPartner } from '../domain/partners/directory-snapshot';
import type { Permit } from '../domain/permit/permit';
import { formatPermitKey, parsePermitKey, permitKeyOf } from '../domain/permit/permit-key';
import type { Clock } from '../domain/ports';
import type { TrustAnchors } from '../domain/pki/trust-anchors';
import { importedFact, type TradeLedger } from '../domain/reports/trade-ledger';
import type { XmlSigner } from '../domain/signing/xml-signer';
import { verifySignedPermit } from '../domain/signing/verify-signed-permit';
import { verifyXmlSignature } from '../domain/signing/xml-verifier';
import type { SchemaValidator } from '../domain/xml/schema-validator';
import type { Logger } from '../logging/logger';
import { findInboundDenial } from './find-inbound-denial';
import { findSignerRevocation, type RevocationCheck } from './find-signer-revocation';
import { signerCountryDenial } from '../domain/exchange/signer-country';

export interface ReceiveMessageDeps {
  country: string;
  signer: XmlSigner;
  archive: Pick<MessageArchive, 'archive' | 'recordOutcome'>;
  messages: Pick<MessageRepository, 'findInbound' | 'insertInbound'>;
  received: Pick<ReceivedPermitRepository, 'find' | 'insert'>;
  issued: Pick<IssuedPermitRepository, 'find'>;
  /** Where the reports' facts go (a permit received). */
  ledger: Pick<TradeLedger, 'record'>;
  directory: {
    current(): { findPartner(code: string): DirectoryPartner | undefined; partners(): DirectoryPartner[] };
    signingTrustFor(code: string, at: Date): TrustAnchors;
  };
  envelopeSchema: SchemaValidator;
  queue: Pick<ExchangeQueue, 'publishInbound'>;
  alerts: AlertStore;
  clock: Clock;
  logger: Logger;
  /** CRL checks of signer certificates (absent: none). */
  revocation?: RevocationCheck;
}

export interface ReceiveResult {
  /** 200 for an accepted (or already accepted) message, 422 for a rejected one. */
  httpStatus: 200 | 422;
  receiptXml: string;
  status: ReceiptStatus;
  code?: string;
  duplicate: boolean;
}

type Warning = { code: ReceiptWarningCode; message: string };

/** A rejection decided while reading the message; becomes a REJECTED receipt (see answersWithRejection). */
const reject = (code: ErrorCode, message: string): never => {
  throw new GatewayError(code, message);
};

/**
 * Which failures the partner hears about in a REJECTED receipt: every catalogue error about the message
 * itself. Transient and internal ones (our database, our bug) propagate: the partner gets an HTTP error and
 * sends again later, when the same message may well be accepted.
 */
function answersWithRejection(error: unknown): error is GatewayError {
  return isGatewayError(error) && error.category !== 'transient' && error.category !== 'internal';
}

/** What the sender wrote as MessageId, read without trusting it, only to echo it in a rejection receipt. */
function claimedMessageId(bytes: Buffer): string {
  const match = /<(?:[A-Za-z_][\w.-]*:)?MessageId>\s*([0-9a-fA-F-]{36})\s*</.exec(
    bytes.subarray(0, 4096).toString('utf8'),
  );
  return match?.[1] ?? 'unknown';
}

export async function receiveMessage(
  deps: ReceiveMessageDeps,
  partner: DirectoryPartner,
  bytes: Buffer,
  contentType: string,
): Promise<ReceiveResult> {
  const receivedAt = deps.clock.now();
  const digest = sha256Base64(bytes);
  const archiveId = await deps.archive.archive({ partner: partner.code, receivedAt, contentType, bytes });
  const arrival: Arrival = { bytes, digest, archiveId, receivedAt, envelope: undefined };
  try {
    arrival.envelope = await readVerifiedEnvelope(deps, partner, bytes, receivedAt);
    const existing = await deps.messages.findInbound(partner.code, arrival.envelope.header.messageId);
    if (existing) return duplicateAnswer(deps, archiveId, existing);
    const denied = await findInboundDenial(deps, partner.code, arrival.envelope, arrival.receivedAt);
    if (denied) reject(denied.code, denied.message);
    checkParties(deps, partner, arrival.envelope);
    return await acceptMessage(deps, partner, { ...arrival, envelope: arrival.envelope });
  } catch (error) {
    if (!answersWithRejection(error)) throw error;
    return rejectMessage(deps, partner, arrival, error.code, error.message);
  }
}

/** What every answer needs to know of the request: its bytes and where they were archived. */
interface Arrival {
  bytes: Buffer;
  digest: string;
  archiveId: string;
  receivedAt: Date;
  envelope: ReadEnvelope | undefined;
}

/** Stores what the message carries, signs the receipt, records the message once and queues any follow-up. */
async function acceptMessage(
  deps: ReceiveMessageDeps,
  partner: DirectoryPartner,
  arrival: Arrival & { envelope: ReadEnvelope },
): Promise<ReceiveResult> {
  const { header } = arrival.envelope;
  const { warnings, action, processed } = await applyDocument(
    deps,
    partner,
    arrival.envelope,
    arrival.receivedAt,
  );
  const receipt = await signReceipt(deps, {
    refToMessageId: header.messageId,
    to: partner.code,
    status: warnings.length ? 'ACCEPTED_WITH_WARNINGS' : 'ACCEPTED',
    warnings,
    receivedDigest: arrival.digest,
    receivedAt: arrival.receivedAt,
  });
  const record: InboundMessage = {
    id: inboundKey(partner.code, header.messageId),
    messageId: header.messageId,
    direction: 'inbound',
    partner: partner.code,
    documentType: header.documentType,
    permitKey: header.permitKey,
    state: 'RECEIVED',
    receivedAt: arrival.receivedAt,
    archiveId: arrival.archiveId,
    digest: arrival.digest,
    receipt,
    ...(action && { action }),
    ...(processed && { processedAt: arrival.receivedAt }),
  };
  if (!(await deps.messages.insertInbound(record))) {
    // The same message arrived twice at once and the other request stored it first.
    const stored = await deps.messages.findInbound(partner.code, header.messageId);
    if (stored) return duplicateAnswer(deps, arrival.archiveId, stored);
  }
  // The accepted record points at the archive entry; only exceptions are written back to the archive.
  if (action) await queueFollowUp(deps, record.id);
  deps.logger.info('message received', {
    partner: partner.code,
    messageId: header.messageId,
    documentType: header.documentType,
    permitKey: header.permitKey,
    status: receipt.status,
  });
  return { httpStatus: 200, receiptXml: receipt.signedXml, status: receipt.status, duplicate: false };
}

/** Hands the record to the inbound queue; a failed publish is left to the sweeper. */
async function queueFollowUp(deps: ReceiveMessageDeps, recordId: string): Promise<void> {
  await deps.queue.publishInbound(recordId).catch((error: unknown) =>
    deps.logger.warn('inbound publish failed; the sweeper will publish it', {
      id: recordId,
      error: (error as Error).message,
    }),
  );
}

async function duplicateAnswer(
  deps: ReceiveMessageDeps,
  archiveId: string,
  existing: InboundMessage,
): Promise<ReceiveResult> {
  await deps.archive.recordOutcome(archiveId, { status: 'DUPLICATE' });
  // Inbound records keep their receipt inline (they are written once), so the text is always there.
  if (existing.receipt.signedXml === undefined) throw new Error(`inbound ${existing.id} has no receipt text`);
  return {
    httpStatus: 200,
    receiptXml: existing.receipt.signedXml,
    status: existing.receipt.status,
    duplicate: true,
  };
}

/**
 * Verifies the envelope signature with the sending partner's anchors. When that fails because the signer is
 * not theirs, the other partners' anchors tell a forgery apart from a message signed by another country.
 */
async function readVerifiedEnvelope(
  deps: ReceiveMessageDeps,
  partner: DirectoryPartner,
  bytes: Buffer,
  at: Date,
): Promise<ReadEnvelope> {
  const verified = await verifyXmlSignature(bytes, {
    trust: deps.directory.signingTrustFor(partner.code, at),
    at,
  });
  if (!verified.ok) {
    if (verified.code === 'CERT_UNTRUSTED') {
      for (const other of deps.directory.current().partners()) {
        if (other.code === partner.code || other.status !== 'active') continue;
        const elsewhere = await verifyXmlSignature(bytes, {
          trust: deps.directory.signingTrustFor(other.code, at),
          at,
        });
        if (elsewhere.ok) {
          reject(
            'EXCHANGE_SIGNER_MISMATCH',
            `the message is signed by ${other.code}'s key, but sent by ${partner.code}`,
          );
        }
      }
    }
    reject(verified.code, verified.message);
  }
  if (!verified.ok) throw new Error('unreachable');
  const signerDenied = signerCountryDenial(verified.signer, partner.code, 'the message');
  if (signerDenied) reject(signerDenied.code, signerDenied.message);
  const signerRevoked = await findSignerRevocation(deps.revocation, partner, verified.signer, 'the message');
  if (signerRevoked) reject(signerRevoked.code, signerRevoked.message);
  const valid = deps.envelopeSchema.validate(verified.text);
  if (!valid.ok) {
    const first = valid.errors[0];
    reject(
      'ENVELOPE_INVALID',
      `the envelope does not follow exchange.xsd: line ${first?.line}: ${first?.message}`,
    );
  }
  return fromEnvelopeDocument(verified.document);
}

/** The TLS partner, the signer (checked above), From and, for permits, the issuing country must agree. */
function checkParties(deps: ReceiveMessageDeps, partner: DirectoryPartner, envelope: ReadEnvelope): void {
  const { header } = envelope;
  if (header.from !== partner.code) {
    reject('EXCHANGE_FROM_MISMATCH', `From is ${header.from}, but the message comes from ${partner.code}`);
  }
  if (header.to !== deps.country) {
    reject(
      'EXCHANGE_NOT_ADDRESSED_TO_US',
      `the message is addressed to ${header.to}, this gateway is ${deps.country}`,
    );
  }
  let keyCountry: string;
  try {
    keyCountry = parsePermitKey(header.permitKey).issuingCountry;
  } catch {
    return reject('ENVELOPE_INVALID', `PermitKey ${header.permitKey} is not COUNTRY/YEAR/NUMBER`);
  }
  const issuer = header.documentType === 'usage-confirmation' ? deps.country : partner.code;
  if (keyCountry !== issuer) {
    reject(
      'EXCHANGE_ISSUER_MISMATCH',
      `a ${header.documentType} from ${partner.code} must concern a permit of ${issuer}, not ${header.permitKey}`,
    );
  }
}

const PARTNER_TYPE = { E: 'export', R: 're-export', I: 'import', O: 'other' } as const;

/** What applying a document gives: receipt warnings, and the follow-up the inbound queue still applies. */
interface Applied {
  warnings: Warning[];
  action?: InboundAction;
  processed: boolean;
}

/** Verifies and stores what the message carries; returns receipt warnings and any queued follow-up. */
async function applyDocument(
  deps: ReceiveMessageDeps,
  partner: DirectoryPartner,
  envelope: ReadEnvelope,
  at: Date,
): Promise<Applied> {
  const { header, body } = envelope;
  if (body.kind === 'cancellation') return acceptCancellation(deps, header.permitKey, body);
  if (body.kind === 'usage-confirmation')
    return acceptUsageConfirmation(deps, partner, header.permitKey, body);
  const verified = await verifyCarriedPermit(deps, partner, header, body.signedPermitXml, at);
  const warnings = [...permitWarnings(deps, verified.permit, at)];
  const earlier = await storeReceivedPermit(deps, partner, header, body.signedPermitXml, verified, at);
  if (earlier) warnings.push(earlier);
  if (body.replaces !== undefined) {
    return {
      warnings,
      action: { kind: 'replacement', permitKey: header.permitKey, replaces: body.replaces },
      processed: false,
    };
  }
  return { warnings, processed: true };
}

/** A cancellation is applied from the inbound queue; a permit never received is only a warning. */
async function acceptCancellation(
  deps: ReceiveMessageDeps,
  permitKey: string,
  body: Extract<EnvelopeBody, { kind: 'cancellation' }>,
): Promise<Applied> {
  const warnings: Warning[] = [];
  if (!(await deps.received.find(permitKey))) {
    warnings.push({ code: 'PERMIT_UNKNOWN', message: `${permitKey} was never received here` });
  }
  return {
    warnings,
    action: { kind: 'cancellation', permitKey, reason: body.reason, cancelledAt: body.cancelledAt },
    processed: false,
  };
}

/** A usage confirmation must concern a permit we issued to the confirming partner. */
async function acceptUsageConfirmation(
  deps: ReceiveMessageDeps,
  partner: DirectoryPartner,
  permitKey: string,
  body: Extract<EnvelopeBody, { kind: 'usage-confirmation' }>,
): Promise<Applied> {
  const issued = await deps.issued.find(permitKey);
  if (!issued) return reject('PERMIT_NOT_FOUND', `${permitKey} was not issued by ${deps.country}`);
  if (issued.destination !== partner.code) {
    reject(
      'EXCHANGE_FROM_MISMATCH',
      `${permitKey} was issued for ${issued.destination}, not ${partner.code}`,
    );
  }
  return {
    warnings: [],
    action: { kind: 'usage-confirmation', permitKey, usage: body.usage },
    processed: false,
  };
}

type VerifiedPermit = Extract<Awaited<ReturnType<typeof verifySignedPermit>>, { ok: true }>;

/** The carried permit verifies with the sender's anchors, is theirs, is the envelope's key and an allowed type. */
async function verifyCarriedPermit(
  deps: ReceiveMessageDeps,
  partner: DirectoryPartner,
  header: MessageHeader,
  signedPermitXml: string,
  at: Date,
): Promise<VerifiedPermit> {
  const verified = await verifySignedPermit(signedPermitXml, {
    trust: deps.directory.signingTrustFor(partner.code, at),
    at,
  });
  if (!verified.ok) return reject(verified.code, `the permit inside the message: ${verified.message}`);
  const { permit } = verified;
  const permitSignerDenied = signerCountryDenial(verified.signer, partner.code, 'the permit');
  if (permitSignerDenied) reject(permitSignerDenied.code, permitSignerDenied.message);
  const permitRevoked = await findSignerRevocation(deps.revocation, partner, verified.signer, 'the permit');
  if (permitRevoked) reject(permitRevoked.code, permitRevoked.message);
  if (permit.issuingCountry !== partner.code) {
    reject(
      'EXCHANGE_ISSUER_MISMATCH',
      `the permit was issued by ${permit.issuingCountry}, the sender is ${partner.code}`,
    );
  }
  const permitKey = formatPermitKey(permitKeyOf(permit));
  if (permitKey !== header.permitKey) {
    reject(
      'EXCHANGE_PERMIT_KEY_MISMATCH',
      `the envelope says ${header.permitKey}, the permit is ${permitKey}`,
    );
  }
  if (!partner.allowedDocumentTypes.includes(PARTNER_TYPE[permit.type])) {
    reject(
      'EXCHANGE_DOCUMENT_TYPE_NOT_ALLOWED',
      `${partner.code} may not send ${PARTNER_TYPE[permit.type]} documents`,
    );
  }
  return verified;
}

/** What the receipt tells the sender about an acceptable permit. */
function permitWarnings(deps: ReceiveMessageDeps, permit: Permit, at: Date): Warning[] {
  const warnings: Warning[] = [];
  if (permit.importer.address.country !== deps.country) {
    warnings.push({
      code: 'PERMIT_DESTINATION_OTHER',
      message: `the permit names ${permit.importer.address.country} as country of import`,
    });
  }
  if (permit.validUntil.slice(0, 10) < at.toISOString().slice(0, 10)) {
    warnings.push({
      code: 'PERMIT_EXPIRED_ON_ARRIVAL',
      message: `the permit expired on ${permit.validUntil}`,
    });
  }
  return warnings;
}

/**
 * Stores the permit once per key. The same permit again is accepted (with a warning when another message
 * brought it); different content under a stored key is PERMIT_CONFLICT.
 */
async function storeReceivedPermit(
  deps: ReceiveMessageDeps,
  partner: DirectoryPartner,
  header: MessageHeader,
  signedXml: string,
  verified: VerifiedPermit,
  at: Date,
): Promise<Warning | undefined> {
  const { permit } = verified;
  const record: ReceivedPermit = {
    permitKey: header.permitKey,
    issuingCountry: partner.code,
    permit,
    signedXml,
    digest: sha256Base64(Buffer.from(signedXml, 'utf8')),
    signer: { thumbprint: verified.signer.thumbprint, subject: verified.signer.subject },
    status: 'VALID',
    messageId: header.messageId,
    receivedAt: at,
    updatedAt: at,
  };
  if (await deps.received.insert(record)) {
    await deps.ledger.record([importedFact(record)]);
    return undefined;
  }
  const existing = await deps.received.find(header.permitKey);
  if (!existing || !isDeepStrictEqual(existing.permit, permit)) {
    return reject(
      'PERMIT_CONFLICT',
      `a different permit ${header.permitKey} was received before (message ${existing?.messageId})`,
    );
  }
  // The same permit again (a retry, or an earlier try that stopped before its fact was recorded).
  await deps.ledger.record([importedFact(existing)]);
  if (existing.messageId === header.messageId) return undefined;
  return {
    code: 'PERMIT_ALREADY_RECEIVED',
    message: `${header.permitKey} was received before in message ${existing.messageId}`,
  };
}

async function signReceipt(
  deps: ReceiveMessageDeps,
  fields: Omit<Receipt, 'receiptId' | 'from'>,
): Promise<ReceiptSummary & { signedXml: string }> {
  const receipt: Receipt = { receiptId: randomUUID(), from: deps.country, ...fields };
  const signedXml = await deps.signer.sign(toReceiptXml(receipt));
  return toReceiptSummary(receipt, signedXml);
}

async function rejectMessage(
  deps: ReceiveMessageDeps,
  partner: DirectoryPartner,
  input: Arrival,
  code: ErrorCode,
  message: string,
): Promise<ReceiveResult> {
  const messageId = input.envelope?.header.messageId ?? claimedMessageId(input.bytes);
  const receipt = await signReceipt(deps, {
    refToMessageId: messageId,
    to: partner.code,
    status: 'REJECTED',
    code,
    reason: message.slice(0, 4000),
    warnings: [],
    receivedDigest: input.digest,
    receivedAt: input.receivedAt,
  });
  // Rejections are kept (searchable, with the archive) but not under the de-duplication key: once the
  // cause is fixed (e.g. a certificate onboarded), the same message can be sent again and accepted.
  await deps.messages.insertInbound({
    id: `rejected:${randomUUID()}`,
    messageId,
    direction: 'inbound',
    partner: partner.code,
    ...(input.envelope && {
      documentType: input.envelope.header.documentType,
      permitKey: input.envelope.header.permitKey,
    }),
    state: 'REJECTED',
    receivedAt: input.receivedAt,
    archiveId: input.archiveId,
    digest: input.digest,
    receipt,
    failure: { code, message },
  });
  await deps.archive.recordOutcome(input.archiveId, { status: 'REJECTED', code });
  deps.logger.warn('message rejected', { partner: partner.code, messageId, code, reason: message });
  await deps.alerts.raise({
    kind: 'inbound-rejected',
    severity: 'warning',
    subject: `partner ${partner.code}`,
    message: `rejected message ${messageId} from ${partner.code}: ${code}`,
    details: { partner: partner.code, messageId, code, reason: message, archiveId: input.archiveId },
  });
  return { httpStatus: 422, receiptXml: receipt.signedXml, status: 'REJECTED', code, duplicate: false };
}
