/**
 * The parts of a CC315A/CC313A message that most ENS rules look at, located once. Both message types
 * share the same structure apart from the header reference (LRN vs MRN) and the lodgement office.
 */
import type { ParsedXml } from '../xml.js';
import { childNode, childNodes, rootNode, valueOf } from './ens-node.js';
import type { EnsNode } from './ens-node.js';

export const ENS_KINDS = ['CC315A', 'CC313A'] as const;
export type EnsKind = (typeof ENS_KINDS)[number];

export interface EnsMessage {
  kind: EnsKind;
  root: EnsNode;
  header: EnsNode | undefined;
  goods: EnsNode[];
  /** Transport mode at border as filed (trimmed), e.g. `1`. */
  transportMode: string | undefined;
  /** Specific circumstance indicator as filed (trimmed). */
  specificCircumstance: string | undefined;
}

/** Special mention 10600 marks a goods item carried under a negotiable ("to order") bill of lading. */
export const TO_ORDER_SPECIAL_MENTION = '10600';

export function readEnsMessage(xml: ParsedXml, kind: EnsKind): EnsMessage {
  const root = rootNode(xml);
  const header = childNode(root, 'HEAHEA');
  return {
    kind,
    root,
    header,
    goods: childNodes(root, 'GOOITEGDS'),
    transportMode: valueOf(header, 'TraModAtBorHEA76'),
    specificCircumstance: valueOf(header, 'SpeCirIndHEA1'),
  };
}

export function isToOrderItem(item: EnsNode): boolean {
  return childNodes(item, 'SPEMENMT2').some((mention) => valueOf(mention, 'AddInfCodMT23') === TO_ORDER_SPECIAL_MENTION);
}

/** Transport mode compared by value, so `01` and `1` mean the same mode where HMRC treats them so. */
export function modeIs(message: EnsMessage, ...modes: number[]): boolean {
  const mode = message.transportMode;
  if (mode === undefined || !/^\d+$/.test(mode)) return false;
  return modes.includes(Number(mode));
}
