/**
 * A fast schema check for ENS messages: HMRC's XSDs compiled once per thread into plain content models
 * and value checks, then one SAX pass per message. It answers only "proven valid" or "not proven":
 * a message it cannot prove valid goes to libxml2 (`validate-ens-schema.ts`), which gives the verdict
 * and HMRC's error numbers exactly as before. So the verdicts stay libxml2's by construction, provided
 * this checker never proves valid what libxml2 rejects; it is therefore conservative wherever libxml2's
 * behaviour is not certain (whitespace that a token type would collapse, attributes, decimal forms
 * other than plain digits, encodings other than UTF-8 with non-ASCII text, characters outside the
 * Basic Multilingual Plane, regular-expression features it does not translate). The schemas use a
 * small part of XSD (sequences of elements, restrictions of token/string/decimal with facets); any
 * other construct makes compilation fail and every message then goes to libxml2.
 */
import { readFileSync } from 'node:fs';
import { SaxesParser } from 'saxes';
import type { SaxesTagNS } from 'saxes';
import type { EnsKind } from './ens-message.js';
import { ENS_SCHEMA_DIR } from './validate-ens-schema.js';

const XS = 'http://www.w3.org/2001/XMLSchema';

interface XsdNode {
  local: string;
  uri: string;
  attributes: Record<string, string>;
  /** Prefix -> namespace in scope at this node, for QName-valued attributes. */
  scope: Record<string, string>;
  children: XsdNode[];
}

type Builtin = 'string' | 'token' | 'decimal';

interface FacetStep {
  patterns: RegExp[];
  enumeration?: Set<string>;
  length?: number;
  minLength?: number;
  maxLength?: number;
  totalDigits?: number;
  fractionDigits?: number;
  minInclusive?: number;
  maxInclusive?: number;
}

interface SimpleModel {
  kind: 'simple';
  builtin: Builtin;
  steps: FacetStep[];
}

interface Particle {
  name: string;
  min: number;
  max: number;
  type: TypeModel;
}

interface ComplexModel {
  kind: 'complex';
  particles: Particle[];
}

type TypeModel = SimpleModel | ComplexModel;

export interface CompiledEnsSchema {
  rootNamespace: string;
  rootName: string;
  rootType: ComplexModel;
}

class UnsupportedSchema extends Error {}

