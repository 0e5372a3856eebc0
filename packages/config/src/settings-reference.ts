/**
 * The settings reference (docs/settings.md) generated from the one source of truth: EnvSchema in
 * config.ts. Types and defaults come from the schema itself (zod's JSON Schema); what a setting does
 * comes from its doc comment, read with the TypeScript compiler, so the comment a developer sees on
 * hover and the page an operator reads are the same words. A default that depends on the machine or
 * on other settings is written in the comment as `@default ...`, since the schema's value would be
 * this machine's.
 *
 * Used by a test (the committed page must equal the generated one) and by write-settings-reference.ts.
 * Not imported by the service: it needs the TypeScript compiler, a development dependency.
 */
import ts from 'typescript';
import { z } from 'zod';
import { EnvSchema } from './config.js';

export interface SettingDoc {
  name: string;
  type: string;
  default: string;
  effect: string;
}

/** Doc comments of the properties of `EnvSchema = z.object({ ... })` in config.ts's source. */
function readDocComments(configSource: string): Map<string, { text: string; default?: string }> {
  const file = ts.createSourceFile('config.ts', configSource, ts.ScriptTarget.Latest, true);
  const found = new Map<string, { text: string; default?: string }>();
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText(file) === 'EnvSchema' && node.initializer !== undefined && ts.isCallExpression(node.initializer)) {
      const shape = node.initializer.arguments[0];
      if (shape !== undefined && ts.isObjectLiteralExpression(shape)) {
        for (const property of shape.properties) {
          if (!ts.isPropertyAssignment(property)) continue;
          const docs = ts.getJSDocCommentsAndTags(property).filter(ts.isJSDoc);
          const doc = docs.at(-1);
          if (doc === undefined) continue;
          const text = ts.getTextOfJSDocComment(doc.comment)?.replace(/\s+/g, ' ').trim() ?? '';
          const defaultTag = doc.tags?.find((tag) => tag.tagName.text === 'default');
          const defaultText = defaultTag === undefined ? undefined : ts.getTextOfJSDocComment(defaultTag.comment)?.replace(/\s+/g, ' ').trim();
          found.set(property.name.getText(file), defaultText === undefined ? { text } : { text, default: defaultText });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

interface JsonSchemaProperty {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  anyOf?: JsonSchemaProperty[];
}

function describeType(property: JsonSchemaProperty): string {
  if (property.enum !== undefined) return property.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (property.anyOf !== undefined) return property.anyOf.map(describeType).join(' or ');
  const base = Array.isArray(property.type) ? property.type.join(' or ') : (property.type ?? 'text');
  if (property.format === 'uri') return 'URL';
  if (base !== 'number' && base !== 'integer') return base === 'string' ? 'text' : base;
  // zod writes "positive" as exclusiveMinimum 0 and bounds plain integers by the largest safe integer.
  const minimum = property.minimum ?? (property.exclusiveMinimum === undefined ? undefined : property.exclusiveMinimum + (base === 'integer' ? 1 : 0));
  const maximum = property.maximum === Number.MAX_SAFE_INTEGER ? undefined : property.maximum;
  if (minimum !== undefined && maximum !== undefined) return `${base} ${minimum}..${maximum}`;
  if (minimum !== undefined) return `${base} ≥ ${minimum}`;
  return maximum !== undefined ? `${base} ≤ ${maximum}` : base;
}

export function listSettings(configSource: string): SettingDoc[] {
  const comments = readDocComments(configSource);
  // Input side: what an operator writes, before coercion and transforms.
  const schema = z.toJSONSchema(EnvSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, JsonSchemaProperty> };
  return Object.keys(EnvSchema.shape).map((name) => {
    const property = schema.properties[name] ?? {};
    const comment = comments.get(name);
    const fallback = property.default === undefined ? 'unset' : `\`${String(property.default)}\``;
    return { name, type: describeType(property), default: comment?.default ?? fallback, effect: comment?.text ?? '' };
  });
}

export function renderSettingsReference(configSource: string): string {
  const rows = listSettings(configSource).map((s) => `| \`${s.name}\` | ${s.type} | ${s.default} | ${s.effect.replace(/\|/g, '\\|')} |`);
  return [
    '# Settings reference',
    '',
    'Every setting the service and the CLI read, from the environment, parsed once at start',
    '(`packages/config`). An unknown setting with one of our prefixes, or a malformed value, stops the',
    'process with a message naming it. Generated from `EnvSchema` in `packages/config/src/config.ts`',
    '(types and defaults from the schema, the text from each setting\'s doc comment); a test checks that',
    'this page matches. Regenerate: `npx tsx packages/config/src/write-settings-reference.ts`.',
    '',
    '| setting | type | default | effect |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
