/**
 * The one way in for a filing body: decode -> parse XML -> detect the format -> format parser -> the
 * data-quality gate -> outcome. It never throws: every failure is a ParseOutcome with stable codes.
 */
import type { FilingFormat, ParseOutcome, ValidationIssue } from '@safe-screen/domain';
import { CANONICAL_NAMESPACE, CANONICAL_ROOT } from './canonical/canonical-format.js';
import { parseCanonical } from './canonical/parse-canonical.js';
import { ensKindOf, parseEns, parseEnsAsync } from './ens/index.js';
import { checkFilingTiming } from './gate/check-filing-timing.js';
import { runGate } from './gate/run-gate.js';
import { IATA_HOUSE_WAYBILL, IATA_WAYBILL } from './iata/iata-format.js';
import { parseIata } from './iata/parse-iata.js';
import { parseXmlFast } from './parse-xml-fast.js';
import { decodeXmlBody, parseXml } from './xml.js';
import type { ParsedXml } from './xml.js';

export interface ParseFilingOptions {
  /** Time of receipt; when given, a filing received after its mode's deadline carries a FILING_LATE warning. */
  now?: Date;
}

export function detectFormat(parsed: ParsedXml): FilingFormat | undefined {
  const { rootLocalName: root, namespace } = parsed;
  if (root === CANONICAL_ROOT && namespace === CANONICAL_NAMESPACE) return 'canonical';
  if (root === IATA_WAYBILL.root && namespace === IATA_WAYBILL.namespace) return 'iata-xfwb';
  if (root === IATA_HOUSE_WAYBILL.root && namespace === IATA_HOUSE_WAYBILL.namespace) return 'iata-xfzb';
  const ens = ensKindOf(parsed);
  if (ens === 'CC315A') return 'ens-cc315a';
  if (ens === 'CC313A') return 'ens-cc313a';
  return undefined;
}

/**
 * Canonical manifests are the large ones (tens of MB), so they take the saxes tree builder; other
 * formats keep the shared xml2js path their parsers were written against. Sniffing the first root tag
 * is enough: detectFormat still decides on the parsed root name and namespace.
 */
function isCanonicalDocument(text: string): boolean {
  // Skips the prolog (declaration, PIs, comments, whitespace) with indexOf: linear, unlike a lazy regex per `<?`.
  const head = text.slice(0, 4096);
  let i = 0;
  for (;;) {
    while (i < head.length && /\s/.test(head[i]!)) i++;
    const close = head.startsWith('<?', i) ? '?>' : head.startsWith('<!--', i) ? '-->' : undefined;
    if (close === undefined) break;
    const end = head.indexOf(close, i + 2);
    if (end === -1) return false;
    i = end + close.length;
  }
  return CANONICAL_ROOT_TAG.test(head.slice(i));
}

const CANONICAL_ROOT_TAG = new RegExp(`^<(?:[\\w.-]+:)?${CANONICAL_ROOT}[\\s>/]`);

type Prepared = { done: ParseOutcome } | { xml: ParsedXml; raw: string; format: FilingFormat };

function prepare(body: Buffer | string): Prepared {
  const decoded = decodeXmlBody(body);
  if (!decoded.ok) return { done: { ok: false, issues: [decoded.issue] } };
  const parsed = isCanonicalDocument(decoded.text) ? parseXmlFast(decoded.text) : parseXml(decoded.text);
  if (!parsed.ok) return { done: { ok: false, issues: [parsed.issue] } };
  const format = detectFormat(parsed.xml);
  if (format === undefined) return { done: { ok: false, issues: [unknownFormat(parsed.xml)] } };
  return { xml: parsed.xml, raw: decoded.text, format };
}

function unknownFormat(xml: ParsedXml): ValidationIssue {
  const namespace = xml.namespace ?? '(none)';
  return {
    severity: 'error',
    code: 'MANIFEST_FORMAT_UNKNOWN',
    message: `no parser for root element "${xml.rootName}" in namespace ${namespace}; accepted: canonical AdvanceCargoDeclaration (${CANONICAL_NAMESPACE}), ENS CC315A/CC313A, IATA XFWB/XFZB`,
    location: '/',
    value: `${xml.rootName} ${namespace}`,
  };
}

function parseSyncFormat(xml: ParsedXml, raw: string, format: FilingFormat): ParseOutcome {
  switch (format) {
    case 'canonical':
      return parseCanonical(xml);
    case 'iata-xfwb':
    case 'iata-xfzb':
      return parseIata(xml);
    case 'ens-cc315a':
    case 'ens-cc313a':
      return parseEns(xml, raw);
  }
}

/** Adds the gate's findings (and lateness) to a parsed filing; any error turns the outcome into a rejection. */
function applyGate(outcome: ParseOutcome, options: ParseFilingOptions): ParseOutcome {
  if (!outcome.ok) return outcome;
  const issues = [...outcome.issues, ...runGate(outcome.filing)];
  if (options.now !== undefined) {
    const timing = checkFilingTiming(outcome.filing, options.now);
    if (timing.late && timing.deadline !== undefined) {
      issues.push({ severity: 'warning', code: 'FILING_LATE', message: `received ${options.now.toISOString()}, after the ${outcome.filing.conveyance.mode} deadline ${timing.deadline}`, location: '/', value: timing.deadline });
    }
  }
  if (issues.some((issue) => issue.severity === 'error')) return { ok: false, format: outcome.filing.format, issues };
  return { ok: true, filing: outcome.filing, issues };
}

/** Last line of defence: a parser bug must become an outcome, not a crashed request or worker. */
function internalError(error: unknown): ParseOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, issues: [{ severity: 'error', code: 'MANIFEST_INTERNAL_ERROR', message: `the filing could not be processed: ${message.slice(0, 200)}`, location: '/' }] };
}

/** Full path, including XSD validation of ENS messages (asynchronous, WebAssembly libxml2). */
export async function parseFiling(body: Buffer | string, options: ParseFilingOptions = {}): Promise<ParseOutcome> {
  try {
    const prepared = prepare(body);
    if ('done' in prepared) return prepared.done;
    const outcome = prepared.format === 'ens-cc315a' || prepared.format === 'ens-cc313a' ? await parseEnsAsync(prepared.xml, prepared.raw) : parseSyncFormat(prepared.xml, prepared.raw, prepared.format);
    return applyGate(outcome, options);
  } catch (error) {
    return internalError(error);
  }
}

/** Synchronous variant for worker threads: identical except that ENS messages skip XSD validation. */
export function parseFilingSync(body: Buffer | string, options: ParseFilingOptions = {}): ParseOutcome {
  try {
    const prepared = prepare(body);
    if ('done' in prepared) return prepared.done;
    return applyGate(parseSyncFormat(prepared.xml, prepared.raw, prepared.format), options);
  } catch (error) {
    return internalError(error);
  }
}
