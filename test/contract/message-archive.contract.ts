/**
 * What every inbound archive must do; run against the in-memory twin here and MongoDB in integration
 * (test/integration/exchange-stores.int.test.ts).
 */
import type { MessageArchive } from '../../src/domain/exchange/message-archive';

export function messageArchiveContract(
  name: string,
  create: () => Promise<{ archive: MessageArchive; cleanup: () => Promise<void> }>,
): void {
  describe(`MessageArchive contract: ${name}`, () => {
    let archive: MessageArchive;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ archive, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    test('when bytes are archived, then they are read back byte for byte under a fresh id', async () => {
      // Not valid UTF-8 and with a NUL: the archive keeps bytes, not text.
      const bytes = Buffer.from([0x3c, 0x61, 0x3e, 0x00, 0xff, 0xfe, 0xc3, 0x28]);
      const receivedAt = new Date('2026-05-01T08:00:00Z');
      const first = await archive.archive({
        partner: 'KE',
        receivedAt,
        contentType: 'application/xml',
        bytes,
      });
      const second = await archive.archive({
        partner: 'KE',
        receivedAt,
        contentType: 'application/xml',
        bytes,
      });

      expect(first).not.toBe(second);
      const read = await archive.find(first);
      expect(read).toEqual({ partner: 'KE', receivedAt, bytes });
      expect(Buffer.compare(read!.bytes, bytes)).toBe(0);
      expect(await archive.find('no-such-entry')).toBeNull();
    });

    test('when an outcome is recorded twice, then the entry shows the last one', async () => {
      const id = await archive.archive({
        partner: 'CH',
        receivedAt: new Date('2026-05-01T08:00:00Z'),
        contentType: 'application/xml',
        bytes: Buffer.from('<x/>'),
      });
      await archive.recordOutcome(id, { status: 'DUPLICATE' });
      await archive.recordOutcome(id, { status: 'REJECTED', code: 'ENVELOPE_INVALID' });

      expect((await archive.find(id))?.outcome).toEqual({ status: 'REJECTED', code: 'ENVELOPE_INVALID' });
    });
  });
}
