/**
 * receiveMessage (one POST from an identified partner) as a pure flow on the in-memory twins, with real
 * signatures from the dev PKI: every outcome a partner can get, what is archived, stored, queued and alerted.
 * The exchange e2e and exchange-tls integration tests cover the same flow behind real mutual TLS.
 */
import { randomUUID } from 'node:crypto';
import type { IssuedPermit } from '../../../src/domain/exchange/permit-records';
import { samplePermit } from '../../support/permits';
import {
  createInboundWorld,
  createPkis,
  keyOf,
  NOW,
  permitMessage,
  signedEnvelope,
  signPermit,
  type InboundWorld,
  type Pkis,
} from './support/inbound-world';
import { importedFact } from '../../../src/domain/reports/trade-ledger';

let pkis: Pkis;
let world: InboundWorld;

beforeAll(async () => {
  pkis = await createPkis();
}, 60_000);

beforeEach(() => {
  world = createInboundWorld(pkis);
});

const permit = samplePermit({ permitNumber: 'KE-2026-000501' });

/** Asserts a REJECTED answer with `code`: HTTP 422, signed receipt, record, archive note and alert. */
async function expectRejected(
  result: Awaited<ReturnType<InboundWorld['receive']>>,
  code: string,
): Promise<void> {
  expect({ httpStatus: result.httpStatus, status: result.status, code: result.code }).toEqual({
    httpStatus: 422,
    status: 'REJECTED',
    code,
  });
  const receipt = await world.readReceipt(result.receiptXml);
  expect({ status: receipt.status, code: receipt.code, from: receipt.from, to: receipt.to }).toEqual({
    status: 'REJECTED',
    code,
    from: 'CH',
    to: 'KE',
  });
  const [entry] = world.archive.all();
  expect(entry?.outcome).toEqual({ status: 'REJECTED', code });
  const stored = await world.messages.search({ direction: 'inbound', limit: 10 });
  expect(
    stored.map((m) => [m.direction === 'inbound' && m.state, m.direction === 'inbound' && m.failure?.code]),
  ).toEqual([['REJECTED', code]]);
  expect(
    (await world.alerts.list({ kind: 'inbound-rejected', limit: 10 })).map((a) => a.details.code),
  ).toEqual([code]);
  expect(await world.received.list({}, 10)).toEqual([]);
  expect(world.queue.inbound).toEqual([]);
  expect(world.ledger.facts()).toEqual([]);
}

