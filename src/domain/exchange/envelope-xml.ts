/**
 * The exchange envelope and the receipt as XML (namespace urn:epix:gateway:exchange:1, schema
 * schemas/exchange.xsd). Both are signed as a whole by the gateway that writes them (enveloped signature,
 * Reference URI=""), so every header field is covered.
 *
 * A permit travels inside the envelope as the base64 of its exact signed bytes: the issuing authority's
 * own signature over the permit stays verifiable on exactly those bytes, wherever they are stored later.
 */
import { createHash } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { GatewayError } from '../errors';
import { childrenNamed, firstChildNamed, textOf } from '../xml/dom';
import {
  isDocumentType,
  RECEIPT_STATUSES,
  type DocumentType,
  type MessageHeader,
  type Receipt,
  type ReceiptStatus,
} from './message';
import type { UsageConfirmation } from './permit-records';

export const EXCHANGE_NS = 'urn:epix:gateway:exchange:1';

export function sha256Base64(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('base64');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

const el = (name: string, value: string): string => `<${name}>${escapeText(value)}</${name}>`;

export type EnvelopeBody =
  | { kind: 'permit'; signedPermitXml: string; replaces?: string }
  | { kind: 'cancellation'; reason: string; cancelledAt: Date }
  | { kind: 'usage-confirmation'; usage: UsageConfirmation };

/** The unsigned envelope text; the sender signs it before storing and sending it. */
export function toEnvelopeXml(header: MessageHeader, body: EnvelopeBody): string {
  const parts = [
    el('MessageId', header.messageId),
    el('From', header.from),
    el('To', header.to),
    el('DocumentType', header.documentType),
    el('PermitKey', header.permitKey),
    el('CreatedAt', header.createdAt.toISOString()),
  ];
  if (body.kind === 'permit') {
    if (body.replaces !== undefined) parts.push(el('Replaces', body.replaces));
    const bytes = Buffer.from(body.signedPermitXml, 'utf8');
    parts.push(
      `<Payload mediaType="application/xml" digest="${sha256Base64(bytes)}">${bytes.toString('base64')}</Payload>`,
    );
  } else if (body.kind === 'cancellation') {
    parts.push(
      `<Cancellation>${el('Reason', body.reason)}${el('CancelledAt', body.cancelledAt.toISOString())}</Cancellation>`,
    );
  } else {
    const u = body.usage;
    const lines = u.lines
      .map(
        (line) =>
          `<Line id="${escapeAttribute(line.lineId)}" quantity="${line.quantity}"${line.unit ? ` unit="${escapeAttribute(line.unit)}"` : ''}/>`,
      )
      .join('');
    parts.push(
      `<UsageConfirmation>${el('DeclarationNumber', u.declarationNumber)}${el('ClearedAt', u.clearedAt.toISOString())}${el('ConfirmedBy', u.confirmedBy)}${lines}</UsageConfirmation>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ExchangeMessage xmlns="${EXCHANGE_NS}">${parts.join('')}</ExchangeMessage>`;
}

function required(parent: Element, name: string): string {
  const value = textOf(firstChildNamed(parent, name, EXCHANGE_NS));
  if (value === undefined) throw new GatewayError('ENVELOPE_INVALID', `the envelope has no ${name}`);
  return value;
}

function date(value: string, what: string): Date {
  const parsed = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(parsed.getTime()))
    throw new GatewayError('ENVELOPE_INVALID', `${what} is not a date-time`);
  return parsed;
}

export interface ReadEnvelope {
  header: MessageHeader;
  body: EnvelopeBody;
}

/** Reads a verified envelope DOM (the one whose signature was checked, nothing else). */
export function fromEnvelopeDocument(document: Document): ReadEnvelope {
  const root = document.documentElement;
  if (!root || root.localName !== 'ExchangeMessage' || root.namespaceURI !== EXCHANGE_NS) {
    throw new GatewayError('ENVELOPE_INVALID', 'the document is not an ExchangeMessage');
  }
  const documentType = required(root, 'DocumentType');
  if (!isDocumentType(documentType))
    throw new GatewayError('ENVELOPE_INVALID', `unknown DocumentType ${documentType}`);
  const header: MessageHeader = {
    messageId: required(root, 'MessageId'),
    from: required(root, 'From'),
    to: required(root, 'To'),
    documentType,
    permitKey: required(root, 'PermitKey'),
    createdAt: date(required(root, 'CreatedAt'), 'CreatedAt'),
  };
  return { header, body: readBody(root, documentType) };
}

function readBody(root: Element, documentType: DocumentType): EnvelopeBody {
  if (documentType === 'permit' || documentType === 'replacement') {
    const payload = firstChildNamed(root, 'Payload', EXCHANGE_NS);
    const encoded = textOf(payload);
    if (!payload || encoded === undefined)
      throw new GatewayError('ENVELOPE_INVALID', 'the envelope carries no permit payload');
    const bytes = Buffer.from(encoded.replace(/\s+/g, ''), 'base64');
    if (payload.getAttribute('digest') !== sha256Base64(bytes)) {
      throw new GatewayError('ENVELOPE_INVALID', 'the payload digest does not match the payload');
    }
    const replaces = textOf(firstChildNamed(root, 'Replaces', EXCHANGE_NS));
    if (documentType === 'replacement' && replaces === undefined)
      throw new GatewayError('ENVELOPE_INVALID', 'a replacement names the permit it replaces');
    return {
      kind: 'permit',
      signedPermitXml: bytes.toString('utf8'),
      ...(replaces !== undefined && { replaces }),
    };
  }
  if (documentType === 'cancellation') {
    const cancellation = firstChildNamed(root, 'Cancellation', EXCHANGE_NS);
    if (!cancellation) throw new GatewayError('ENVELOPE_INVALID', 'the envelope carries no Cancellation');
    return {
      kind: 'cancellation',
      reason: required(cancellation, 'Reason'),
      cancelledAt: date(required(cancellation, 'CancelledAt'), 'CancelledAt'),
    };
  }
  const usage = firstChildNamed(root, 'UsageConfirmation', EXCHANGE_NS);
  if (!usage) throw new GatewayError('ENVELOPE_INVALID', 'the envelope carries no UsageConfirmation');
  const lines = childrenNamed(usage, 'Line', EXCHANGE_NS).map((line) => {
    const quantity = Number(line.getAttribute('quantity'));
    if (!Number.isFinite(quantity) || quantity < 0)
      throw new GatewayError('ENVELOPE_INVALID', 'a usage line has no valid quantity');
    const unit = line.getAttribute('unit');
    return { lineId: line.getAttribute('id') ?? '', quantity, ...(unit ? { unit } : {}) };
  });
  return {
    kind: 'usage-confirmation',
    usage: {
      declarationNumber: required(usage, 'DeclarationNumber'),
      clearedAt: date(required(usage, 'ClearedAt'), 'ClearedAt'),
      confirmedBy: required(usage, 'ConfirmedBy'),
      lines,
    },
  };
}

/** The unsigned receipt text; the receiver signs it. */
export function toReceiptXml(receipt: Receipt): string {
  const parts = [
    el('ReceiptId', receipt.receiptId),
    el('RefToMessageId', receipt.refToMessageId),
    el('From', receipt.from),
    el('To', receipt.to),
    el('Status', receipt.status),
  ];
  if (receipt.code !== undefined) parts.push(el('Code', receipt.code));
  if (receipt.reason !== undefined) parts.push(el('Reason', receipt.reason));
  for (const warning of receipt.warnings)
    parts.push(`<Warning code="${escapeAttribute(warning.code)}">${escapeText(warning.message)}</Warning>`);
  parts.push(
    el('ReceivedDigest', receipt.receivedDigest),
    el('ReceivedAt', receipt.receivedAt.toISOString()),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Receipt xmlns="${EXCHANGE_NS}">${parts.join('')}</Receipt>`;
}

/** Reads a verified receipt DOM. */
export function fromReceiptDocument(document: Document): Receipt {
  const root = document.documentElement;
  if (!root || root.localName !== 'Receipt' || root.namespaceURI !== EXCHANGE_NS) {
    throw new GatewayError('RECEIPT_INVALID', 'the document is not a Receipt');
  }
  const get = (name: string): string | undefined => textOf(firstChildNamed(root, name, EXCHANGE_NS));
  const need = (name: string): string => {
    const value = get(name);
    if (value === undefined) throw new GatewayError('RECEIPT_INVALID', `the receipt has no ${name}`);
    return value;
  };
  const status = need('Status');
  if (!(RECEIPT_STATUSES as readonly string[]).includes(status))
    throw new GatewayError('RECEIPT_INVALID', `unknown receipt status ${status}`);
  const code = get('Code');
  const reason = get('Reason');
  const receivedAt = new Date(need('ReceivedAt'));
  if (Number.isNaN(receivedAt.getTime()))
    throw new GatewayError('RECEIPT_INVALID', 'ReceivedAt is not a date-time');
  return {
    receiptId: need('ReceiptId'),
    refToMessageId: need('RefToMessageId'),
    from: need('From'),
    to: need('To'),
    status: status as ReceiptStatus,
    ...(code !== undefined && { code }),
    ...(reason !== undefined && { reason }),
    warnings: childrenNamed(root, 'Warning', EXCHANGE_NS).map((w) => ({
      code: w.getAttribute('code') ?? '',
      message: textOf(w) ?? '',
    })),
    receivedDigest: need('ReceivedDigest'),
    receivedAt,
  };
}
