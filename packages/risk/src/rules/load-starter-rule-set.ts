import { readFileSync } from 'node:fs';
import { AppError } from '@safe-screen/domain';
import type { RuleSet } from './rule-set-schema.js';
import { parseRuleSetText } from './validate-rule-set.js';

export const STARTER_RULE_SET_URL = new URL('../../rulesets/starter.yaml', import.meta.url);

/** The shipped starter rule set, validated; a broken file is a build defect, so it throws. */
export function loadStarterRuleSet(): RuleSet {
  const result = parseRuleSetText(readFileSync(STARTER_RULE_SET_URL, 'utf8'));
  if (!result.ok) throw new AppError('RULESET_STARTER_INVALID', 'the shipped starter rule set does not validate', { issues: result.issues });
  return result.ruleSet;
}
