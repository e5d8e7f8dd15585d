/**
 * Reads the facts the inbound-authority rule needs for one verified envelope (our issued permit's
 * destination for a usage confirmation, the signed replacement's own reference to the permit it replaces)
 * and asks the rule. Runs before anything is stored, so a denied message changes nothing.
 */
import type { ReadEnvelope } from '../domain/exchange/envelope-xml';
import {
  decideInboundAuthority,
  type InboundAuthorityFacts,
  type InboundDenial,
} from '../domain/exchange/inbound-authority';
import type { TrustAnchors } from '../domain/pki/trust-anchors';
import { verifySignedPermit } from '../domain/signing/verify-signed-permit';

export interface InboundDenialDeps {
  country: string;
  issued: { find(permitKey: string): Promise<{ destination: string } | null> };
  directory: { signingTrustFor(code: string, at: Date): TrustAnchors };
}

export async function findInboundDenial(
  deps: InboundDenialDeps,
  sender: string,
  envelope: ReadEnvelope,
  at: Date,
): Promise<InboundDenial | null> {
  const { header, body } = envelope;
  const facts: InboundAuthorityFacts = {
    ourCountry: deps.country,
    sender,
    documentType: header.documentType,
    permitKey: header.permitKey,
  };
  if (body.kind === 'usage-confirmation') {
    facts.issuedTo = (await deps.issued.find(header.permitKey))?.destination ?? null;
  }
  if (body.kind === 'permit' && body.replaces !== undefined) {
    facts.replaces = body.replaces;
    const signedReplaces = await readSignedReplaces(deps, sender, body.signedPermitXml, at);
    if (signedReplaces) facts.signedReplaces = signedReplaces;
  }
  return decideInboundAuthority(facts);
}

/**
 * What the replacement permit's own signed content says it replaces. Read only from a permit whose
 * signature verifies with the sender's anchors; an unverifiable permit is refused later with its own code.
 */
async function readSignedReplaces(
  deps: InboundDenialDeps,
  sender: string,
  signedPermitXml: string,
  at: Date,
): Promise<InboundAuthorityFacts['signedReplaces']> {
  const verified = await verifySignedPermit(signedPermitXml, {
    trust: deps.directory.signingTrustFor(sender, at),
    at,
  });
  if (!verified.ok || !verified.permit.replacesPermit) return undefined;
  return { issuingCountry: verified.permit.issuingCountry, ...verified.permit.replacesPermit };
}
