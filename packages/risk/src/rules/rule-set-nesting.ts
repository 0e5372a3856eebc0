/**
 * Nesting bounds for rule set documents, checked before the YAML parser or the schema sees them.
 *
 * Why: the `yaml` parser recurses per nesting level. Half a megabyte of `[` made V8 abort the whole
 * process while compiling (RegExpCompiler out of memory, not a catchable error), and a few thousand
 * levels of `{a: ` or of indentation overflow the stack. A real rule set nests a dozen levels; the
 * bounds below leave ample room and refuse anything deeper with RULESET_TOO_DEEP (a 4xx), in one
 * pass over the text.
 */
import { Lexer } from 'yaml';
import type { RuleSetIssue } from './validate-rule-set.js';

/** Flow (`[`, `{`) levels, and compact block indicators (`- - -`) on one line. */
export const MAX_RULE_SET_DEPTH = 64;
/** Columns of indentation; 64 levels at 4 spaces is 256. */
export const MAX_RULE_SET_INDENT = 256;

const tooDeep = (where: string): RuleSetIssue => ({
  path: '',
  code: 'RULESET_TOO_DEEP',
  message: `the rule set nests deeper than ${MAX_RULE_SET_DEPTH} levels (${where}); a rule set needs far fewer`,
});

/**
 * The YAML library's own lexer (a generator, no recursion) tokenises the text, so quoted scalars,
 * comments and plain text holding brackets are read exactly as the parser will read them. The pass
 * stops at the first level past the bound, so a hostile document costs at most the tokens up to there.
 */
export function checkRuleSetTextNesting(text: string): RuleSetIssue | undefined {
  let flow = 0;
  let line = 1;
  let afterNewline = true;
  let indicators = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++flow > MAX_RULE_SET_DEPTH) return tooDeep(`brackets on line ${line}`);
    } else if (token === ']' || token === '}') {
      flow = Math.max(0, flow - 1);
    } else if (token === '\n' || token === '\r\n') {
      line++;
      afterNewline = true;
      indicators = 0;
      continue;
    } else if (afterNewline && /^[ \t]+$/.test(token)) {
      if (token.length > MAX_RULE_SET_INDENT) return tooDeep(`indentation of more than ${MAX_RULE_SET_INDENT} columns on line ${line}`);
      continue;
    } else if (token === '-' || token === '?' || token === ':') {
      if (++indicators > MAX_RULE_SET_DEPTH) return tooDeep(`nested indicators on line ${line}`);
    }
    afterNewline = false;
  }
  return undefined;
}

/** The same bound on an already parsed document (a JSON body): iterative, so depth cannot overflow the stack. */
export function checkRuleSetDocumentNesting(document: unknown): RuleSetIssue | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value: document, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_RULE_SET_DEPTH) return tooDeep('arrays and objects');
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}
