/**
 * Reads typed values out of an xml2js tree while recording where each one came from. Parsers for
 * our own formats (canonical, IATA) share it so that every structural problem is reported the same
 * way, all at once, with the path of the offending element (`/MasterConsignment[1]/GoodsItem[2]/GrossMassKg`).
 */
import type { ValidationIssue } from '@safe-screen/domain';
import { children as childrenByLocalName, text } from './xml.js';
import type { XmlElement } from './xml.js';

export const FIELD_MISSING = 'MANIFEST_FIELD_MISSING';
export const FIELD_INVALID = 'MANIFEST_FIELD_INVALID';

/** An element paired with its path from the root (`''` for the root itself). */
export interface Located {
  element: XmlElement;
  path: string;
}

/**
 * Children by name. Unprefixed names (the canonical format, IATA's default namespace) are a direct
 * property read; the prefix-insensitive scan of xml.ts runs only when there is no direct hit. On a
 * 30 MB manifest this is the difference between O(1) and O(children) per field read.
 */
function children(element: XmlElement, name: string): XmlElement[] {
  const direct = element[name];
  if (Array.isArray(direct)) {
    // xml2js gives text-only elements as plain strings.
    const list = direct as Array<XmlElement | string>;
    return list.some((v) => typeof v === 'string') ? list.map((v) => (typeof v === 'string' ? { _: v } : v)) : (list as XmlElement[]);
  }
  return childrenByLocalName(element, name);
}

export class FieldReader {
  readonly issues: ValidationIssue[] = [];

  /** All children named `name`, each with its 1-based indexed path. */
  all(parent: Located, name: string): Located[] {
    return children(parent.element, name).map((element, i) => ({ element, path: `${parent.path}/${name}[${i + 1}]` }));
  }

  one(parent: Located, name: string, required = false): Located | undefined {
    const element = children(parent.element, name)[0];
    if (element === undefined) {
      if (required) this.missing(parent, name);
      return undefined;
    }
    return { element, path: `${parent.path}/${name}[1]` };
  }

  text(parent: Located, name: string, options: { required?: boolean; max?: number } = {}): string | undefined {
    const value = text(children(parent.element, name)[0]);
    if (value === undefined) {
      if (options.required === true) this.missing(parent, name);
      return undefined;
    }
    if (options.max !== undefined && value.length > options.max) {
      this.invalid(parent, name, `is longer than ${options.max} characters`, value);
      return undefined;
    }
    return value;
  }

  /** Several repetitions of a text child, in document order, blanks dropped. */
  texts(parent: Located, name: string): string[] {
    const out: string[] = [];
    for (const element of children(parent.element, name)) {
      const value = text(element);
      if (value !== undefined) out.push(value);
    }
    return out;
  }

  number(parent: Located, name: string, options: { required?: boolean; integer?: boolean } = {}): number | undefined {
    const raw = this.text(parent, name, { required: options.required ?? false });
    if (raw === undefined) return undefined;
    const value = Number(raw);
    const shapeOk = options.integer === true ? /^\d{1,9}$/.test(raw) : /^\d{1,12}(\.\d{1,6})?$/.test(raw);
    if (!shapeOk || !Number.isFinite(value)) {
      this.invalid(parent, name, options.integer === true ? 'is not a non-negative whole number' : 'is not a non-negative decimal number', raw);
      return undefined;
    }
    return value;
  }

  /** ISO 8601 date-time; returned normalised to UTC (`toISOString`). A value without offset is read as UTC. */
  dateTime(parent: Located, name: string, options: { required?: boolean } = {}): string | undefined {
    const raw = this.text(parent, name, options);
    if (raw === undefined) return undefined;
    const normalised = normaliseDateTime(raw);
    if (normalised === undefined) this.invalid(parent, name, 'is not an ISO 8601 date-time', raw);
    return normalised;
  }

  oneOf<T extends string>(parent: Located, name: string, allowed: readonly T[], options: { required?: boolean } = {}): T | undefined {
    const raw = this.text(parent, name, options);
    if (raw === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.invalid(parent, name, `must be one of ${allowed.join(', ')}`, raw);
      return undefined;
    }
    return raw as T;
  }

  missing(parent: Located, name: string): void {
    this.issues.push({ severity: 'error', code: FIELD_MISSING, message: `${name} is required here`, location: `${parent.path}/${name}` });
  }

  invalid(parent: Located, name: string, problem: string, value: string): void {
    this.issues.push({ severity: 'error', code: FIELD_INVALID, message: `${name} ${problem}`, location: `${parent.path}/${name}`, value: value.slice(0, 200) });
  }

  warn(code: string, message: string, location: string, value?: string): void {
    this.issues.push({ severity: 'warning', code, message, location, ...(value === undefined ? {} : { value: value.slice(0, 200) }) });
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function normaliseDateTime(raw: string): string | undefined {
  if (!DATE_TIME.test(raw)) return undefined;
  const withZone = raw.length === 10 || /(Z|[+-]\d{2}:?\d{2})$/.test(raw) ? raw : `${raw}Z`;
  const millis = Date.parse(withZone);
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
}