function parseXsd(text: string): XsdNode {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XsdNode[] = [];
  let root: XsdNode | undefined;
  parser.on('opentag', (tag: SaxesTagNS) => {
    const parent = stack[stack.length - 1];
    const attributes: Record<string, string> = {};
    for (const [name, attribute] of Object.entries(tag.attributes)) attributes[name] = attribute.value;
    const node: XsdNode = { local: tag.local, uri: tag.uri, attributes, scope: { ...(parent?.scope ?? {}), ...tag.ns }, children: [] };
    if (parent === undefined) root = node;
    else parent.children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(text).close();
  if (root === undefined) throw new UnsupportedSchema('empty schema document');
  return root;
}

/** `{namespace}local` for a QName-valued attribute. */
function resolveQName(node: XsdNode, qname: string): string {
  const colon = qname.indexOf(':');
  const prefix = colon === -1 ? '' : qname.slice(0, colon);
  const uri = node.scope[prefix];
  if (uri === undefined) throw new UnsupportedSchema(`unbound prefix in ${qname}`);
  return `{${uri}}${colon === -1 ? qname : qname.slice(colon + 1)}`;
}

/**
 * XSD regular expression -> anchored JS regular expression, for the features these schemas use.
 * XSD's `.` excludes only \n and \r; `^` and `$` are ordinary characters; there are no anchors.
 */
export function translateXsdPattern(pattern: string): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (next === 'p' && pattern.startsWith('{IsBasicLatin}', i + 2)) {
        out += inClass ? '\\u0000-\\u007F' : '[\\u0000-\\u007F]';
        i += 15;
        continue;
      }
      if (!/[.\\\-/nrt^$|?*+(){}[\]]/.test(next)) throw new UnsupportedSchema(`pattern escape \\${next}`);
      out += `\\${next}`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[') throw new UnsupportedSchema('character class subtraction');
      if (c === ']') inClass = false;
      out += c === '|' || c === '/' ? `\\${c}` : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      continue;
    }
    if (c === '.') out += '[^\\n\\r]';
    else if (c === '^' || c === '$' || c === '/') out += `\\${c}`;
    else if ('()|*+?{}],0123456789'.includes(c) || /[A-Za-z@ _:;#%&'"=!<>~`-]/.test(c)) out += c;
    else throw new UnsupportedSchema(`pattern character ${c}`);
  }
  if (inClass) throw new UnsupportedSchema('unterminated character class');
  return new RegExp(`^(?:${out})$`, 'u');
}

class SchemaSet {
  private readonly simpleTypes = new Map<string, XsdNode>();
  private readonly complexTypes = new Map<string, XsdNode>();
  private readonly groups = new Map<string, XsdNode>();
  private readonly elements = new Map<string, XsdNode>();
  private readonly compiled = new Map<string, TypeModel>();

  constructor(dir: string, mainFile: string) {
    const pending = [mainFile];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const file = pending.pop() ?? '';
      if (seen.has(file)) continue;
      seen.add(file);
      const root = parseXsd(readFileSync(`${dir}${file}`, 'utf8'));
      const target = root.attributes.targetNamespace ?? '';
      for (const child of root.children) {
        if (child.uri !== XS) continue;
        const name = child.attributes.name;
        if (child.local === 'import' || child.local === 'include') {
          const location = child.attributes.schemaLocation;
          if (location === undefined) throw new UnsupportedSchema('import without schemaLocation');
          pending.push(location);
        } else if (child.local === 'annotation') continue;
        else if (name === undefined) throw new UnsupportedSchema(`unnamed top-level ${child.local}`);
        else if (child.local === 'simpleType') this.simpleTypes.set(`{${target}}${name}`, child);
        else if (child.local === 'complexType') this.complexTypes.set(`{${target}}${name}`, child);
        else if (child.local === 'group') this.groups.set(`{${target}}${name}`, child);
        else if (child.local === 'element') this.elements.set(`{${target}}${name}`, child);
        // attributes and attribute groups: no ENS element allows attributes (an attribute is "not proven").
        else if (child.local !== 'attribute' && child.local !== 'attributeGroup') throw new UnsupportedSchema(`top-level ${child.local}`);
      }
    }
  }

  element(qname: string): XsdNode | undefined {
    return this.elements.get(qname);
  }

  typeOfElement(element: XsdNode): TypeModel {
    const typeName = element.attributes.type;
    if (typeName !== undefined) return this.namedType(resolveQName(element, typeName));
    const inline = xsChildren(element).find((c) => c.local === 'simpleType' || c.local === 'complexType');
    if (inline === undefined) throw new UnsupportedSchema(`element ${element.attributes.name ?? '?'} without a type`);
    return inline.local === 'simpleType' ? this.simpleType(inline) : this.complexType(inline);
  }

  private namedType(qname: string): TypeModel {
    const done = this.compiled.get(qname);
    if (done !== undefined) return done;
    const builtin = BUILTINS[qname];
    if (builtin !== undefined) return { kind: 'simple', builtin, steps: [] };
    const simple = this.simpleTypes.get(qname);
    const complex = this.complexTypes.get(qname);
    if (simple === undefined && complex === undefined) throw new UnsupportedSchema(`type ${qname}`);
    const model = simple !== undefined ? this.simpleType(simple) : this.complexType(complex as XsdNode);
    this.compiled.set(qname, model);
    return model;
  }

  private simpleType(node: XsdNode): SimpleModel {
    const children = xsChildren(node);
    const restriction = children[0];
    if (children.length !== 1 || restriction?.local !== 'restriction' || restriction.attributes.base === undefined) {
      throw new UnsupportedSchema('simple type other than a restriction of a named base');
    }
    const base = this.namedType(resolveQName(restriction, restriction.attributes.base));
    if (base.kind !== 'simple') throw new UnsupportedSchema('simple type restricting a complex type');
    const step: FacetStep = { patterns: [] };
    for (const facet of xsChildren(restriction)) {
      const value = facet.attributes.value;
      if (value === undefined) throw new UnsupportedSchema(`facet ${facet.local} without a value`);
      switch (facet.local) {
        case 'pattern':
          step.patterns.push(translateXsdPattern(value));
          break;
        case 'enumeration':
          (step.enumeration ??= new Set()).add(value);
          break;
        case 'length':
        case 'minLength':
        case 'maxLength':
        case 'totalDigits':
        case 'fractionDigits':
        case 'minInclusive':
        case 'maxInclusive': {
          const n = Number(value);
          if (!Number.isFinite(n)) throw new UnsupportedSchema(`facet ${facet.local}=${value}`);
          step[facet.local] = n;
          break;
        }
        default:
          throw new UnsupportedSchema(`facet ${facet.local}`);
      }
    }
    return { kind: 'simple', builtin: base.builtin, steps: [...base.steps, step] };
  }

  private complexType(node: XsdNode): ComplexModel {
    const model: ComplexModel = { kind: 'complex', particles: [] };
    const children = xsChildren(node);
    if (children.length === 0) return model;
    const sequence = children[0];
    if (children.length !== 1 || sequence?.local !== 'sequence' || hasOccurs(sequence)) throw new UnsupportedSchema('complex type other than one sequence');
    // The compiled map holds the model before its particles, so a recursive type would terminate.
    this.addParticles(sequence, model.particles);
    return model;
  }

  private addParticles(sequence: XsdNode, out: Particle[]): void {
    for (const child of xsChildren(sequence)) {
      if (child.local === 'element') {
        const ref = child.attributes.ref;
        const declaration = ref === undefined ? child : this.elements.get(resolveQName(child, ref));
        const name = declaration?.attributes.name;
        if (declaration === undefined || name === undefined || ref !== undefined) throw new UnsupportedSchema('element reference in a content model');
        const min = Number(child.attributes.minOccurs ?? '1');
        const maxText = child.attributes.maxOccurs ?? '1';
        const max = maxText === 'unbounded' ? Infinity : Number(maxText);
        if (!Number.isInteger(min) || !(Number.isInteger(max) || max === Infinity)) throw new UnsupportedSchema('occurrence bounds');
        out.push({ name, min, max, type: this.typeOfElement(declaration) });
      } else if (child.local === 'group' && child.attributes.ref !== undefined && !hasOccurs(child)) {
        const group = this.groups.get(resolveQName(child, child.attributes.ref));
        const inner = group === undefined ? [] : xsChildren(group);
        if (inner.length !== 1 || inner[0]?.local !== 'sequence' || hasOccurs(inner[0])) throw new UnsupportedSchema('group other than one sequence');
        this.addParticles(inner[0], out);
      } else if (child.local === 'sequence' && !hasOccurs(child)) {
        this.addParticles(child, out);
      } else {
        throw new UnsupportedSchema(`content model particle ${child.local}`);
      }
    }
  }
}

const BUILTINS: Record<string, Builtin> = { [`{${XS}}string`]: 'string', [`{${XS}}token`]: 'token', [`{${XS}}decimal`]: 'decimal' };

function xsChildren(node: XsdNode): XsdNode[] {
  return node.children.filter((c) => c.uri === XS && c.local !== 'annotation');
}

function hasOccurs(node: XsdNode): boolean {
  return (node.attributes.minOccurs ?? '1') !== '1' || (node.attributes.maxOccurs ?? '1') !== '1';
}

/** Compiles the schema whose top-level file is `mainFile` (in `dir`) for messages with root `{namespace}rootName`. */
export function compileEnsSchema(dir: string, mainFile: string, namespace: string, rootName: string): CompiledEnsSchema {
  const schemas = new SchemaSet(dir, mainFile);
  const root = schemas.element(`{${namespace}}${rootName}`);
  if (root === undefined) throw new UnsupportedSchema(`no global element ${rootName}`);
  const rootType = schemas.typeOfElement(root);
  if (rootType.kind !== 'complex') throw new UnsupportedSchema('simple root');
  return { rootNamespace: namespace, rootName, rootType };
}

const DECIMAL = /^[-+]?([0-9]+)(?:\.([0-9]+))?$/;

/** True only when the value certainly satisfies the type, as libxml2 would judge it. */
function valueProvenValid(type: SimpleModel, raw: string): boolean {
  // Control characters and characters beyond the BMP: not proven (libxml2's handling and its length
  // counting of those are not relied on). Token and decimal values are whitespace-collapsed before
  // their facets apply (XSD's whiteSpace="collapse", which libxml2 implements); string values are
  // taken as they are, and line ends in them are not proven.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udfff]/.test(raw)) return false;
  let value = raw;
  if (type.builtin === 'string') {
    if (/[\t\n\r]/.test(raw)) return false;
  } else {
    value = raw.replace(/[\t\n\r ]+/g, ' ').trim();
  }
  let digits: { total: number; fraction: number; value: number } | undefined;
  if (type.builtin === 'decimal') {
    const m = DECIMAL.exec(value);
    if (m === null) return false;
    const whole = m[1] ?? '';
    const fraction = m[2] ?? '';
    // Every digit counted, leading and trailing zeros too: never fewer than libxml2 counts.
    digits = { total: whole.length + fraction.length, fraction: fraction.length, value: Number(value) };
    if (digits.total > 15) return false;
  }
  for (const step of type.steps) {
    if (step.patterns.length > 0 && !step.patterns.some((p) => p.test(value))) return false;
    if (step.enumeration !== undefined && !step.enumeration.has(value)) return false;
    if (type.builtin === 'decimal') {
      if (step.length !== undefined || step.minLength !== undefined || step.maxLength !== undefined) return false;
      if (digits === undefined) return false;
      if (step.totalDigits !== undefined && digits.total > step.totalDigits) return false;
      if (step.fractionDigits !== undefined && digits.fraction > step.fractionDigits) return false;
      if (step.minInclusive !== undefined && !(digits.value >= step.minInclusive)) return false;
      if (step.maxInclusive !== undefined && !(digits.value <= step.maxInclusive)) return false;
    } else {
      if (step.totalDigits !== undefined || step.fractionDigits !== undefined || step.minInclusive !== undefined || step.maxInclusive !== undefined) return false;
      const length = value.length;
      if (step.length !== undefined && length !== step.length) return false;
      if (step.minLength !== undefined && length < step.minLength) return false;
      if (step.maxLength !== undefined && length > step.maxLength) return false;
    }
  }
  return true;
}

interface Frame {
  model: TypeModel;
  /** Index of the particle being filled, and how many elements it has taken. */
  particle: number;
  count: number;
  text: string;
  hasChild: boolean;
}

/** Advances a sequence to accept `name`; false when the sequence cannot (greedy matching: see below). */
function acceptChild(frame: Frame, model: ComplexModel, name: string): Particle | undefined {
  // Greedy: stay on the current particle while it matches and has room, else move on past particles
  // whose minimum is met. A message greedy matching accepts is valid; one it refuses goes to libxml2.
  for (;;) {
    const particle = model.particles[frame.particle];
    if (particle === undefined) return undefined;
    if (particle.name === name && frame.count < particle.max) {
      frame.count++;
      return particle;
    }
    if (frame.count < particle.min) return undefined;
    frame.particle++;
    frame.count = 0;
  }
}

function sequenceComplete(frame: Frame, model: ComplexModel): boolean {
  for (let i = frame.particle; i < model.particles.length; i++) {
    const count = i === frame.particle ? frame.count : 0;
    if (count < (model.particles[i]?.min ?? 0)) return false;
  }
  return true;
}

/**
 * True when the message is certainly valid against the compiled schema; false means "ask libxml2".
 * The message has already passed the XML gate (well-formed, no DTD).
 */
export function provenSchemaValid(schema: CompiledEnsSchema, raw: string, explain?: (reason: string) => void): boolean {
  // libxml2 decodes by the declared encoding, so non-ASCII text under a non-UTF-8 declaration could
  // read differently there.
  const declaration = /^\uFEFF?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(raw);
  if (declaration !== null && !/^utf-?8$/i.test(declaration[1] ?? '') && /[^\u0000-\u007f]/.test(raw)) return false;
  const parser = new SaxesParser({ xmlns: true });
  const stack: Frame[] = [];
  let ok = true;
  let seenRoot = false;
  const fail = (reason?: string): void => {
    if (ok && explain !== undefined) explain(`${reason ?? 'error'} at line ${parser.line}`);
    ok = false;
  };
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (!ok) return;
    for (const name of Object.keys(tag.attributes)) {
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) return fail(`attribute ${name}`);
    }
    const parent = stack[stack.length - 1];
    let model: TypeModel;
    if (parent === undefined) {
      if (seenRoot || tag.local !== schema.rootName || tag.uri !== schema.rootNamespace) return fail(`root ${tag.name}`);
      seenRoot = true;
      model = schema.rootType;
    } else {
      if (parent.model.kind !== 'complex' || tag.uri !== '') return fail(`element ${tag.name} here`);
      parent.hasChild = true;
      const particle = acceptChild(parent, parent.model, tag.local);
      if (particle === undefined) return fail(`element ${tag.name} out of sequence`);
      model = particle.type;
    }
    stack.push({ model, particle: 0, count: 0, text: '', hasChild: false });
  });
  parser.on('text', (text) => {
    const top = stack[stack.length - 1];
    if (ok && top !== undefined) top.text += text;
  });
  parser.on('cdata', (text) => {
    const top = stack[stack.length - 1];
    if (ok && top !== undefined) top.text += text;
  });
  parser.on('closetag', () => {
    const frame = stack.pop();
    if (!ok || frame === undefined) return;
    if (frame.model.kind === 'complex') {
      if (/[^ \t\r\n]/.test(frame.text) || !sequenceComplete(frame, frame.model)) fail('text or missing children');
    } else if (frame.hasChild || !valueProvenValid(frame.model, frame.text)) {
      fail(`value ${JSON.stringify(frame.text)}`);
    }
  });
  parser.on('error', () => fail('XML error'));
  try {
    parser.write(raw).close();
  } catch {
    return false;
  }
  return ok && seenRoot;
}

/** Per thread and kind: the compiled checker, or null when the schemas use something it does not cover. */
const compiledCheckers = new Map<EnsKind, CompiledEnsSchema | null>();

export function ensSchemaChecker(kind: EnsKind): CompiledEnsSchema | null {
  let checker = compiledCheckers.get(kind);
  if (checker === undefined) {
    try {
      checker = compileEnsSchema(ENS_SCHEMA_DIR, `${kind}-v11-2.xsd`, `http://ics.dgtaxud.ec/${kind}`, kind);
    } catch {
      checker = null;
    }
    compiledCheckers.set(kind, checker);
  }
  return checker;
}
