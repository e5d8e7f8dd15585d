/**
 * Customs re-verifies a received permit's signature at every presentation. The answer depends only on the
 * stored signed document, the time of reception and the partner directory in force, so it is remembered per
 * directory snapshot: a new snapshot (a certificate added or revoked, a partner suspended, a CRL loaded)
 * forgets everything, and a stored document that changed since (its SHA-256 is part of the key) is checked
 * afresh. The CRL check of the signer stays outside this cache (withCrlRevocation wraps it), so it runs on
 * every presentation as before.
 */
import { createHash } from 'node:crypto';
import type { DirectorySnapshot } from '../domain/partners/directory-snapshot';
import type { ReceivedSignatureVerifier } from '../domain/verification/ports';

type Result = Awaited<ReturnType<ReceivedSignatureVerifier['verify']>>;

/** Permits remembered per snapshot; the oldest is forgotten first. */
const DEFAULT_ENTRIES = 20_000;

export function cachedSignatureVerifier(
  inner: ReceivedSignatureVerifier,
  directory: { current(): DirectorySnapshot },
  maxEntries = DEFAULT_ENTRIES,
): ReceivedSignatureVerifier {
  let snapshot: DirectorySnapshot | undefined;
  const results = new Map<string, Result>();
  return {
    async verify(received) {
      const current = directory.current();
      if (current !== snapshot) {
        results.clear();
        snapshot = current;
      }
      const key = [
        received.permitKey,
        received.receivedAt.getTime(),
        received.signer.thumbprint,
        createHash('sha256').update(received.signedXml).digest('base64'),
      ].join('\n');
      const known = results.get(key);
      // a copy: the caller's checks must never see another request's objects
      if (known) return structuredClone(known);
      const result = await inner.verify(received);
      if (directory.current() === snapshot) {
        results.set(key, structuredClone(result));
        if (results.size > maxEntries) results.delete(results.keys().next().value!);
      }
      return result;
    },
  };
}