describe('receiveMessage: accepted permits', () => {
  it('when KE sends a permit it signed, addressed to CH, then it is stored VALID and answered ACCEPTED', async () => {
    const messageId = randomUUID();
    const bytes = await permitMessage(pkis, permit, { messageId });

    const result = await world.receive('KE', bytes);

    expect(result).toMatchObject({ httpStatus: 200, status: 'ACCEPTED', duplicate: false });
    const receipt = await world.readReceipt(result.receiptXml);
    expect(receipt).toMatchObject({
      refToMessageId: messageId,
      from: 'CH',
      to: 'KE',
      status: 'ACCEPTED',
      warnings: [],
    });
    const stored = await world.received.find(keyOf(permit));
    expect(stored).toMatchObject({ status: 'VALID', issuingCountry: 'KE', messageId, permit });
    expect(stored?.signedXml).toContain('KE-2026-000501');
    const [entry] = world.archive.all();
    expect(entry?.bytes.toString('utf8')).toBe(bytes);
    expect(entry?.outcome).toBeUndefined();
    expect((await world.messages.findInbound('KE', messageId))?.state).toBe('RECEIVED');
    expect(world.queue.inbound).toEqual([]);
    expect(world.ledger.facts()).toEqual([importedFact({ permitKey: keyOf(permit), permit })]);
  });

  it('when the same message id arrives again, then the first receipt comes back and nothing changes', async () => {
    const bytes = await permitMessage(pkis, permit);
    const first = await world.receive('KE', bytes);

    const again = await world.receive('KE', bytes);

    expect(again).toEqual({ ...first, duplicate: true });
    expect(world.archive.all().map((e) => e.outcome?.status)).toEqual([undefined, 'DUPLICATE']);
    expect(await world.messages.search({ direction: 'inbound', limit: 10 })).toHaveLength(1);
  });

  it('when the same permit arrives in another message, then it is ACCEPTED_WITH_WARNINGS PERMIT_ALREADY_RECEIVED', async () => {
    const firstId = randomUUID();
    await world.receive('KE', await permitMessage(pkis, permit, { messageId: firstId }));

    const result = await world.receive('KE', await permitMessage(pkis, permit));

    expect(result.code).toBeUndefined();
    expect(result.status).toBe('ACCEPTED_WITH_WARNINGS');
    const receipt = await world.readReceipt(result.receiptXml);
    expect(receipt.warnings.map((w) => w.code)).toEqual(['PERMIT_ALREADY_RECEIVED']);
    expect((await world.received.find(keyOf(permit)))?.messageId).toBe(firstId);
    expect(world.ledger.facts()).toEqual([importedFact({ permitKey: keyOf(permit), permit })]);
  });

  it('when a permit names another country of import, then it is stored with the warning PERMIT_DESTINATION_OTHER', async () => {
    const elsewhere = samplePermit({ permitNumber: 'KE-2026-000502' });
    elsewhere.importer.address.country = 'DE';

    const result = await world.receive('KE', await permitMessage(pkis, elsewhere));

    const receipt = await world.readReceipt(result.receiptXml);
    expect(receipt.status).toBe('ACCEPTED_WITH_WARNINGS');
    expect(receipt.warnings.map((w) => w.code)).toEqual(['PERMIT_DESTINATION_OTHER']);
    expect((await world.received.find(keyOf(elsewhere)))?.status).toBe('VALID');
  });

  it('when a permit expired before it arrived, then it is stored with the warning PERMIT_EXPIRED_ON_ARRIVAL', async () => {
    const expired = samplePermit({ permitNumber: 'KE-2026-000503', validUntil: '2026-05-31' });

    const result = await world.receive('KE', await permitMessage(pkis, expired));

    const receipt = await world.readReceipt(result.receiptXml);
    expect(receipt.warnings.map((w) => w.code)).toEqual(['PERMIT_EXPIRED_ON_ARRIVAL']);
  });

  it('when a replacement arrives, then the new permit is stored and its replacement is queued for processing', async () => {
    const messageId = randomUUID();
    const replacement = samplePermit({ permitNumber: 'KE-2026-000504' });

    const result = await world.receive(
      'KE',
      await permitMessage(pkis, replacement, { messageId }, { replaces: keyOf(permit) }),
    );

    expect(result.status).toBe('ACCEPTED');
    const record = await world.messages.findInbound('KE', messageId);
    expect(record?.action).toEqual({
      kind: 'replacement',
      permitKey: keyOf(replacement),
      replaces: keyOf(permit),
    });
    expect(record?.processedAt).toBeUndefined();
    expect(world.queue.inbound).toEqual([record?.id]);
  });
});

describe('receiveMessage: lifecycle messages', () => {
  it('when KE cancels a permit CH never received, then ACCEPTED_WITH_WARNINGS PERMIT_UNKNOWN and the cancellation is queued', async () => {
    const messageId = randomUUID();
    const bytes = await signedEnvelope(
      pkis,
      'KE',
      { messageId, documentType: 'cancellation', permitKey: keyOf(permit) },
      { kind: 'cancellation', reason: 'issued in error', cancelledAt: NOW },
    );

    const result = await world.receive('KE', bytes);

    const receipt = await world.readReceipt(result.receiptXml);
    expect(receipt.warnings.map((w) => w.code)).toEqual(['PERMIT_UNKNOWN']);
    const record = await world.messages.findInbound('KE', messageId);
    expect(record?.action).toEqual({
      kind: 'cancellation',
      permitKey: keyOf(permit),
      reason: 'issued in error',
      cancelledAt: NOW,
    });
    expect(world.queue.inbound).toEqual([record?.id]);
  });

  it('when KE confirms the usage of a permit CH issued to KE, then ACCEPTED and the confirmation is queued', async () => {
    const ours = await issuedByCh('CH-2026-000001', 'KE');
    const messageId = randomUUID();
    const usage = {
      declarationNumber: 'KE-DECL-1',
      clearedAt: NOW,
      confirmedBy: 'KE customs',
      lines: [{ lineId: '1', quantity: 10 }],
    };

    const result = await world.receive(
      'KE',
      await signedEnvelope(
        pkis,
        'KE',
        { messageId, documentType: 'usage-confirmation', permitKey: ours.permitKey },
        { kind: 'usage-confirmation', usage },
      ),
    );

    expect(result.status).toBe('ACCEPTED');
    const record = await world.messages.findInbound('KE', messageId);
    expect(record?.action).toEqual({ kind: 'usage-confirmation', permitKey: ours.permitKey, usage });
    expect(world.queue.inbound).toEqual([record?.id]);
  });
});

