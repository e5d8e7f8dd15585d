/** Small, allocation-light helpers for walking an xmldom tree by namespace and local name. */
import type { Element, Node } from '@xmldom/xmldom';

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const CDATA_SECTION_NODE = 4;
export const PROCESSING_INSTRUCTION_NODE = 7;
export const COMMENT_NODE = 8;

export function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === ELEMENT_NODE;
}

export function childElements(parent: Node): Element[] {
  const out: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) if (isElement(child)) out.push(child);
  return out;
}

/** Child elements with this local name, in any namespace when `namespace` is undefined. */
export function childrenNamed(parent: Node, localName: string, namespace?: string): Element[] {
  const out: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (
      isElement(child) &&
      child.localName === localName &&
      (namespace === undefined || child.namespaceURI === namespace)
    ) {
      out.push(child);
    }
  }
  return out;
}

export function firstChildNamed(parent: Node, localName: string, namespace?: string): Element | undefined {
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (
      isElement(child) &&
      child.localName === localName &&
      (namespace === undefined || child.namespaceURI === namespace)
    ) {
      return child;
    }
  }
  return undefined;
}

/**
 * The element's full text (`textContent`: every text and CDATA descendant, comments skipped), trimmed; empty
 * text reads as undefined. Never `firstChild.data`: a comment injected inside signed text (exc-c14n ignores
 * comments) would cut the value short.
 */
export function textOf(element: Element | undefined): string | undefined {
  if (!element) return undefined;
  const value = (element.textContent ?? '').trim();
  return value === '' ? undefined : value;
}

/** True when the element has text other than white space, or any child element. */
export function hasContent(element: Element): boolean {
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (isElement(child)) return true;
    if (
      (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) &&
      (child.nodeValue ?? '').trim() !== ''
    )
      return true;
  }
  return false;
}
