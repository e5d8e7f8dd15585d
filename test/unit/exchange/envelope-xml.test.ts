import { parseXmlStrict } from '../../../src/domain/xml/strict-parser';
import {
  fromEnvelopeDocument,
  fromReceiptDocument,
  sha256Base64,
  toEnvelopeXml,
  toReceiptXml,
} from '../../../src/domain/exchange/envelope-xml';
import {
  deterministicMessageId,
  type MessageHeader,
  type Receipt,
} from '../../../src/domain/exchange/message';
import { GatewayError } from '../../../src/domain/errors';

const header: MessageHeader = {
  messageId: '0b8f5a3e-8f0e-4a52-9d1b-2a6f3f9c1e77',
  from: 'KE',
  to: 'CH',
  documentType: 'permit',
  permitKey: 'KE/2026/KE-2026-000123',
  createdAt: new Date('2026-11-23T10:00:00.000Z'),
};

const read = (xml: string) => fromEnvelopeDocument(parseXmlStrict(xml).document);

describe('exchange envelope XML', () => {
  it('carries the signed permit bytes exactly, with their digest', () => {
    const permit =
      '<?xml version="1.0"?>\n<p:CITESEPermit xmlns:p="urn:x">Genève &amp; <b/> ✓</p:CITESEPermit>';
    const envelope = read(toEnvelopeXml(header, { kind: 'permit', signedPermitXml: permit }));
    expect(envelope.header).toEqual(header);
    expect(envelope.body).toEqual({ kind: 'permit', signedPermitXml: permit });
  });

  it('round-trips a replacement, a cancellation and a usage confirmation', () => {
    const replacement = read(
      toEnvelopeXml(
        { ...header, documentType: 'replacement' },
        { kind: 'permit', signedPermitXml: '<a/>', replaces: 'KE/2026/OLD' },
      ),
    );
    expect(replacement.body).toEqual({ kind: 'permit', signedPermitXml: '<a/>', replaces: 'KE/2026/OLD' });

    const cancelledAt = new Date('2026-11-24T08:00:00.000Z');
    const cancellation = read(
      toEnvelopeXml(
        { ...header, documentType: 'cancellation' },
        { kind: 'cancellation', reason: 'lost <papers>', cancelledAt },
      ),
    );
    expect(cancellation.body).toEqual({ kind: 'cancellation', reason: 'lost <papers>', cancelledAt });

    const usage = {
      declarationNumber: 'CH-2026-1',
      clearedAt: cancelledAt,
      confirmedBy: 'Zoll "Basel"',
      lines: [
        { lineId: 'A', quantity: 12.5, unit: 'KIL' },
        { lineId: 'B', quantity: 3 },
      ],
    };
    const confirmation = read(
      toEnvelopeXml(
        { ...header, from: 'CH', to: 'KE', documentType: 'usage-confirmation' },
        { kind: 'usage-confirmation', usage },
      ),
    );
    expect(confirmation.body).toEqual({ kind: 'usage-confirmation', usage });
  });

  it('rejects a payload whose digest does not match (ENVELOPE_INVALID)', () => {
    const xml = toEnvelopeXml(header, { kind: 'permit', signedPermitXml: '<a/>' }).replace(
      Buffer.from('<a/>').toString('base64'),
      Buffer.from('<b/>').toString('base64'),
    );
    expect(() => read(xml)).toThrow(expect.objectContaining({ code: 'ENVELOPE_INVALID' }) as GatewayError);
  });

  it('rejects a replacement that does not name the permit it replaces', () => {
    const xml = toEnvelopeXml(
      { ...header, documentType: 'replacement' },
      { kind: 'permit', signedPermitXml: '<a/>' },
    );
    expect(() => read(xml)).toThrow(/names the permit it replaces/);
  });

  it('rejects another root element and a missing header field', () => {
    expect(() => read('<Other xmlns="urn:epix:gateway:exchange:1"/>')).toThrow(/not an ExchangeMessage/);
    const xml = toEnvelopeXml(header, { kind: 'permit', signedPermitXml: '<a/>' }).replace(
      /<To>CH<\/To>/,
      '',
    );
    expect(() => read(xml)).toThrow(/has no To/);
  });
});

describe('receipt XML', () => {
  it('round-trips every field, warnings included', () => {
    const receipt: Receipt = {
      receiptId: 'c3a1d2b4-1111-4222-8333-444455556666',
      refToMessageId: header.messageId,
      from: 'CH',
      to: 'KE',
      status: 'ACCEPTED_WITH_WARNINGS',
      warnings: [{ code: 'PERMIT_EXPIRED_ON_ARRIVAL', message: 'the permit expired on 2026-01-01' }],
      receivedDigest: sha256Base64('x'),
      receivedAt: new Date('2026-11-23T10:00:01.000Z'),
    };
    expect(fromReceiptDocument(parseXmlStrict(toReceiptXml(receipt)).document)).toEqual(receipt);
    const rejected: Receipt = {
      ...receipt,
      status: 'REJECTED',
      code: 'CERT_UNTRUSTED',
      reason: 'no anchor',
      warnings: [],
    };
    expect(fromReceiptDocument(parseXmlStrict(toReceiptXml(rejected)).document)).toEqual(rejected);
  });

  it('rejects an unknown status (RECEIPT_INVALID)', () => {
    const xml = toReceiptXml({
      receiptId: 'r',
      refToMessageId: 'm',
      from: 'CH',
      to: 'KE',
      status: 'ACCEPTED',
      warnings: [],
      receivedDigest: 'd',
      receivedAt: new Date(),
    }).replace('>ACCEPTED<', '>MAYBE<');
    expect(() => fromReceiptDocument(parseXmlStrict(xml).document)).toThrow(
      expect.objectContaining({ code: 'RECEIPT_INVALID' }) as GatewayError,
    );
  });
});

describe('deterministicMessageId', () => {
  it('is a stable RFC 9562 version-8 UUID per input, different for different inputs', () => {
    const a = deterministicMessageId('KE/2026/1', 'cancellation');
    expect(a).toBe(deterministicMessageId('KE/2026/1', 'cancellation'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicMessageId('KE/2026/1', 'cancellation', 'x')).not.toBe(a);
    expect(deterministicMessageId('KE/2026/1cancellation')).not.toBe(a);
  });
});
