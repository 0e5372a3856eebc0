/**
 * Schema validation plus the checks a schema cannot express: unique rule ids, list references that
 * exist and hold the right kind of items, list items in the right shape, validity dates in order.
 * Every issue carries the path into the document (`rules[3].condition.all[1].goods.commodity.list`).
 */
import { parse as parseYaml } from 'yaml';
import { checkRuleSetDocumentNesting, checkRuleSetTextNesting } from './rule-set-nesting.js';
import { RuleSetSchema, type Condition, type ListKind, type RuleSet } from './rule-set-schema.js';

export interface RuleSetIssue {
  path: string;
  code: string;
  message: string;
}

export type RuleSetValidation = { ok: true; ruleSet: RuleSet } | { ok: false; issues: RuleSetIssue[] };

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

const ITEM_SHAPES: Readonly<Record<ListKind, RegExp | undefined>> = {
  countries: /^[A-Z]{2}$/,
  hsPrefixes: /^\d{2,10}$/,
  keywords: undefined,
  parties: undefined,
};

/** Every list reference inside a condition: [path, list name, kind required]. */
function* listReferences(condition: Condition, path: string): Generator<[string, string, ListKind]> {
  if ('all' in condition) for (const [i, c] of condition.all.entries()) yield* listReferences(c, `${path}.all[${i}]`);
  else if ('any' in condition) for (const [i, c] of condition.any.entries()) yield* listReferences(c, `${path}.any[${i}]`);
  else if ('not' in condition) yield* listReferences(condition.not, `${path}.not`);
  else if ('goods' in condition) {
    const g = condition.goods;
    const p = `${path}.goods`;
    if (g.commodity?.list !== undefined) yield [`${p}.commodity.list`, g.commodity.list, 'hsPrefixes'];
    if (g.description?.list !== undefined) yield [`${p}.description.list`, g.description.list, 'keywords'];
    if (g.vagueDescription !== undefined) yield [`${p}.vagueDescription.list`, g.vagueDescription.list, 'keywords'];
    if (g.originCountry?.list !== undefined) yield [`${p}.originCountry.list`, g.originCountry.list, 'countries'];
  } else if ('party' in condition) {
    const q = condition.party;
    const p = `${path}.party`;
    if (q.inList !== undefined) yield [`${p}.inList`, q.inList, 'parties'];
    if (q.nameKeywords?.list !== undefined) yield [`${p}.nameKeywords.list`, q.nameKeywords.list, 'keywords'];
    if (q.country?.list !== undefined) yield [`${p}.country.list`, q.country.list, 'countries'];
  } else if ('route' in condition) {
    const r = condition.route;
    for (const key of ['loadingCountry', 'unloadingCountry', 'acceptanceCountry', 'routingThrough'] as const) {
      const list = r[key]?.list;
      if (list !== undefined) yield [`${path}.route.${key}.list`, list, 'countries'];
    }
  }
}

export function validateRuleSet(document: unknown): RuleSetValidation {
  const deep = checkRuleSetDocumentNesting(document);
  if (deep !== undefined) return { ok: false, issues: [deep] };
  const parsed = RuleSetSchema.safeParse(document);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), code: `RULESET_SCHEMA_${i.code.toUpperCase()}`, message: i.message })) };
  }
  const ruleSet = parsed.data;
  const issues: RuleSetIssue[] = [];
  for (const [name, list] of Object.entries(ruleSet.lists)) {
    const shape = ITEM_SHAPES[list.kind];
    list.items.forEach((item, i) => {
      if (shape !== undefined && !shape.test(item)) {
        issues.push({ path: `lists.${name}.items[${i}]`, code: 'RULESET_LIST_ITEM_INVALID', message: `"${item}" is not a valid ${list.kind} item` });
      }
    });
  }
  const seen = new Map<string, number>();
  ruleSet.rules.forEach((rule, i) => {
    const first = seen.get(rule.id);
    if (first !== undefined) issues.push({ path: `rules[${i}].id`, code: 'RULESET_RULE_ID_DUPLICATE', message: `rule id ${rule.id} is already used by rules[${first}]` });
    else seen.set(rule.id, i);
    if (rule.validTo !== undefined && rule.validTo < rule.validFrom) {
      issues.push({ path: `rules[${i}].validTo`, code: 'RULESET_VALIDITY_REVERSED', message: `validTo ${rule.validTo} is before validFrom ${rule.validFrom}` });
    }
    for (const [path, name, kind] of listReferences(rule.condition, `rules[${i}].condition`)) {
      const list = Object.hasOwn(ruleSet.lists, name) ? ruleSet.lists[name] : undefined;
      if (list === undefined) issues.push({ path, code: 'RULESET_LIST_UNKNOWN', message: `no list named "${name}"` });
      else if (list.kind !== kind) issues.push({ path, code: 'RULESET_LIST_KIND_MISMATCH', message: `list "${name}" holds ${list.kind}, ${kind} needed here` });
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, ruleSet };
}

/** YAML (a superset of JSON) text to a validated rule set. */
export function parseRuleSetText(text: string): RuleSetValidation {
  const deep = checkRuleSetTextNesting(text);
  if (deep !== undefined) return { ok: false, issues: [deep] };
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (err) {
    return { ok: false, issues: [{ path: '', code: 'RULESET_SYNTAX', message: err instanceof Error ? err.message : String(err) }] };
  }
  return validateRuleSet(document);
}
