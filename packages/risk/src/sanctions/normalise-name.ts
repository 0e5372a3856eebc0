/**
 * Name normalisation shared by the index and the query side: both must agree byte for byte, or
 * nothing matches. Order matters: transliterate first (any-ascii turns Cyrillic, Arabic, Greek and
 * Latin-with-diacritics into ASCII), then case, then punctuation, then legal-form words.
 */
import anyAscii from 'any-ascii';

/**
 * Legal-form and filler words that say nothing about identity: "ACME LLC" and "Acme Ltd." are the
 * same name to a screener. Transliterated forms of Russian forms (OOO, ZAO, OAO, PAO) are included.
 */
const LEGAL_FORM_WORDS: ReadonlySet<string> = new Set([
  'llc', 'ltd', 'limited', 'ooo', 'zao', 'oao', 'pao', 'ao', 'pjsc', 'ojsc', 'cjsc', 'jsc', 'gmbh', 'ag', 'kg',
  'sa', 'sas', 'sarl', 'srl', 'spa', 'sl', 'sro', 'bv', 'nv', 'ab', 'as', 'asa', 'oy', 'oyj', 'aps', 'plc', 'llp', 'lp',
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'cv', 'pte', 'pvt', 'pty', 'fze', 'fzco', 'fzc',
  'fzllc', 'dmcc', 'wll', 'tov', 'tob', 'sdn', 'bhd', 'kk', 'jsc', 'ltda', 'eood', 'ood', 'doo', 'ead', 'spzoo', 'zoo',
]);

/** Connectors left dangling once legal forms are removed ("S.A. de C.V." -> "de"). */
const CONNECTOR_WORDS: ReadonlySet<string> = new Set(['de', 'and', 'the', 'of', 'y', 'et', 'und']);

/** Blank characters used as spaces: braille blank, Hangul fillers, and every Unicode space and separator. */
const BLANKS = /[\p{Zs}\p{Zl}\p{Zp}\p{Cc}\u2800\u3164\u115f\u1160\uffa0]/gu;
/** Invisible characters: format (Cf: bidi controls, zero-width, soft hyphen, tags), variation selectors, grapheme joiner. */
const INVISIBLE = /[\p{Cf}\u034f\u180b-\u180d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu;

/**
 * Text inside a right-to-left override (U+202E ... U+202C) is displayed reversed: a reader sees
 * "ACME" where the characters are E, M, C, A. Reverse such runs so the name reads as displayed.
 */
function resolveBidiOverrides(raw: string): string {
  if (!/[\u202d\u202e]/.test(raw)) return raw;
  const stack: Array<{ reversed: boolean; chars: string[] }> = [{ reversed: false, chars: [] }];
  const close = () => {
    const run = stack.pop()!;
    stack[stack.length - 1]!.chars.push(...(run.reversed ? run.chars.reverse() : run.chars));
  };
  for (const ch of raw) {
    if (ch === '\u202e' || ch === '\u202d') stack.push({ reversed: ch === '\u202e', chars: [] });
    else if (ch === '\u202c' && stack.length > 1) close();
    else stack[stack.length - 1]!.chars.push(ch);
  }
  while (stack.length > 1) close();
  return stack[0]!.chars.join('');
}

/** What a reader sees: overrides resolved, invisible characters gone, every kind of blank a space. */
export function stripInvisible(raw: string): string {
  return resolveBidiOverrides(raw).replace(BLANKS, ' ').replace(INVISIBLE, '');
}

export function isLegalFormWord(token: string): boolean {
  return LEGAL_FORM_WORDS.has(token);
}

/**
 * ASCII, lower case, no diacritics; dots vanish so "S.A." reads "sa", other punctuation splits tokens.
 * Then the spellings on which English-, French- and Russian-style romanisations of the same name
 * disagree are folded to one (Mukhammad/Muhammad, Dzhan/Jan, Anwari/Anvari); both the index and the
 * query go through this, so the folding only ever merges, never loses, a match.
 */
export function foldName(raw: string): string {
  return anyAscii(stripInvisible(raw).normalize('NFKC'))
    .toLowerCase()
    .replace(/[.'`\u2019]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/dzh|dj/g, 'j')
    .replace(/kh/g, 'h')
    .replace(/ph/g, 'f')
    .replace(/w/g, 'v')
    .trim();
}

/**
 * Tokens that identify the party. Legal-form words go, then connectors at either end; if nothing is
 * left (a party literally named "Company Limited") the folded tokens are kept so the name still exists.
 */
export function tokeniseName(raw: string): string[] {
  const folded = foldName(raw);
  if (folded === '') return [];
  const tokens = folded.split(' ');
  const kept = tokens.filter((t) => !LEGAL_FORM_WORDS.has(t));
  while (kept.length > 0 && CONNECTOR_WORDS.has(kept[kept.length - 1]!)) kept.pop();
  while (kept.length > 0 && CONNECTOR_WORDS.has(kept[0]!)) kept.shift();
  return kept.length > 0 ? kept : tokens;
}
