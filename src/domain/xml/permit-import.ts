/**
 * Tolerant import of permits from other systems: a CITES toolkit v2 `CITESEPermit` or a toolkit v1 `CBFShip`,
 * bare or inside a SOAP envelope (EPIX `GetNonFinalCitesCertificateResponse`), with any namespace prefixes or
 * none, UTF-8 or UTF-16 bytes. What can be read is mapped into the permit model; what cannot is reported
 * field by field (PERMIT_INVALID, details: FieldIssue[]), never as a crash.
 *
 * Parsing stays strict (no DTD, size and depth limits): tolerance is about the shape, not the syntax. The
 * result is not verified: `signed` only says a signature is present.
 */
import type { Element, Node } from '@xmldom/xmldom';
import { GatewayError } from '../errors';
import type { Permit } from '../permit/permit';
import { childElements, isElement } from './dom';
import { NS } from './namespaces';
import { permitInvalid, readPermitElement } from './permit-xml';
import { parseXmlStrict, type XmlLimits } from './strict-parser';

/** The permit read from a foreign document, with the shape it came in. */
export interface ImportedPermit {
  permit: Permit;
  shape: 'CITESEPermit-v2' | 'CBFShip-v1';
  /** An XML signature is present on the permit or its document (not verified here). */
  signed: boolean;
}

const ROOTS = { CITESEPermit: 'CITESEPermit-v2', CBFShip: 'CBFShip-v1' } as const;

/** Every CITESEPermit or CBFShip element, document order, by local name in any namespace (or none). */
function findPermitElements(root: Element): Element[] {
  const found: Element[] = [];
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const element = stack.pop()!;
    if (Object.prototype.hasOwnProperty.call(ROOTS, element.localName ?? '')) {
      found.push(element);
      continue; // a permit inside a permit is not a second permit
    }
    const children = childElements(element);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return found;
}

function hasSignatureChild(node: Node | null): boolean {
  return (
    node !== null &&
    childElements(node).some((child) => child.localName === 'Signature' && child.namespaceURI === NS.dsig)
  );
}

/**
 * Reads a permit out of a foreign document. Throws XML_* for unreadable XML, PERMIT_UNRECOGNISED when no
 * (or more than one) CITESEPermit/CBFShip element is present, PERMIT_INVALID naming every unreadable field.
 */
export function importPermit(input: string | Uint8Array, limits: Partial<XmlLimits> = {}): ImportedPermit {
  const { document } = parseXmlStrict(input, limits);
  const root = document.documentElement!;
  const candidates = findPermitElements(root);
  if (candidates.length === 0) {
    throw new GatewayError(
      'PERMIT_UNRECOGNISED',
      `no CITESEPermit or CBFShip element found (the document root is {${root.namespaceURI ?? ''}}${root.localName})`,
    );
  }
  if (candidates.length > 1) {
    throw new GatewayError(
      'PERMIT_UNRECOGNISED',
      `the document holds ${candidates.length} permits; import one at a time`,
    );
  }
  const element = candidates[0]!;
  const shape = ROOTS[element.localName as keyof typeof ROOTS];
  const result = readPermitElement(element, 'tolerant');
  if (!result.ok) throw permitInvalid(result.issues, `The ${shape} document`);
  const signed =
    hasSignatureChild(element) || (isElement(root) && root !== element && hasSignatureChild(root));
  return { permit: result.permit, shape, signed };
}
