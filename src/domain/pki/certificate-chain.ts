/**
 * Certificate path building and validation with time as a parameter, on node:crypto certificates.
 *
 * Node's X509Certificate can tell whether one certificate issued another (`checkIssued`: names, key
 * identifiers, issuer keyCertSign) and check a signature (`verify`), but it validates nothing else. This module
 * adds what RFC 5280 path validation needs for document signing: the path ends at a configured anchor, every
 * issuer is a CA within its path length, every certificate is valid at the given time, and the leaf is not
 * self-signed and carries the required key usage. Revocation is out of scope (partners' anchors and pinned
 * leaves are managed by administrators).
 */
import type { X509Certificate } from 'node:crypto';
import type { ErrorCode } from '../errors';
import { x509 } from './x509';

/** What path validation needs from a certificate, read once per certificate object. */
export interface CertificateFacts {
  cert: X509Certificate;
  /** SHA-256 of the DER, lower-case hex. */
  fingerprint: string;
  /** RFC 4514-style subject, e.g. `CN=EPIX document signing KE, O=..., C=KE`. */
  subject: string;
  /** The subject's C= value when there is exactly one. */
  country: string | undefined;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  /** basicConstraints pathLenConstraint, when present. */
  pathLength: number | undefined;
  /** keyUsage bits (x509.KeyUsageFlags), or undefined when the extension is absent. */
  keyUsage: number | undefined;
  /** Subject equals issuer and the certificate verifies with its own key. */
  selfSigned: boolean;
}

export type KeyUsageName = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'keyAgreement';

const KEY_USAGE_FLAGS: Readonly<Record<KeyUsageName, number>> = {
  digitalSignature: x509.KeyUsageFlags.digitalSignature,
  nonRepudiation: x509.KeyUsageFlags.nonRepudiation,
  keyEncipherment: x509.KeyUsageFlags.keyEncipherment,
  keyAgreement: x509.KeyUsageFlags.keyAgreement,
};

export type ChainFailure = { ok: false; code: ErrorCode; message: string };

const factsByCert = new WeakMap<X509Certificate, CertificateFacts>();

/** Facts of a certificate; memoised per certificate object (parsing extensions costs ~0.1 ms). */
export function factsOf(cert: X509Certificate): CertificateFacts {
  let facts = factsByCert.get(cert);
  if (facts) return facts;
  const parsed = new x509.X509Certificate(cert.raw);
  const constraints = parsed.getExtension(x509.BasicConstraintsExtension);
  const countries = parsed.subjectName.getField('C');
  facts = {
    cert,
    fingerprint: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
    subject: parsed.subject,
    country: countries.length === 1 ? countries[0] : undefined,
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    isCa: constraints?.ca === true,
    pathLength: constraints?.ca ? constraints.pathLength : undefined,
    keyUsage: parsed.getExtension(x509.KeyUsagesExtension)?.usages,
    selfSigned: cert.subject === cert.issuer && safeVerify(cert, cert),
  };
  factsByCert.set(cert, facts);
  return facts;
}

function safeVerify(subject: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** True when `issuer` issued `subject`: names and key identifiers match and the signature verifies. */
export function hasIssued(issuer: X509Certificate, subject: X509Certificate): boolean {
  try {
    return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

const MAX_PATH = 6;

/**
 * Builds a path leaf → intermediates → anchor (the anchor included), trying each candidate issuer; returns
 * undefined when no path reaches an anchor. A leaf that is itself an anchor is a path of one.
 */
export function buildPath(
  leaf: CertificateFacts,
  intermediates: readonly CertificateFacts[],
  anchors: readonly CertificateFacts[],
): CertificateFacts[] | undefined {
  if (anchors.some((a) => a.fingerprint === leaf.fingerprint)) return [leaf];
  const walk = (
    current: CertificateFacts,
    unused: readonly CertificateFacts[],
    depth: number,
  ): CertificateFacts[] | undefined => {
    for (const anchor of anchors) if (hasIssued(anchor.cert, current.cert)) return [current, anchor];
    if (depth >= MAX_PATH) return undefined;
    for (const candidate of unused) {
      if (candidate.fingerprint === current.fingerprint || !hasIssued(candidate.cert, current.cert)) continue;
      const rest = walk(
        candidate,
        unused.filter((u) => u !== candidate),
        depth + 1,
      );
      if (rest) return [current, ...rest];
    }
    return undefined;
  };
  return walk(leaf, intermediates, 1);
}

/**
 * The time-independent checks of a built path: every issuer is a CA within its path length, the leaf is an
 * end-entity certificate with the required key usage. Returns undefined when the path passes.
 */
export function checkPathStructure(
  path: readonly CertificateFacts[],
  keyUsage?: KeyUsageName,
): ChainFailure | undefined {
  const leaf = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const issuer = path[i]!;
    if (!issuer.isCa) {
      return {
        ok: false,
        code: 'CERT_UNTRUSTED',
        message: `issuer ${issuer.subject} is not a CA certificate`,
      };
    }
    // Intermediates below this issuer, not counting self-issued ones (RFC 5280 6.1.4 (l)).
    const below = path.slice(1, i).filter((c) => c.cert.subject !== c.cert.issuer).length;
    if (issuer.pathLength !== undefined && below > issuer.pathLength) {
      return {
        ok: false,
        code: 'CERT_UNTRUSTED',
        message: `path length constraint of ${issuer.subject} exceeded`,
      };
    }
  }
  if (keyUsage) {
    if (leaf.isCa) {
      return {
        ok: false,
        code: 'CERT_KEY_USAGE',
        message: `${leaf.subject} is a CA certificate, not an end-entity one`,
      };
    }
    if (leaf.keyUsage === undefined || (leaf.keyUsage & KEY_USAGE_FLAGS[keyUsage]) === 0) {
      return {
        ok: false,
        code: 'CERT_KEY_USAGE',
        message: `${leaf.subject} does not allow ${keyUsage} (${leaf.keyUsage === undefined ? 'no keyUsage extension' : 'keyUsage lacks it'})`,
      };
    }
  }
  return undefined;
}

/** Every certificate of the path valid at `at`; the first one that is not decides the code. */
export function checkPathValidity(path: readonly CertificateFacts[], at: Date): ChainFailure | undefined {
  const t = at.getTime();
  if (Number.isNaN(t))
    return { ok: false, code: 'VALIDATION_FAILED', message: 'the verification time is not a valid date' };
  for (const cert of path) {
    if (t < cert.notBefore.getTime()) {
      return {
        ok: false,
        code: 'CERT_NOT_YET_VALID',
        message: `${cert.subject} is not valid before ${cert.notBefore.toISOString()} (checked at ${at.toISOString()})`,
      };
    }
    if (t > cert.notAfter.getTime()) {
      return {
        ok: false,
        code: 'CERT_EXPIRED',
        message: `${cert.subject} expired on ${cert.notAfter.toISOString()} (checked at ${at.toISOString()})`,
      };
    }
  }
  return undefined;
}
