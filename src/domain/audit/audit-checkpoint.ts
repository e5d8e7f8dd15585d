/**
 * Signed checkpoints of the audit chain. A checkpoint is a small XML document naming our country, the seq
 * of the chain's last entry and that entry's hash, and the time, enveloped-signed with the gateway's own
 * document-signing key. Anyone able to write to the database can recompute the whole hash chain, but not
 * these signatures: a rewritten history no longer ends in a signed head hash, and a checkpoint handed to an
 * auditor proves that the log reached at least that entry (a truncated tail is exposed).
 */
import type { Document, Element } from '@xmldom/xmldom';
import { GatewayError } from '../errors';
import type { TrustAnchors } from '../pki/trust-anchors';
import { verifyXmlSignatureSync } from '../signing/xml-verifier';

export const CHECKPOINT_NS = 'urn:epix:audit-checkpoint:1';

export interface AuditCheckpointFacts {
  country: string;
  /** The seq of the chain's last entry when signed. */
  seq: number;
  /** That entry's hash. */
  headHash: string;
  signedAt: Date;
}

export interface AuditCheckpoint extends AuditCheckpointFacts {
  /** The signed document, exactly as signed. */
  signedXml: string;
}

/** Storage of checkpoints; one per seq (the first one signed for a head wins). */
export interface AuditCheckpointStore {
  /** Stores the checkpoint; false when one for this seq exists already (nothing changes then). */
  insert(checkpoint: AuditCheckpoint): Promise<boolean>;
  find(seq: number): Promise<AuditCheckpoint | null>;
  /** Every checkpoint in seq order. */
  list(): Promise<AuditCheckpoint[]>;
  latest(): Promise<AuditCheckpoint | null>;
}

/** The unsigned checkpoint document. */
export function toCheckpointXml(facts: AuditCheckpointFacts): string {
  return (
    `<AuditCheckpoint xmlns="${CHECKPOINT_NS}">` +
    `<Country>${facts.country}</Country>` +
    `<Seq>${facts.seq}</Seq>` +
    `<HeadHash>${facts.headHash}</HeadHash>` +
    `<SignedAt>${facts.signedAt.toISOString()}</SignedAt>` +
    `</AuditCheckpoint>`
  );
}

function fieldOf(root: Element, name: string): string {
  const found = root.getElementsByTagNameNS(CHECKPOINT_NS, name);
  if (found.length !== 1 || found[0]!.parentNode !== root)
    throw new GatewayError('AUDIT_CHECKPOINT_INVALID', `the checkpoint needs exactly one ${name}`);
  return (found[0]!.textContent ?? '').trim();
}

/** The facts of a verified checkpoint document (read from the verified DOM only). */
function factsOf(document: Document): AuditCheckpointFacts {
  const root = document.documentElement;
  if (!root || root.namespaceURI !== CHECKPOINT_NS || root.localName !== 'AuditCheckpoint')
    throw new GatewayError('AUDIT_CHECKPOINT_INVALID', 'the document is not an AuditCheckpoint');
  const seq = Number(fieldOf(root, 'Seq'));
  const headHash = fieldOf(root, 'HeadHash');
  const signedAt = new Date(fieldOf(root, 'SignedAt'));
  if (
    !Number.isSafeInteger(seq) ||
    seq < 1 ||
    !/^[0-9a-f]{64}$/.test(headHash) ||
    Number.isNaN(signedAt.getTime())
  )
    throw new GatewayError(
      'AUDIT_CHECKPOINT_INVALID',
      'the checkpoint Seq, HeadHash or SignedAt is malformed',
    );
  return { country: fieldOf(root, 'Country'), seq, headHash, signedAt };
}

/**
 * Verifies a checkpoint's signature against `trust` (the signing certificate must chain to it and be valid
 * at its SignedAt, and name `country` as C=) and returns what it signed; AUDIT_CHECKPOINT_INVALID otherwise.
 */
export function verifyCheckpoint(
  signedXml: string,
  options: { trust: TrustAnchors; country: string },
): AuditCheckpointFacts {
  // the signer chain must have been valid when the checkpoint was signed; the hint picks that time and
  // is then compared with the signed SignedAt
  const at = signedAtHint(signedXml);
  const verified = verifyXmlSignatureSync(signedXml, { trust: options.trust, at });
  if (!verified.ok) {
    throw new GatewayError(
      'AUDIT_CHECKPOINT_INVALID',
      `the checkpoint signature: ${verified.code}: ${verified.message}`,
    );
  }
  const facts = factsOf(verified.document);
  if (facts.signedAt.getTime() !== at.getTime())
    throw new GatewayError('AUDIT_CHECKPOINT_INVALID', 'the checkpoint holds more than one SignedAt');
  if (facts.country !== options.country || verified.signer.country !== options.country) {
    throw new GatewayError(
      'AUDIT_CHECKPOINT_INVALID',
      `the checkpoint is for ${facts.country}, signed by ${verified.signer.country ?? '?'}; expected ${options.country}`,
    );
  }
  return facts;
}

/** SignedAt as written (unverified), only to pick the time at which the signer chain is then validated. */
function signedAtHint(signedXml: string): Date {
  const match = /<SignedAt>([^<]{1,40})<\/SignedAt>/.exec(signedXml);
  const at = new Date(match?.[1] ?? '');
  if (Number.isNaN(at.getTime()))
    throw new GatewayError('AUDIT_CHECKPOINT_INVALID', 'the checkpoint has no readable SignedAt');
  return at;
}
