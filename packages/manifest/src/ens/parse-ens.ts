/**
 * ENS entry point. `parseEns` runs HMRC's business rules and maps the message, for callers that know
 * the message is schema-valid; `parseEnsAsync` is the full gate: XSD first and, as at HMRC, business
 * rules only for a schema-valid message.
 *
 * libxml2 costs 70-130 ms a message (a worker thread, the WebAssembly module and every XSD loaded anew
 * each time), so the XSD step goes first through `ens-schema-checker.ts`, the same XSDs compiled once
 * per thread (well under a millisecond a message): what it proves valid is valid; anything else
 * (invalid, or not certain) goes to libxml2 for the verdict and HMRC's error numbers, as before.
 */
import type { ParseOutcome, ValidationIssue } from '@safe-screen/domain';
import type { ParsedXml } from '../xml.js';
import { checkEnsRules } from './check-ens-rules.js';
import { hmrcError } from './ens-issue.js';
import { ENS_KINDS, readEnsMessage } from './ens-message.js';
import type { EnsKind } from './ens-message.js';
import { mapEnsFiling } from './map-ens-filing.js';
import { ensSchemaChecker, provenSchemaValid } from './ens-schema-checker.js';
import { checkOwnRules } from './own-checks.js';
import { validateEnsSchema } from './validate-ens-schema.js';

export function ensKindOf(xml: ParsedXml): EnsKind | undefined {
  return ENS_KINDS.find((kind) => kind === xml.rootLocalName && xml.namespace === `http://ics.dgtaxud.ec/${kind}`);
}

function unknownMessage(xml: ParsedXml): ParseOutcome {
  return {
    ok: false,
    issues: [hmrcError('4057', 'ENS_MESSAGE_TYPE_UNKNOWN', '/', `Cannot find the declaration of element '${xml.rootName}'; expected ie:CC315A or ie:CC313A`, xml.rootName)],
  };
}

export function parseEns(xml: ParsedXml, _raw: string): ParseOutcome {
  const kind = ensKindOf(xml);
  if (kind === undefined) return unknownMessage(xml);
  const message = readEnsMessage(xml, kind);
  const issues: ValidationIssue[] = [...checkEnsRules(message), ...checkOwnRules(message)];
  const format = kind === 'CC315A' ? 'ens-cc315a' : 'ens-cc313a';
  if (issues.some((issue) => issue.severity === 'error')) return { ok: false, format, issues };
  return { ok: true, filing: mapEnsFiling(message), issues };
}

export async function parseEnsAsync(xml: ParsedXml, raw: string): Promise<ParseOutcome> {
  const kind = ensKindOf(xml);
  if (kind === undefined) return unknownMessage(xml);
  const checker = ensSchemaChecker(kind);
  const schemaIssues = checker !== null && provenSchemaValid(checker, raw) ? [] : await validateEnsSchema(raw, kind);
  if (schemaIssues.length > 0) return { ok: false, format: kind === 'CC315A' ? 'ens-cc315a' : 'ens-cc313a', issues: schemaIssues };
  return parseEns(xml, raw);
}
