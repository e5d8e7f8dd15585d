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
  type ReadEnvelope,
} from '../domain/exchange/envelope-xml';
import type { Receipt, ReceiptStatus } from '../domain/exchange/message';
import { inboundKey, type MessageRepository } from '../domain/exchange/message-repository';
import {
  toReceiptSummary,
  type InboundAction,
  type InboundMessage,
  type ReceiptSummary,
} from '../domain/exchange/records';
import type { ReceivedPermit } from '../domain/exchange/permit-records';
import { isGatewayError, type ErrorCode } from '../domain/errors';
import type { DirectoryPartner } from '../domain/partners/directory-snapshot';
import { formatPermitKey, parsePermitKey, permitKeyOf } from '../domain/permit/permit-key';
import type { Clock } from '../domain/ports';
import type { TrustAnchors } from '../domain/pki/trust-anchors';
import type { XmlSigner } from '../domain/signing/xml-signer';
import { verifySignedPermit } from '../domain/signing/verify-signed-permit';
import { verifyXmlSignature } from '../domain/signing/xml-verifier';
import type { SchemaValidator } from '../domain/xml/schema-validator';
import type { Logger } from '../logging/logger';
import { findInboundDenial } from './find-inbound-denial';
import { findSignerRevocation, type RevocationCheck } from './find-signer-revocation';
import { signerCountryDenial } from '../domain/exchange/signer-country';
import type { ExchangeQueue } from '../messaging/exchange-queues';
import type { MongoArchiveRepository } from '../storage/mongo-archive-repository';
import type {
  MongoIssuedPermitRepository,
  MongoReceivedPermitRepository,
} from '../storage/mongo-permit-repository';

export interface ReceiveMessageDeps {
  country: string;
  signer: XmlSigner;
  archive: MongoArchiveRepository;
  messages: Pick<MessageRepository, 'findInbound' | 'insertInbound'>;
  received: MongoReceivedPermitRepository;
  issued: MongoIssuedPermitRepository;
  directory: {
    current(): { findPartner(code: string): DirectoryPartner | undefined; partners(): DirectoryPartner[] };
    signingTrustFor(code: string, at: Date): TrustAnchors;
  };
  envelopeSchema: SchemaValidator;
  queue: ExchangeQueue;
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

type Warning = { code: string; message: string };

/** A rejection decided while reading the message; becomes a REJECTED receipt. */
class Rejection extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const reject = (code: ErrorCode, message: string): never => {
  throw new Rejection(code, message);
};

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

