/**
 * processInboundMessage (the inbound queue's consumer) on the in-memory twins: the lifecycle messages that
 * receiveMessage accepted and queued are applied to the stored permits, once, whatever the redeliveries.
 */
import { randomUUID } from 'node:crypto';
import type { IssuedPermit, UsageConfirmation } from '../../../src/domain/exchange/permit-records';
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

let pkis: Pkis;
let world: InboundWorld;

beforeAll(async () => {
  pkis = await createPkis();
}, 60_000);

beforeEach(() => {
  world = createInboundWorld(pkis);
});

const permit = samplePermit({ permitNumber: 'KE-2026-000601' });

/** Receives `bytes` from KE and returns the id of the inbound record the queue got. */
async function receivedAndQueued(bytes: string): Promise<string> {
  const result = await world.receive('KE', bytes);
  expect(result.httpStatus).toBe(200);
  const id = world.queue.inbound.at(-1);
  if (id === undefined) throw new Error('nothing was queued');
  return id;
}

const cancellation = (messageId = randomUUID()): Promise<string> =>
  signedEnvelope(
    pkis,
    'KE',
    { messageId, documentType: 'cancellation', permitKey: keyOf(permit) },
    { kind: 'cancellation', reason: 'issued in error', cancelledAt: new Date('2026-05-31T12:00:00Z') },
  );

describe('processInboundMessage', () => {
  it('when a cancellation of a VALID permit is processed, then the permit is CANCELLED with the reason and message', async () => {
    await world.receive('KE', await permitMessage(pkis, permit));
    const messageId = randomUUID();
    const id = await receivedAndQueued(await cancellation(messageId));

    expect(await world.process(id)).toBe('ack');

    expect(await world.received.find(keyOf(permit))).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'issued in error', at: new Date('2026-05-31T12:00:00Z'), messageId },
      updatedAt: NOW,
    });
    expect((await world.messages.findInbound('KE', messageId))?.processedAt).toEqual(NOW);
    expect(world.ledger.facts().map((f) => f.kind)).toEqual(['imported', 'cancelled']);
    expect(world.ledger.facts()[1]).toEqual({
      kind: 'cancelled',
      direction: 'IMPORT',
      permitKey: keyOf(permit),
      at: new Date('2026-05-31T12:00:00Z'),
    });
  });

  it('when a cancellation of a permit never received is processed, then nothing is stored and it is acknowledged', async () => {
    const id = await receivedAndQueued(await cancellation());

    expect(await world.process(id)).toBe('ack');

    expect(await world.received.find(keyOf(permit))).toBeNull();
    expect(world.ledger.facts()).toEqual([]);
  });

  it('when a replacement is processed, then the replaced permit is REPLACED naming its successor', async () => {
    await world.receive('KE', await permitMessage(pkis, permit));
    const successor = samplePermit({ permitNumber: 'KE-2026-000602' });
    const id = await receivedAndQueued(await permitMessage(pkis, successor, {}, { replaces: keyOf(permit) }));

    expect(await world.process(id)).toBe('ack');

    expect(await world.received.find(keyOf(permit))).toMatchObject({
      status: 'REPLACED',
      replacedBy: keyOf(successor),
    });
    expect((await world.received.find(keyOf(successor)))?.status).toBe('VALID');
    expect(world.ledger.facts().map((f) => [f.kind, f.permitKey])).toEqual([
      ['imported', keyOf(permit)],
      ['imported', keyOf(successor)],
      ['replaced', keyOf(permit)],
    ]);
  });

  it('when a cancellation comes for a permit already replaced, then it stays REPLACED', async () => {
    await world.receive('KE', await permitMessage(pkis, permit));
    const successor = samplePermit({ permitNumber: 'KE-2026-000603' });
    await world.process(
      await receivedAndQueued(await permitMessage(pkis, successor, {}, { replaces: keyOf(permit) })),
    );

    await world.process(await receivedAndQueued(await cancellation()));

    expect((await world.received.find(keyOf(permit)))?.status).toBe('REPLACED');
    expect(world.ledger.facts().map((f) => f.kind)).not.toContain('cancelled');
  });

  it('when a usage confirmation is processed, then our issued permit is USED with the cleared quantities', async () => {
    const ours = await issuedByCh('CH-2026-000011');
    const usage = confirmation('KE-DECL-1');
    const id = await receivedAndQueued(await usageMessage(ours.permitKey, usage));

    expect(await world.process(id)).toBe('ack');

    expect(await world.issued.find(ours.permitKey)).toMatchObject({ status: 'USED', usage, updatedAt: NOW });
    expect(world.ledger.facts()).toEqual([{ kind: 'usage-confirmed', permitKey: ours.permitKey, usage }]);
  });

  it('when a second usage confirmation with another declaration comes, then the first one stays', async () => {
    const ours = await issuedByCh('CH-2026-000012');
    const first = confirmation('KE-DECL-1');
    await world.process(await receivedAndQueued(await usageMessage(ours.permitKey, first)));

    await world.process(
      await receivedAndQueued(await usageMessage(ours.permitKey, confirmation('KE-DECL-2'))),
    );

    expect((await world.issued.find(ours.permitKey))?.usage).toEqual(first);
    expect(world.ledger.facts()).toEqual([
      { kind: 'usage-confirmed', permitKey: ours.permitKey, usage: first },
    ]);
  });

  it('when the queue redelivers a processed record, then nothing changes again', async () => {
    await world.receive('KE', await permitMessage(pkis, permit));
    const id = await receivedAndQueued(await cancellation());
    await world.process(id);
    // Restored by hand to VALID: a second application would cancel it again.
    await world.received.update(keyOf(permit), { status: 'VALID' });

    expect(await world.process(id)).toBe('ack');

    expect((await world.received.find(keyOf(permit)))?.status).toBe('VALID');
  });

  it('when the id names no inbound record, then it is acknowledged and nothing changes', async () => {
    expect(await world.process('in:KE:no-such-message')).toBe('ack');
  });
});

function confirmation(declarationNumber: string): UsageConfirmation {
  return {
    declarationNumber,
    clearedAt: NOW,
    confirmedBy: 'KE customs',
    lines: [{ lineId: '1', quantity: 5, unit: 'KIL' }],
  };
}

function usageMessage(permitKey: string, usage: UsageConfirmation): Promise<string> {
  return signedEnvelope(
    pkis,
    'KE',
    { documentType: 'usage-confirmation', permitKey },
    { kind: 'usage-confirmation', usage },
  );
}

/** A permit CH issued and sent to KE. */
async function issuedByCh(permitNumber: string): Promise<IssuedPermit> {
  const chPermit = samplePermit({ permitNumber, issuingCountry: 'CH' });
  const record: IssuedPermit = {
    permitKey: keyOf(chPermit),
    permit: chPermit,
    signedXml: await signPermit(pkis, chPermit, 'CH'),
    digest: 'digest',
    destination: 'KE',
    status: 'ISSUED',
    messageId: randomUUID(),
    createdAt: NOW,
    updatedAt: NOW,
    createdBy: 'issuer',
  };
  await world.issued.insert(record);
  return record;
}
