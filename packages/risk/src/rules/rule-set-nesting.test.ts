import { describe, expect, it } from 'vitest';
import { loadStarterRuleSet } from './load-starter-rule-set.js';
import { MAX_RULE_SET_DEPTH } from './rule-set-nesting.js';
import { parseRuleSetText, validateRuleSet } from './validate-rule-set.js';

const code = (result: ReturnType<typeof parseRuleSetText>): string | undefined => (result.ok ? undefined : result.issues[0]?.code);

describe('rule set nesting bound', () => {
  it('refuses half a megabyte of "[" with RULESET_TOO_DEEP (it used to abort the process)', () => {
    expect(code(parseRuleSetText('['.repeat(512 * 1024)))).toBe('RULESET_TOO_DEEP');
  });

  it('refuses deep flow maps, compact sequences, deep indentation and deep JSON documents', () => {
    expect(code(parseRuleSetText('{a: '.repeat(5000)))).toBe('RULESET_TOO_DEEP');
    expect(code(parseRuleSetText('- '.repeat(5000)))).toBe('RULESET_TOO_DEEP');
    expect(code(parseRuleSetText(Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 * i)}-`).join('\n')))).toBe('RULESET_TOO_DEEP');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(validateRuleSet({ version: 'x', rules: deep })).toMatchObject({ ok: false, issues: [{ code: 'RULESET_TOO_DEEP' }] });
  });

  it('reads brackets inside quoted scalars and after a plain-scalar quote as YAML does', () => {
    const inQuotes = `version: "${'['.repeat(500)}"\nrules: []\n`;
    expect(code(parseRuleSetText(inQuotes))).not.toBe('RULESET_TOO_DEEP');
    expect(code(parseRuleSetText(`[ a ', ${'[ '.repeat(MAX_RULE_SET_DEPTH + 1)}`))).toBe('RULESET_TOO_DEEP');
  });

  it('accepts the starter rule set', () => {
    expect(validateRuleSet(loadStarterRuleSet()).ok).toBe(true);
  });
});
