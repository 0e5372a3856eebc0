/**
 * XSD validation of ENS messages against HMRC's public schemas (copied to `schemas/ens/`), with
 * libxml2 compiled to WebAssembly (xmllint-wasm; it runs in a worker thread, hence async). libxml2's
 * messages are translated to the Xerces error keys HMRC's service is built on, and those to HMRC's
 * schema error numbers, so that a schema failure reads as HMRC would report it. Xerces reports a
 * facet or datatype failure twice (the facet, then "value of element is not valid", 4065); so do we.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidationIssue } from '@safe-screen/domain';
import { validateXML } from 'xmllint-wasm';
import type { XMLFileInfo } from 'xmllint-wasm';
import { declaresDtd } from '../xml.js';
import { hmrcError } from './ens-issue.js';
import type { EnsKind } from './ens-message.js';
import { findElement, locateElements } from './locate-elements.js';
import { hmrcSchemaErrorCode } from './schema-error-codes.js';

/** `schemas/ens/` of this package, from `src/ens/` and from `dist/ens/` alike. */
export const ENS_SCHEMA_DIR = fileURLToPath(new URL('../../schemas/ens/', import.meta.url));

const SCHEMA_FILES: Record<EnsKind, string> = { CC315A: 'CC315A-v11-2.xsd', CC313A: 'CC313A-v11-2.xsd' };

let schemaFiles: XMLFileInfo[] | undefined;

function loadSchemaFiles(): XMLFileInfo[] {
  schemaFiles ??= readdirSync(ENS_SCHEMA_DIR)
    .filter((f) => f.endsWith('.xsd'))
    .map((fileName) => ({ fileName, contents: readFileSync(`${ENS_SCHEMA_DIR}${fileName}`, 'utf8') }));
  return schemaFiles;
}

const FACET_KEYS: Record<string, string> = {
  pattern: 'cvc-pattern-valid',
  enumeration: 'cvc-enumeration-valid',
  length: 'cvc-length-valid',
  minLength: 'cvc-minLength-valid',
  maxLength: 'cvc-maxLength-valid',
  totalDigits: 'cvc-totalDigits-valid',
  fractionDigits: 'cvc-fractionDigits-valid',
  maxInclusive: 'cvc-maxInclusive-valid',
  maxExclusive: 'cvc-maxExclusive-valid',
  minInclusive: 'cvc-minInclusive-valid',
  minExclusive: 'cvc-minExclusive-valid',
};

const VALUE_NOT_VALID = 'cvc-type.3.1.3';

/** Xerces keys for one libxml2 schema message, plus whether it is about the document root as a whole. */
export function classifySchemaMessage(message: string): { keys: string[]; atDocument: boolean } {
  const facet = /\[facet '(\w+)'\]/.exec(message)?.[1];
  if (facet !== undefined) return { keys: [FACET_KEYS[facet] ?? 'unknown', VALUE_NOT_VALID], atDocument: false };
  if (/is not a valid value of the (local )?atomic type/.test(message)) return { keys: ['cvc-datatype-valid.1.2.1', VALUE_NOT_VALID], atDocument: false };
  if (/No matching global declaration available for the validation root/.test(message)) return { keys: ['cvc-elt.1'], atDocument: true };
  if (/This element is not expected\. Expected is/.test(message)) return { keys: ['cvc-complex-type.2.4.a'], atDocument: false };
  if (/This element is not expected/.test(message)) return { keys: ['cvc-complex-type.2.4.d'], atDocument: false };
  if (/Missing child element\(s\)/.test(message)) return { keys: ['cvc-complex-type.2.4.b'], atDocument: false };
  if (/Character content other than whitespace is not allowed/.test(message)) return { keys: ['cvc-complex-type.2.3'], atDocument: false };
  if (/The attribute '[^']*' is not allowed/.test(message)) return { keys: ['cvc-complex-type.3.2.2'], atDocument: false };
  if (/The attribute '[^']*' is required but missing/.test(message)) return { keys: ['cvc-complex-type.4'], atDocument: false };
  if (/Element content is not allowed, because the content type is a simple type/.test(message)) return { keys: ['cvc-type.3.1.2'], atDocument: false };
  return { keys: ['unknown'], atDocument: false };
}

export async function validateEnsSchema(raw: string, kind: EnsKind): Promise<ValidationIssue[]> {
  // parseXml refuses these already; this function is public, so it refuses them on its own too
  // rather than hand entity declarations to libxml2.
  if (declaresDtd(raw)) {
    return [{ severity: 'error', code: 'MANIFEST_DTD_FORBIDDEN', message: 'document type declarations and entities are not accepted', location: '/' }];
  }
  const files = loadSchemaFiles();
  const main = files.find((f) => f.fileName === SCHEMA_FILES[kind]);
  if (main === undefined) throw new Error(`ENS schema ${SCHEMA_FILES[kind]} is missing from ${ENS_SCHEMA_DIR}`);
  const result = await validateXML({ xml: [{ fileName: 'message.xml', contents: raw }], schema: [main], preload: files.filter((f) => f !== main) });
  if (result.valid) return [];
  const located = locateElements(raw);
  const issues: ValidationIssue[] = [];
  for (const error of result.errors) {
    const message = error.message.replace(/^Schemas validity error : /, '');
    const { keys, atDocument } = classifySchemaMessage(message);
    const name = /^Element '(?:\{[^}]*\})?([^']+)'/.exec(message)?.[1];
    const element = name === undefined || error.loc === null ? undefined : findElement(located, name, error.loc.lineNumber);
    const location = atDocument ? '/' : (element?.path ?? '/');
    for (const key of keys) issues.push(hmrcError(hmrcSchemaErrorCode(key), 'ENS_SCHEMA_INVALID', location, message));
  }
  return issues;
}