/** A permit CH issued and sent to `destination`. */
async function issuedByCh(permitNumber: string, destination: string): Promise<IssuedPermit> {
  const chPermit = samplePermit({ permitNumber, issuingCountry: 'CH' });
  const record: IssuedPermit = {
    permitKey: keyOf(chPermit),
    permit: chPermit,
    signedXml: await signPermit(pkis, chPermit, 'CH'),
    digest: 'digest',
    destination,
    status: 'ISSUED',
    messageId: randomUUID(),
    createdAt: NOW,
    updatedAt: NOW,
    createdBy: 'issuer',
  };
  await world.issued.insert(record);
  return record;
}

describe('receiveMessage: rejections (each forgery named after its defect, one exact code)', () => {
  it('when the envelope bytes were altered after signing, then REJECTED SIGNATURE_INVALID', async () => {
    const tampered = (await permitMessage(pkis, permit)).replace('<To>CH</To>', '<To>CH </To>');

    await expectRejected(await world.receive('KE', tampered), 'SIGNATURE_INVALID');
  });

  it('when the envelope is signed by a key no partner trusts, then REJECTED CERT_UNTRUSTED', async () => {
    const bytes = await permitMessage(pkis, permit, {}, { envelopeSignedBy: 'XX' });

    await expectRejected(await world.receive('KE', bytes), 'CERT_UNTRUSTED');
  });

  it('when KE sends a message signed with TZ key, then REJECTED EXCHANGE_SIGNER_MISMATCH', async () => {
    const bytes = await permitMessage(pkis, permit, {}, { envelopeSignedBy: 'TZ' });

    await expectRejected(await world.receive('KE', bytes), 'EXCHANGE_SIGNER_MISMATCH');
  });

  it('when the signed document is not an exchange envelope, then REJECTED ENVELOPE_INVALID', async () => {
    const bytes = await pkis.signer.KE.sign(
      '<ExchangeMessage xmlns="urn:epix:gateway:exchange:1"><MessageId>x</MessageId></ExchangeMessage>',
    );

    await expectRejected(await world.receive('KE', bytes), 'ENVELOPE_INVALID');
  });

  it('when From names another country than the TLS partner, then REJECTED EXCHANGE_FROM_MISMATCH', async () => {
    await expectRejected(
      await world.receive('KE', await permitMessage(pkis, permit, { from: 'TZ' })),
      'EXCHANGE_FROM_MISMATCH',
    );
  });

  it('when a message addressed to DE is replayed to CH, then REJECTED EXCHANGE_NOT_ADDRESSED_TO_US', async () => {
    await expectRejected(
      await world.receive('KE', await permitMessage(pkis, permit, { to: 'DE' })),
      'EXCHANGE_NOT_ADDRESSED_TO_US',
    );
  });

  it('when KE cancels a permit of TZ, then REJECTED EXCHANGE_PERMIT_NOT_OWNED', async () => {
    const bytes = await signedEnvelope(
      pkis,
      'KE',
      { documentType: 'cancellation', permitKey: 'TZ/2026/TZ-2026-000001' },
      { kind: 'cancellation', reason: 'not ours', cancelledAt: NOW },
    );

    await expectRejected(await world.receive('KE', bytes), 'EXCHANGE_PERMIT_NOT_OWNED');
  });

  it('when the PermitKey is not COUNTRY/YEAR/NUMBER, then REJECTED ENVELOPE_INVALID', async () => {
    const bytes = await signedEnvelope(
      pkis,
      'KE',
      { documentType: 'cancellation', permitKey: 'KE-2026-000501' },
      { kind: 'cancellation', reason: 'x', cancelledAt: NOW },
    );

    await expectRejected(await world.receive('KE', bytes), 'ENVELOPE_INVALID');
  });

  it('when the permit inside a KE envelope is signed by TZ, then REJECTED CERT_UNTRUSTED', async () => {
    const bytes = await permitMessage(pkis, permit, {}, { permitSignedBy: 'TZ' });

    await expectRejected(await world.receive('KE', bytes), 'CERT_UNTRUSTED');
  });

  it('when the envelope PermitKey is not the permit it carries, then REJECTED EXCHANGE_PERMIT_KEY_MISMATCH', async () => {
    const bytes = await permitMessage(pkis, permit, { permitKey: 'KE/2026/KE-2026-999999' });

    await expectRejected(await world.receive('KE', bytes), 'EXCHANGE_PERMIT_KEY_MISMATCH');
  });

  it('when a KE permit names TZ as issuing country under a TZ key, then REJECTED EXCHANGE_ISSUER_MISMATCH', async () => {
    const foreign = samplePermit({ permitNumber: 'TZ-2026-000001', issuingCountry: 'TZ' });
    const bytes = await permitMessage(pkis, foreign, {}, { permitSignedBy: 'KE' });

    await expectRejected(await world.receive('KE', bytes), 'EXCHANGE_ISSUER_MISMATCH');
  });

  it('when KE may only send import permits and sends an export permit, then REJECTED EXCHANGE_DOCUMENT_TYPE_NOT_ALLOWED', async () => {
    world = createInboundWorld(pkis, { KE: { allowedDocumentTypes: ['import'] } });

    await expectRejected(
      await world.receive('KE', await permitMessage(pkis, permit)),
      'EXCHANGE_DOCUMENT_TYPE_NOT_ALLOWED',
    );
  });

  it('when KE confirms the usage of a permit CH never issued, then REJECTED PERMIT_NOT_FOUND', async () => {
    const bytes = await signedEnvelope(
      pkis,
      'KE',
      { documentType: 'usage-confirmation', permitKey: 'CH/2026/CH-2026-000404' },
      {
        kind: 'usage-confirmation',
        usage: {
          declarationNumber: 'D',
          clearedAt: NOW,
          confirmedBy: 'KE',
          lines: [{ lineId: '1', quantity: 1 }],
        },
      },
    );

    await expectRejected(await world.receive('KE', bytes), 'PERMIT_NOT_FOUND');
  });

  it('when KE confirms the usage of a permit CH issued to TZ, then REJECTED EXCHANGE_USAGE_NOT_OURS', async () => {
    const toTz = await issuedByCh('CH-2026-000002', 'TZ');
    const bytes = await signedEnvelope(
      pkis,
      'KE',
      { documentType: 'usage-confirmation', permitKey: toTz.permitKey },
      {
        kind: 'usage-confirmation',
        usage: {
          declarationNumber: 'D',
          clearedAt: NOW,
          confirmedBy: 'KE',
          lines: [{ lineId: '1', quantity: 1 }],
        },
      },
    );

    await expectRejected(await world.receive('KE', bytes), 'EXCHANGE_USAGE_NOT_OURS');
    expect((await world.issued.find(toTz.permitKey))?.status).toBe('ISSUED');
  });

  it('when a different permit arrives under a key already received, then REJECTED PERMIT_CONFLICT and the first stays', async () => {
    const firstId = randomUUID();
    await world.receive('KE', await permitMessage(pkis, permit, { messageId: firstId }));
    const altered = samplePermit({ permitNumber: 'KE-2026-000501', securityStampNumber: 'KE9999999' });

    const result = await world.receive('KE', await permitMessage(pkis, altered));

    expect({ status: result.status, code: result.code, httpStatus: result.httpStatus }).toEqual({
      status: 'REJECTED',
      code: 'PERMIT_CONFLICT',
      httpStatus: 422,
    });
    expect(world.archive.all().map((e) => e.outcome)).toEqual([
      undefined,
      { status: 'REJECTED', code: 'PERMIT_CONFLICT' },
    ]);
    expect(await world.received.find(keyOf(permit))).toMatchObject({ messageId: firstId, permit });
  });

  it('when a message is rejected and later sent again once fixed, then the rejection did not take its message id', async () => {
    const messageId = randomUUID();
    await world.receive('KE', await permitMessage(pkis, permit, { messageId }, { envelopeSignedBy: 'XX' }));

    const retried = await world.receive('KE', await permitMessage(pkis, permit, { messageId }));

    expect(retried).toMatchObject({ status: 'ACCEPTED', duplicate: false });
  });
});
