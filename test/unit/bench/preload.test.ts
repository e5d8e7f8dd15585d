/** The history preload's copies: new identities in every copy, content and binaries kept, dates moved back. */
import { Binary } from 'mongodb';
import { copyDocument, rewriteString } from '../../../bench/lib/preload';

const copy = { round: 7, prefix: 'KE-2026-WA1B2C3-', shiftMs: 60_000 };

describe('history preload copies', () => {
  test('when a string holds the batch prefix, a UUID or an assessment id, then each gets the round', () => {
    expect(rewriteString('KE/2026/KE-2026-WA1B2C3-000012', copy)).toBe('KE/2026/KE-2026-H000007-000012');
    expect(rewriteString('out:bc1e4fca-f255-43e2-8a15-6433b949b04b', copy)).toBe(
      'out:00000007-f255-43e2-8a15-6433b949b04b',
    );
    expect(rewriteString('ra_rox6jxXp02hixyTFeQXIiq', copy)).toBe('ra_000007Xp02hixyTFeQXIiq');
    // base64url: the id may hold - and _ anywhere
    expect(rewriteString('ra_-ox6j_Xp02hixyTFeQX-i_', copy)).toBe('ra_000007Xp02hixyTFeQX-i_');
    expect(rewriteString('assessment ra_rox6jxXp02hixyTFeQXIiq', copy)).toBe(
      'assessment ra_000007Xp02hixyTFeQXIiq',
    );
  });

  test('when two rounds copy one identity, then the copies differ from each other and from the original', () => {
    const id = 'bc1e4fca-f255-43e2-8a15-6433b949b04b:1';
    const copies = [1, 2, 3].map((round) => rewriteString(id, { ...copy, round }));
    expect(new Set([id, ...copies]).size).toBe(4);
  });

  test('when a string is long content (signed XML), then it is copied unchanged', () => {
    const xml = `<rsm:CITESEPermit>${'KE-2026-WA1B2C3-000012 '.repeat(40)}</rsm:CITESEPermit>`;
    expect(rewriteString(xml, copy)).toBe(xml);
  });

  test('when a document is copied, then nested strings and dates change and binaries and numbers stay', () => {
    const bytes = new Binary(Buffer.from('raw request'));
    const doc = {
      _id: 'out:bc1e4fca-f255-43e2-8a15-6433b949b04b',
      permitKey: 'KE/2026/KE-2026-WA1B2C3-000001',
      createdAt: new Date('2026-12-02T10:00:00Z'),
      attempts: [{ attempt: 1, endedAt: new Date('2026-12-02T10:00:01Z') }],
      bytes,
    };
    const copied = copyDocument(doc, copy);
    expect(copied).toEqual({
      _id: 'out:00000007-f255-43e2-8a15-6433b949b04b',
      permitKey: 'KE/2026/KE-2026-H000007-000001',
      createdAt: new Date('2026-12-02T09:59:00Z'),
      attempts: [{ attempt: 1, endedAt: new Date('2026-12-02T09:59:01Z') }],
      bytes,
    });
    expect(doc.createdAt).toEqual(new Date('2026-12-02T10:00:00Z'));
  });
});
