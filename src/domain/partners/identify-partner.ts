/**
 * Which partner is on the other end of a mutual-TLS connection. OpenSSL has already verified the chain
 * against the anchors it was given at handshake time; this decides, per request and against the current
 * directory, whether that chain still belongs to an active partner, so that a suspension or a revoked
 * anchor takes effect on connections that are already open.
 */
import type { X509Certificate } from 'node:crypto';
import { certificateState } from './partner';
import type { DirectoryCertificate, DirectoryPartner, DirectorySnapshot } from './directory-snapshot';

export type PartnerIdentification =
  | { ok: true; partner: DirectoryPartner; anchor: DirectoryCertificate; leafFingerprint: string }
  | {
      ok: false;
      code: 'EXCHANGE_CLIENT_UNTRUSTED' | 'EXCHANGE_PARTNER_INACTIVE' | 'EXCHANGE_COUNTRY_MISMATCH';
      reason: string;
    };

export function fingerprintOf(cert: X509Certificate): string {
  return cert.fingerprint256.replace(/:/g, '').toLowerCase();
}

/** The subject's C= values (node prints the subject one attribute per line). */
export function subjectCountries(cert: X509Certificate): string[] {
  return cert.subject
    .split('\n')
    .filter((line) => line.startsWith('C='))
    .map((line) => line.slice(2));
}

/**
 * Identifies the partner from the peer's certificate chain (leaf first, as verified by the TLS layer).
 * The chain must end in a non-revoked tls-ca anchor of an active partner, valid at `at`; the leaf must
 * carry subject C= equal to that partner's code, be valid at `at`, not be a revoked pinned leaf, and be
 * pinned when the partner pins tls-client leaves.
 */
export function identifyPartner(
  snapshot: DirectorySnapshot,
  chain: readonly X509Certificate[],
  at: Date,
): PartnerIdentification {
  const leaf = chain[0];
  if (!leaf) return { ok: false, code: 'EXCHANGE_CLIENT_UNTRUSTED', reason: 'no client certificate' };
  const leafFingerprint = fingerprintOf(leaf);
  const found = findActivePartnerOfChain(snapshot, chain, leaf);
  if (!found.ok) return found;
  const { partner, own } = found;
  const anchor = own.find((a) => certificateState(a, at) === 'active');
  if (!anchor) {
    return {
      ok: false,
      code: 'EXCHANGE_CLIENT_UNTRUSTED',
      reason: `the tls-ca certificate of ${partner.code} the client chains to is not valid now`,
    };
  }
  const leafFailure = checkLeaf(snapshot, partner, leaf, leafFingerprint, at);
  if (leafFailure) return leafFailure;
  return { ok: true, partner, anchor, leafFingerprint };
}

type IdentificationFailure = Extract<PartnerIdentification, { ok: false }>;

/** The partner whose tls-ca anchors the chain ends in and whose code the leaf's C= names; it must be active. */
function findActivePartnerOfChain(
  snapshot: DirectorySnapshot,
  chain: readonly X509Certificate[],
  leaf: X509Certificate,
): IdentificationFailure | { ok: true; partner: DirectoryPartner; own: DirectoryCertificate[] } {
  const candidates = anchorCandidates(snapshot, chain);
  if (candidates.length === 0) {
    return {
      ok: false,
      code: 'EXCHANGE_CLIENT_UNTRUSTED',
      reason: "the client certificate does not chain to any partner's tls-ca certificate",
    };
  }
  const countries = subjectCountries(leaf);
  const country = countries.length === 1 ? countries[0]! : undefined;
  const own = candidates.filter((anchor) => anchor.partnerCode === country);
  if (own.length === 0) {
    return {
      ok: false,
      code: 'EXCHANGE_COUNTRY_MISMATCH',
      reason: `the client certificate chains to a tls-ca of ${[...new Set(candidates.map((a) => a.partnerCode))].join(', ')} but its subject has ${countries.length ? countries.map((c) => `C=${c}`).join(', ') : 'no C='}`,
    };
  }
  const partner = snapshot.findPartner(own[0]!.partnerCode)!;
  if (partner.status !== 'active') {
    return {
      ok: false,
      code: 'EXCHANGE_PARTNER_INACTIVE',
      reason: `partner ${partner.code} is ${partner.status}`,
    };
  }
  return { ok: true, partner, own };
}

/** Why the leaf is refused (not valid at `at`, a revoked pin, or not among the pinned leaves), or null. */
function checkLeaf(
  snapshot: DirectorySnapshot,
  partner: DirectoryPartner,
  leaf: X509Certificate,
  leafFingerprint: string,
  at: Date,
): IdentificationFailure | null {
  if (at < new Date(leaf.validFrom) || at > new Date(leaf.validTo)) {
    return {
      ok: false,
      code: 'EXCHANGE_CLIENT_UNTRUSTED',
      reason: 'the client certificate is not valid now',
    };
  }
  const revokedPin = partner.certificates.some(
    (c) => c.role === 'tls-client' && c.revoked && c.fingerprint === leafFingerprint,
  );
  const pinned = snapshot.pinnedLeaves(partner.code, 'tls-client', at);
  if (revokedPin || (pinned.length > 0 && !pinned.some((c) => c.fingerprint === leafFingerprint))) {
    return {
      ok: false,
      code: 'EXCHANGE_CLIENT_UNTRUSTED',
      reason: revokedPin
        ? `the client certificate of ${partner.code} was revoked`
        : `the client certificate is not one of the tls-client certificates pinned for ${partner.code}`,
    };
  }
  return null;
}

/** Non-revoked tls-ca anchors the chain ends in: by fingerprint, or as the issuer of its top certificate. */
function anchorCandidates(
  snapshot: DirectorySnapshot,
  chain: readonly X509Certificate[],
): DirectoryCertificate[] {
  const found = new Map<string, DirectoryCertificate>();
  const add = (anchor: DirectoryCertificate): void => {
    found.set(`${anchor.partnerCode}:${anchor.fingerprint}`, anchor);
  };
  for (const cert of chain.slice(1)) {
    for (const anchor of snapshot.tlsAnchorsWithFingerprint(fingerprintOf(cert))) add(anchor);
  }
  const top = chain[chain.length - 1]!;
  if (found.size === 0) {
    for (const anchor of snapshot.allTlsAnchors()) {
      if (top.checkIssued(anchor.x509) && top.verify(anchor.x509.publicKey)) add(anchor);
    }
  }
  return [...found.values()];
}
