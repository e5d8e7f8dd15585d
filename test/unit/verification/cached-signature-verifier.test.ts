/**
 * The re-verification of a received permit's signature is remembered per directory snapshot and stored
 * document: a presentation of the same permit under the same trust costs no new check, and anything that
 * could change the answer (another snapshot, another stored document) checks again.
 */
import type { ReceivedPermit } from '../../../src/domain/exchange/permit-records';
import { DirectorySnapshot } from '../../../src/domain/partners/directory-snapshot';
import type { ReceivedSignatureVerifier } from '../../../src/domain/verification/ports';
import { cachedSignatureVerifier } from '../../../src/flows/cached-signature-verifier';
import { samplePermit } from '../../support/permits';

function receivedPermit(overrides: Partial<ReceivedPermit> = {}): ReceivedPermit {
  const permit = samplePermit({ permitNumber: 'KE-2026-00042' });
  return {
    permitKey: 'KE/2026/KE-2026-00042',
    issuingCountry: 'KE',
    permit,
    signedXml: '<rsm:CITESEPermit>signed</rsm:CITESEPermit>',
    digest: 'digest',
    signer: { thumbprint: 'ab'.repeat(32), subject: 'CN=KE signing' },
    status: 'VALID',
    messageId: 'm-1',
    receivedAt: new Date('2026-12-01T10:00:00Z'),
    updatedAt: new Date('2026-12-01T10:00:00Z'),
    ...overrides,
  };
}

/** An inner verifier that answers valid with the stored permit and counts its calls. */
function countingVerifier(): ReceivedSignatureVerifier & { calls: number } {
  const inner = {
    calls: 0,
    verify(received: ReceivedPermit) {
      inner.calls++;
      return Promise.resolve({
        facts: { state: 'valid' as const, signer: received.signer },
        permit: structuredClone(received.permit),
      });
    },
  };
  return inner;
}

function setUp() {
  const inner = countingVerifier();
  let snapshot = DirectorySnapshot.empty();
  const directory = { current: () => snapshot };
  const verifier = cachedSignatureVerifier(inner, directory, 2);
  return { inner, verifier, newSnapshot: () => (snapshot = DirectorySnapshot.empty()) };
}

describe('cachedSignatureVerifier', () => {
  it('checks a permit once per directory snapshot and answers the same result again', async () => {
    const { inner, verifier } = setUp();
    const first = await verifier.verify(receivedPermit());
    const second = await verifier.verify(receivedPermit());
    expect(inner.calls).toBe(1);
    expect(second).toEqual(first);
  });

  it('checks again after the directory changed (a certificate revoked, a partner suspended)', async () => {
    const { inner, verifier, newSnapshot } = setUp();
    await verifier.verify(receivedPermit());
    newSnapshot();
    await verifier.verify(receivedPermit());
    expect(inner.calls).toBe(2);
  });

  it('checks again when the stored signed document is not the one checked before', async () => {
    const { inner, verifier } = setUp();
    await verifier.verify(receivedPermit());
    await verifier.verify(receivedPermit({ signedXml: '<rsm:CITESEPermit>altered</rsm:CITESEPermit>' }));
    expect(inner.calls).toBe(2);
  });

  it('hands every caller its own copy, so one request cannot change what the next one sees', async () => {
    const { verifier } = setUp();
    const first = await verifier.verify(receivedPermit());
    first.permit!.lines[0]!.quantity = 1_000_000;
    const second = await verifier.verify(receivedPermit());
    expect(second.permit!.lines[0]!.quantity).not.toBe(1_000_000);
  });

  it('forgets the oldest permit beyond its size', async () => {
    const { inner, verifier } = setUp();
    for (const n of [1, 2, 3])
      await verifier.verify(receivedPermit({ permitKey: `KE/2026/KE-2026-0000${n}` }));
    await verifier.verify(receivedPermit({ permitKey: 'KE/2026/KE-2026-00001' }));
    await verifier.verify(receivedPermit({ permitKey: 'KE/2026/KE-2026-00003' }));
    expect(inner.calls).toBe(4);
  });
});
