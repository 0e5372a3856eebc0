/**
 * Safe XML entry point shared by every format parser. xml2js (sax underneath) never fetches external
 * entities, but it does accept a DOCTYPE with internal entity declarations; we refuse any DOCTYPE
 * before parsing, which closes XXE and entity-expansion (billion laughs) in one place. Nesting depth
 * is bounded so a hostile document cannot exhaust the stack of the code that walks the tree.
 */
import { Parser } from 'xml2js';
import type { ValidationIssue } from '@safe-screen/domain';
import { scanMarkup } from './scan-markup.js';

/** An element as xml2js gives it with `explicitArray: true`: children are arrays, attributes under `$`, text under `_`. */
export interface XmlElement {
  $?: Record<string, string>;
  _?: string;
  [child: string]: XmlElement[] | Record<string, string> | string | undefined;
}

export interface ParsedXml {
  /** Root element name as written, prefix included (e.g. `ie:CC315A`). */
  rootName: string;
  /** Local name of the root element, prefix removed. */
  rootLocalName: string;
  /** Namespace URI of the root element, when declared. */
  namespace?: string;
  root: XmlElement;
}

export type XmlParseResult = { ok: true; xml: ParsedXml } | { ok: false; issue: ValidationIssue };

export const MAX_XML_DEPTH = 64;

function failure(code: string, message: string, location = '/', value?: string): { ok: false; issue: ValidationIssue } {
  return { ok: false, issue: { severity: 'error', code, message, location, ...(value === undefined ? {} : { value }) } };
}

export function decodeXmlBody(body: Buffer | string): { ok: true; text: string } | { ok: false; issue: ValidationIssue } {
  if (typeof body === 'string') return { ok: true, text: body };
  if (body.length >= 2 && ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff))) {
    return { ok: false, issue: { severity: 'error', code: 'MANIFEST_ENCODING_UNSUPPORTED', message: 'UTF-16 documents are not accepted; send UTF-8', location: '/' } };
  }
  const head = body.subarray(0, 200).toString('latin1');
  const declared = /encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  if (declared !== undefined && !['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(declared)) {
    return { ok: false, issue: { severity: 'error', code: 'MANIFEST_ENCODING_UNSUPPORTED', message: `declared encoding "${declared}" is not supported; send UTF-8`, location: '/', value: declared } };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { ok: false, issue: { severity: 'error', code: 'MANIFEST_ENCODING_INVALID', message: 'the body is not valid UTF-8', location: '/' } };
  }
}

/**
 * What both parsers check before parsing, in one linear pass (scan-markup.ts): the body decodes as
 * UTF-8, is not empty, declares no DOCTYPE or entity (XXE and entity expansion are refused outright,
 * never resolved) and nests no deeper than `maxDepth` when one is given.
 */
export function readXmlText(body: Buffer | string, options: { maxDepth?: number } = {}): { ok: true; text: string } | { ok: false; issue: ValidationIssue } {
  const decoded = decodeXmlBody(body);
  if (!decoded.ok) return decoded;
  const text = decoded.text;
  if (text.trim().length === 0) return failure('MANIFEST_EMPTY', 'the document is empty');
  const scan = scanMarkup(text, options.maxDepth ?? Number.MAX_SAFE_INTEGER);
  if (scan.declaresDtd) {
    return failure('MANIFEST_DTD_FORBIDDEN', 'document type declarations and entities are not accepted (XXE and entity-expansion protection)');
  }
  if (scan.tooDeep) return failure('MANIFEST_TOO_DEEP', `elements are nested deeper than ${options.maxDepth} levels`);
  return decoded;
}

/** True when the text declares a DTD in markup (a DOCTYPE inside CDATA or a comment is text, not a declaration). */
export function declaresDtd(text: string): boolean {
  return scanMarkup(text, Number.MAX_SAFE_INTEGER).declaresDtd;
}

export function parseXml(body: Buffer | string): XmlParseResult {
  const read = readXmlText(body, { maxDepth: MAX_XML_DEPTH });
  if (!read.ok) return read;
  const text = read.text;
  let result: Record<string, XmlElement> | null = null;
  let error: Error | null = null;
  const parser = new Parser({ explicitArray: true, explicitRoot: true, xmlns: false, async: false, strict: true, trim: false, normalize: false });
  // With async: false xml2js calls back synchronously; errors thrown by sax surface here as well.
  try {
    parser.parseString(text, (err: Error | null, parsed: Record<string, XmlElement> | null) => {
      error = err;
      result = parsed;
    });
  } catch (thrown) {
    error = thrown instanceof Error ? thrown : new Error(String(thrown));
  }
  if (error !== null) {
    const message = String((error as Error).message).split('\n').join('; ');
    return failure('MANIFEST_XML_MALFORMED', `the XML is not well-formed: ${message}`);
  }
  const parsed = result as Record<string, XmlElement> | null;
  const rootName = parsed === null ? undefined : Object.keys(parsed)[0];
  if (parsed === null || rootName === undefined) return failure('MANIFEST_EMPTY', 'the document has no root element');
  const root = parsed[rootName] ?? {};
  const rootElement: XmlElement = typeof root === 'string' ? { _: root } : root;
  const colon = rootName.indexOf(':');
  const prefix = colon === -1 ? undefined : rootName.slice(0, colon);
  const attributes = rootElement.$ ?? {};
  const namespace = attributes[prefix === undefined ? 'xmlns' : `xmlns:${prefix}`];
  return {
    ok: true,
    xml: { rootName, rootLocalName: colon === -1 ? rootName : rootName.slice(colon + 1), ...(namespace === undefined ? {} : { namespace }), root: rootElement },
  };
}

/** Children of `element` whose local name (prefix ignored) is `name`. */
export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  if (element === undefined) return [];
  const out: XmlElement[] = [];
  for (const key of Object.keys(element)) {
    if (key === '$' || key === '_') continue;
    const local = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
    if (local !== name) continue;
    const value = element[key];
    if (Array.isArray(value)) for (const v of value) out.push(typeof v === 'string' ? { _: v } : v);
  }
  return out;
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return children(element, name)[0];
}

/** Text content of an element (trimmed), or undefined when absent or empty. */
export function text(element: XmlElement | undefined): string | undefined {
  if (element === undefined) return undefined;
  const value = typeof element === 'string' ? element : element._;
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed.length === 0 ? undefined : trimmed;
}

export function childText(element: XmlElement | undefined, name: string): string | undefined {
  return text(child(element, name));
}
