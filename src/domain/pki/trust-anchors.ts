/**
 * The certificates a caller trusts for one purpose (e.g. one partner's document signing), and validation of
 * a leaf against them at a given time.
 *
 * Path building verifies one or more certificate signatures (~50 µs each for RSA, more for the self-signature
 * check), which was about half of the cost of verifying a permit. Results of the time-independent part are
 * therefore cached per leaf + presented intermediates; validity dates are re-checked against `at` on every
 * call, so a cached chain never outlives its certificates.
 */
import { X509Certificate } from 'node:crypto';
import { GatewayError } from '../errors';
import {
  buildPath,
  checkPathStructure,
  checkPathValidity,
  factsOf,
  type CertificateFacts,
  type ChainFailure,
  type KeyUsageName,
} from './certificate-chain';

/** A certificate as callers hold it: a node:crypto object, PEM text or DER bytes. */
export type CertificateSource = X509Certificate | string | Uint8Array;

export interface TrustAnchorsOptions {
  /** Issuers whose certificates are trusted (CA certificates). */
  anchors: readonly CertificateSource[];
  /** When non-empty, the leaf must also be one of these (pinning restricts; trust still comes from anchors). */
  pinnedLeaves?: readonly CertificateSource[];
  /** Most cached validation results kept (least recently used dropped first). */
  cacheSize?: number;
}

export interface ValidateOptions {
  /** Key usage the leaf must carry; also requires the leaf not to be a CA. */
  keyUsage?: KeyUsageName;
}

export type ChainValidation = { ok: true; chain: X509Certificate[] } | ChainFailure;

type CachedPath = { ok: true; path: CertificateFacts[]; chain: X509Certificate[] } | ChainFailure;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function toCertificates(source: CertificateSource, what: string): X509Certificate[] {
  try {
    if (source instanceof X509Certificate) return [source];
    if (typeof source === 'string') {
      const blocks = source.match(PEM_BLOCK) ?? [];
      if (blocks.length === 0) throw new Error('no PEM certificate found');
      return blocks.map((pem) => new X509Certificate(pem));
    }
    return [new X509Certificate(Buffer.from(source.buffer, source.byteOffset, source.byteLength))];
  } catch (error) {
    throw new GatewayError(
      'TRUST_ANCHOR_INVALID',
      `a ${what} is not a readable X.509 certificate: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** Splits PEM text holding one or more certificates into node:crypto certificates (TRUST_ANCHOR_INVALID if none). */
export function readCertificates(source: CertificateSource): X509Certificate[] {
  return toCertificates(source, 'certificate');
}

/** A set of trust anchors (plus optional pinned leaves) that validates signer chains and caches the results. */
export class TrustAnchors {
  private readonly anchorFacts: CertificateFacts[];
  private readonly pinned: ReadonlySet<string>;
  private readonly cache = new Map<string, CachedPath>();
  private readonly cacheSize: number;

  private constructor(anchors: X509Certificate[], pinned: X509Certificate[], cacheSize: number) {
    this.anchorFacts = anchors.map(factsOf);
    this.pinned = new Set(pinned.map((c) => factsOf(c).fingerprint));
    this.cacheSize = cacheSize;
  }

  /** Reads the anchors and pinned leaves; throws TRUST_ANCHOR_INVALID when one cannot be read. */
  static from(options: TrustAnchorsOptions): TrustAnchors {
    const anchors = options.anchors.flatMap((a) => toCertificates(a, 'trust anchor'));
    const pinned = (options.pinnedLeaves ?? []).flatMap((p) => toCertificates(p, 'pinned leaf'));
    return new TrustAnchors(anchors, pinned, options.cacheSize ?? 1024);
  }

  /** The anchor certificates, in the order given. */
  get anchors(): X509Certificate[] {
    return this.anchorFacts.map((f) => f.cert);
  }

  /** SHA-256 fingerprints (lower-case hex) of the anchors. */
  get anchorFingerprints(): string[] {
    return this.anchorFacts.map((f) => f.fingerprint);
  }

  /**
   * Validates `leaf` (with the intermediates the signer presented) at time `at`: the chain must reach an
   * anchor through CA certificates, every certificate must be valid at `at`, the leaf must not be
   * self-signed, must carry `keyUsage` when asked, and must be pinned when leaves are pinned. Returns the
   * chain (leaf first, anchor last) or the code of the first failure; never throws.
   */
  validate(
    leaf: X509Certificate,
    intermediates: readonly X509Certificate[],
    at: Date,
    options: ValidateOptions = {},
  ): ChainValidation {
    let result: CachedPath;
    try {
      result = this.pathFor(leaf, intermediates, options.keyUsage);
    } catch (error) {
      return {
        ok: false,
        code: 'CERT_UNTRUSTED',
        message: `the certificate cannot be validated: ${(error as Error).message}`,
      };
    }
    if (!result.ok) return result;
    const invalid = checkPathValidity(result.path, at);
    return invalid ?? { ok: true, chain: result.chain };
  }

  private pathFor(
    leaf: X509Certificate,
    intermediates: readonly X509Certificate[],
    keyUsage?: KeyUsageName,
  ): CachedPath {
    const leafFacts = factsOf(leaf);
    const others = intermediates.map(factsOf);
    let key = `${keyUsage ?? ''}|${leafFacts.fingerprint}`;
    for (const other of others) key += `|${other.fingerprint}`;
    const hit = this.cache.get(key);
    if (hit) {
      // Re-insert to mark it recently used.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const computed = this.computePath(leafFacts, others, keyUsage);
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, computed);
    return computed;
  }

  private computePath(
    leaf: CertificateFacts,
    intermediates: CertificateFacts[],
    keyUsage?: KeyUsageName,
  ): CachedPath {
    if (leaf.selfSigned) {
      return {
        ok: false,
        code: 'CERT_SELF_SIGNED_LEAF',
        message: `${leaf.subject} is self-signed; a leaf must be issued by a trusted CA`,
      };
    }
    if (this.pinned.size > 0 && !this.pinned.has(leaf.fingerprint)) {
      return {
        ok: false,
        code: 'CERT_UNTRUSTED',
        message: `${leaf.subject} is not one of the pinned signer certificates`,
      };
    }
    const path = buildPath(leaf, intermediates, this.anchorFacts);
    if (!path) {
      return {
        ok: false,
        code: 'CERT_UNTRUSTED',
        message: `${leaf.subject} (issuer ${leaf.cert.issuer.replace(/\n/g, ', ')}) does not chain to a trust anchor`,
      };
    }
    const failure = checkPathStructure(path, keyUsage);
    if (failure) return failure;
    return { ok: true, path, chain: path.map((f) => f.cert) };
  }
}
