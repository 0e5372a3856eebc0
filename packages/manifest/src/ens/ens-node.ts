/**
 * A thin view over the xml2js tree that remembers where each element sits, in HMRC's location form:
 * `/ie:CC313A[1]/GOOITEGDS[2]/PACGS2[1]`. Indexes count same-named siblings from 1, which is what
 * xml2js's per-name arrays give us directly. Every ENS rule reports against these paths.
 */
import { children, text } from '../xml.js';
import type { ParsedXml, XmlElement } from '../xml.js';

export interface EnsNode {
  element: XmlElement;
  path: string;
}

export function rootNode(xml: ParsedXml): EnsNode {
  return { element: xml.root, path: `/${xml.rootName}[1]` };
}

export function childNodes(node: EnsNode | undefined, name: string): EnsNode[] {
  if (node === undefined) return [];
  return children(node.element, name).map((element, i) => ({ element, path: `${node.path}/${name}[${i + 1}]` }));
}

export function childNode(node: EnsNode | undefined, name: string): EnsNode | undefined {
  return childNodes(node, name)[0];
}

/** Trimmed text of the first child called `name`; undefined when absent or blank. */
export function valueOf(node: EnsNode | undefined, name: string): string | undefined {
  return text(childNodes(node, name)[0]?.element);
}

/** Untrimmed text, for format rules where a stray character matters. */
export function rawValueOf(node: EnsNode | undefined, name: string): string | undefined {
  const element = childNodes(node, name)[0]?.element;
  if (element === undefined) return undefined;
  return typeof element === 'string' ? element : (element._ ?? '');
}

/** True when the child element exists, even if empty. */
export function has(node: EnsNode | undefined, name: string): boolean {
  return childNodes(node, name).length > 0;
}

export function fieldPath(node: EnsNode, name: string): string {
  return `${node.path}/${name}[1]`;
}
