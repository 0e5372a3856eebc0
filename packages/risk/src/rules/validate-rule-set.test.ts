import { describe, expect, it } from 'vitest';
import { compileRuleSet } from './compile-rule-set.js';
import { buildConsignmentFacts } from './consignment-facts.js';
import { parseRuleSetText, validateRuleSet } from './validate-rule-set.js';
import { buildAssessmentInput, TEST_NOW } from '../testing/build-assessment-input.js';

const rule = (overrides: object = {}) => ({
  id: 'R-1',
  description: 'A rule an officer can read',
  category: 'security',
  weight: 10,
  validFrom: '2026-01-01',
  condition: { goods: { commodity: { list: 'arms' } } },
  ...overrides,
});

describe('validateRuleSet', () => {
  it('accepts a minimal rule set and applies defaults', () => {
    const result = validateRuleSet({ version: 'v1', lists: { arms: { kind: 'hsPrefixes', items: ['93'] } }, rules: [rule()] });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.ruleSet.rules[0]).toMatchObject({ intelligence: false, suggestedMethods: [] });
  });

  it('reports schema errors with the path into the document', () => {
    const result = validateRuleSet({ version: 'v1', rules: [rule({ category: 'fun', condition: { all: [{ goods: { colour: 'red' } }] } })] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain('rules[0].category');
  });

  it('refuses a meaning for an entry the list does not hold', () => {
    const result = validateRuleSet({ version: 'v1', lists: { arms: { kind: 'countries', items: ['IR'], meanings: { IR: 'Iran', KP: 'North Korea' } } }, rules: [rule({ condition: { route: { routingThrough: { list: 'arms' } } } })] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues).toEqual([expect.objectContaining({ path: 'lists.arms.meanings.KP', code: 'RULESET_SCHEMA_CUSTOM' })]);
  });

  it('reports unknown lists, wrong list kinds, duplicate ids, bad items and reversed dates', () => {
    const result = validateRuleSet({
      version: 'v1',
      lists: { arms: { kind: 'countries', items: ['IR', 'Iran'] } },
      rules: [
        rule(),
        rule({ validTo: '2025-01-01', condition: { any: [{ route: { routingThrough: { list: 'nowhere' } } }] } }),
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'lists.arms.items[1]', code: 'RULESET_LIST_ITEM_INVALID' }),
          expect.objectContaining({ path: 'rules[0].condition.goods.commodity.list', code: 'RULESET_LIST_KIND_MISMATCH' }),
          expect.objectContaining({ path: 'rules[1].id', code: 'RULESET_RULE_ID_DUPLICATE' }),
          expect.objectContaining({ path: 'rules[1].validTo', code: 'RULESET_VALIDITY_REVERSED' }),
          expect.objectContaining({ path: 'rules[1].condition.any[0].route.routingThrough.list', code: 'RULESET_LIST_UNKNOWN' }),
        ]),
      );
    }
  });

  it('reports YAML syntax errors as an issue, not an exception', () => {
    const result = parseRuleSetText('version: [unclosed');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.code).toBe('RULESET_SYNTAX');
  });
});

describe('compiled conditions', () => {
  const compile = (condition: object) => {
    const result = validateRuleSet({ version: 'v1', rules: [rule({ condition })] });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return compileRuleSet(result.ruleSet);
  };
  const fires = (condition: object) => compile(condition).evaluate(buildConsignmentFacts(buildAssessmentInput()), TEST_NOW).length === 1;

  it('combines with all, any and not', () => {
    const china = { route: { loadingCountry: { codes: ['CN'] } } };
    const iran = { route: { loadingCountry: { codes: ['IR'] } } };
    expect(fires({ all: [china, { not: iran }] })).toBe(true);
    expect(fires({ all: [china, iran] })).toBe(false);
    expect(fires({ any: [iran, china] })).toBe(true);
    expect(fires({ not: china })).toBe(false);
  });

  it('requires every field of one predicate to hold on the same goods item', () => {
    expect(fires({ goods: { commodity: { prefixes: ['9403'] }, description: { keywords: ['oak'] } } })).toBe(true);
    expect(fires({ goods: { commodity: { prefixes: ['9403'] }, description: { keywords: ['steel'] } } })).toBe(false);
  });

  it('matches keywords as whole words after folding case and accents', () => {
    expect(fires({ goods: { description: { keywords: ['DINING TABLES'] } } })).toBe(true);
    expect(fires({ goods: { description: { keywords: ['din'] } } })).toBe(false);
  });
});