  let envelope: ReadEnvelope | undefined;
  try {
    envelope = await readVerifiedEnvelope(deps, partner, bytes, receivedAt);
    const { header } = envelope;
    const existing = await deps.messages.findInbound(partner.code, header.messageId);
    if (existing) return duplicateAnswer(deps, archiveId, existing);

    const denied = await findInboundDenial(deps, partner.code, envelope, receivedAt);
    if (denied) reject(denied.code, denied.message);
    checkParties(deps, partner, envelope);
    const { warnings, action, processed } = await applyDocument(deps, partner, envelope, receivedAt);
    const receipt = await signReceipt(deps, {
      refToMessageId: header.messageId,
      to: partner.code,
      status: warnings.length ? 'ACCEPTED_WITH_WARNINGS' : 'ACCEPTED',
      warnings,
      receivedDigest: digest,
      receivedAt,
    });
    const record: InboundMessage = {
      id: inboundKey(partner.code, header.messageId),
      messageId: header.messageId,
      direction: 'inbound',
      partner: partner.code,
      documentType: header.documentType,
      permitKey: header.permitKey,
      state: 'RECEIVED',
      receivedAt,
      archiveId,
      digest,
      receipt,
      ...(action && { action }),
      ...(processed && { processedAt: receivedAt }),
    };
    if (!(await deps.messages.insertInbound(record))) {
      // The same message arrived twice at once and the other request stored it first.
      const stored = await deps.messages.findInbound(partner.code, header.messageId);
      if (stored) return duplicateAnswer(deps, archiveId, stored);
    }
    // The accepted record points at the archive entry; only exceptions are written back to the archive.
    if (action) {
      await deps.queue.publishInbound(record.id).catch((error: unknown) =>
        deps.logger.warn('inbound publish failed; the sweeper will publish it', {
          id: record.id,
          error: (error as Error).message,
        }),
      );
    }
    deps.logger.info('message received', {
      partner: partner.code,
      messageId: header.messageId,
      documentType: header.documentType,
      permitKey: header.permitKey,
      status: receipt.status,
    });
    return { httpStatus: 200, receiptXml: receipt.signedXml, status: receipt.status, duplicate: false };
  } catch (error) {
    if (!(error instanceof Rejection) && !(isGatewayError(error) && error.category === 'validation'))
      throw error;
    const code = error instanceof Rejection ? error.code : error.code;
    return rejectMessage(
      deps,
      partner,
      { bytes, digest, archiveId, receivedAt, envelope },
      code,
      error.message,
    );
  }
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

/** Verifies and stores what the message carries; returns receipt warnings and any queued follow-up. */
async function applyDocument(
  deps: ReceiveMessageDeps,
  partner: DirectoryPartner,
  envelope: ReadEnvelope,
  at: Date,
): Promise<{ warnings: Warning[]; action?: InboundAction; processed: boolean }> {
  const { header, body } = envelope;
  const warnings: Warning[] = [];
  if (body.kind === 'cancellation') {
    if (!(await deps.received.find(header.permitKey))) {
      warnings.push({ code: 'PERMIT_UNKNOWN', message: `${header.permitKey} was never received here` });
    }
    return {
      warnings,
      action: {
        kind: 'cancellation',
        permitKey: header.permitKey,
        reason: body.reason,
        cancelledAt: body.cancelledAt,
      },
      processed: false,
    };
  }
  if (body.kind === 'usage-confirmation') {
    const issued = await deps.issued.find(header.permitKey);
    if (!issued) reject('PERMIT_NOT_FOUND', `${header.permitKey} was not issued by ${deps.country}`);
    if (issued && issued.destination !== partner.code) {
      reject(
        'EXCHANGE_FROM_MISMATCH',
        `${header.permitKey} was issued for ${issued.destination}, not ${partner.code}`,
      );
    }
    return {
      warnings,
      action: { kind: 'usage-confirmation', permitKey: header.permitKey, usage: body.usage },
      processed: false,
    };
  }

  // permit or replacement
  const verified = await verifySignedPermit(body.signedPermitXml, {
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
  const record: ReceivedPermit = {
    permitKey,
    issuingCountry: partner.code,
    permit,
    signedXml: body.signedPermitXml,
    digest: sha256Base64(Buffer.from(body.signedPermitXml, 'utf8')),
    signer: { thumbprint: verified.signer.thumbprint, subject: verified.signer.subject },
    status: 'VALID',
    messageId: header.messageId,
    receivedAt: at,
    updatedAt: at,
  };
  if (!(await deps.received.insert(record))) {
    const existing = await deps.received.find(permitKey);
    if (!existing || !isDeepStrictEqual(existing.permit, permit)) {
      reject(
        'PERMIT_CONFLICT',
        `a different permit ${permitKey} was received before (message ${existing?.messageId})`,
      );
    }
    if (existing && existing.messageId !== header.messageId) {
      warnings.push({
        code: 'PERMIT_ALREADY_RECEIVED',
        message: `${permitKey} was received before in message ${existing.messageId}`,
      });
    }
  }
  if (body.kind === 'permit' && body.replaces !== undefined) {
    return {
      warnings,
      action: { kind: 'replacement', permitKey, replaces: body.replaces },
      processed: false,
    };
  }
  return { warnings, processed: true };
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
  input: {
    bytes: Buffer;
    digest: string;
    archiveId: string;
    receivedAt: Date;
    envelope: ReadEnvelope | undefined;
  },
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
