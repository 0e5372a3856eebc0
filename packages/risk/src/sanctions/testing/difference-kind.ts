/**
 * Evaluation helpers that must NOT share code with the matcher: a plain tokeniser, a loose
 * "are these two tokens the same name part" test, and an automatic classification of how an alias
 * differs from the closest other name of its entry. They decide which list aliases are evaluated and
 * how recall is broken down, so they are deliberately simple and fixed (see the README, "Screening
 * evaluation"); changing the matcher must not change which cases are counted.
 */
import anyAscii from 'any-ascii';

export const DIFFERENCE_KINDS = [
  'article_particle_spacing',
  'vowel_transliteration',
  'missing_parts',
  'initials',
  'reordering',
  'abbreviation_legal_form',
  'other',
] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

/** Articles, particles and kinship words that transliterations add, drop or join. */
const PARTICLES: ReadonlySet<string> = new Set([
  'al', 'el', 'ul', 'il', 'ad', 'ud', 'ed', 'as', 'ash', 'at', 'az', 'an', 'ar', 'bin', 'ibn', 'bint', 'ben', 'ould', 'abu', 'abou',
  'de', 'da', 'di', 'del', 'la', 'le', 'van', 'von', 'der', 'den', 'the', 'of', 'and', 'y', 'e',
]);

/** Legal-form and generic business words. */
const LEGAL: ReadonlySet<string> = new Set([
  'ltd', 'limited', 'llc', 'co', 'company', 'corp', 'corporation', 'inc', 'incorporated', 'jsc', 'ojsc', 'cjsc', 'pjsc', 'ooo', 'zao',
  'oao', 'pao', 'sa', 'gmbh', 'ag', 'plc', 'llp', 'lp', 'pte', 'pvt', 'pty', 'sarl', 'srl', 'spa', 'bv', 'nv', 'fze', 'fzco', 'fzc',
  'est', 'establishment', 'group', 'holding', 'holdings', 'trading', 'international', 'intl', 'industries', 'industry', 'enterprise',
  'enterprises', 'general', 'joint', 'stock', 'private', 'public', 'sdn', 'bhd', 'kk',
]);

export function plainTokens(name: string): string[] {
  return anyAscii(name.normalize('NFKC'))
    .toLowerCase()
    .replace(/['`.\u2019]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '');
}

/** Plain tokens without legal-form words: the key under which an unlisted name counts as "listed". */
export function plainKey(name: string): string {
  return plainTokens(name).filter((t) => !LEGAL.has(t)).sort().join(' ');
}

function isGeneric(token: string): boolean {
  return PARTICLES.has(token) || LEGAL.has(token) || token.length < 2;
}

function consonantSkeleton(token: string): string {
  return token.replace(/[aeiouyhw]/g, '').replace(/(.)\1+/g, '$1');
}

function bigrams(token: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < token.length; i++) out.push(token.slice(i, i + 2));
  return out;
}

function dice(a: string, b: string): number {
  const ba = bigrams(a);
  const bb = bigrams(b);
  if (ba.length === 0 || bb.length === 0) return 0;
  const pool = [...bb];
  let common = 0;
  for (const g of ba) {
    const at = pool.indexOf(g);
    if (at >= 0) {
      common++;
      pool.splice(at, 1);
    }
  }
  return (2 * common) / (ba.length + bb.length);
}

/** `short` is an in-order subsequence of `long` starting with the same letter ("bk"/"bank", "intl"/"international"). */
function isAbbreviation(short: string, long: string): boolean {
  if (short.length < 2 || short.length >= long.length || short[0] !== long[0]) return false;
  let j = 0;
  for (const ch of long) if (ch === short[j]) j++;
  return j === short.length;
}

export type TokenRelation = 'equal' | 'spelling' | 'abbreviation' | 'initial';

/** How two plain tokens relate as name parts, or undefined when they are different words. */
export function relateTokens(a: string, b: string): TokenRelation | undefined {
  if (a === b) return 'equal';
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? 'initial' : undefined;
  const sa = consonantSkeleton(a);
  if (sa !== '' && sa === consonantSkeleton(b)) return 'spelling';
  if (dice(a, b) >= 0.5) return 'spelling';
  if (isAbbreviation(a, b) || isAbbreviation(b, a)) return 'abbreviation';
  return undefined;
}

interface Alignment {
  pairs: Array<{ a: number; r: number; relation: TokenRelation }>;
  related: number;
}

const RELATION_RANK: Readonly<Record<TokenRelation, number>> = { equal: 0, spelling: 1, abbreviation: 2, initial: 3 };

function align(a: readonly string[], r: readonly string[]): Alignment {
  const candidates: Array<{ a: number; r: number; relation: TokenRelation }> = [];
  a.forEach((ta, ai) => r.forEach((tr, ri) => {
    const relation = relateTokens(ta, tr);
    if (relation !== undefined) candidates.push({ a: ai, r: ri, relation });
  }));
  candidates.sort((x, y) => RELATION_RANK[x.relation] - RELATION_RANK[y.relation] || x.a - y.a || x.r - y.r);
  const usedA = new Set<number>();
  const usedR = new Set<number>();
  const pairs: Alignment['pairs'] = [];
  for (const c of candidates) {
    if (usedA.has(c.a) || usedR.has(c.r)) continue;
    usedA.add(c.a);
    usedR.add(c.r);
    pairs.push(c);
  }
  const related = pairs.filter((p) => p.relation !== 'initial' && !isGeneric(a[p.a]!)).length;
  return { pairs, related };
}

export type ExclusionRule = 'single_token' | 'identical_tokens' | 'unrelated' | 'non_latin_script';

export type AliasVerdict = { excluded: ExclusionRule } | { kind: DifferenceKind; reference: string };

const LATIN_LETTER = /\p{Script=Latin}/u;
const ANY_LETTER = /\p{L}/gu;

/**
 * Rules fixed before any result was looked at (README, "Screening evaluation"):
 * - non_latin_script: fewer than 80 % of the alias's letters are Latin (original-script names in Arabic,
 *   Cyrillic, Chinese...: comparing them with the romanised names measures a transliterator, not a matcher);
 * - single_token: the alias is one token after plain tokenising (acronyms, one-word noms de guerre);
 * - identical_tokens: its token sequence equals another name of the entry (nothing to find);
 * - unrelated: fewer than half (or none) of its distinctive tokens (not particles, legal words or
 *   initials) relate to a token of the entry's other names by equality, consonant skeleton, bigram
 *   Dice >= 0.5 or abbreviation: a different name, which no name matcher can or should find.
 * The others are classified against the other name that relates to most of their tokens.
 */
export function judgeAlias(alias: string, otherNames: readonly string[]): AliasVerdict {
  const letters = alias.match(ANY_LETTER) ?? [];
  const latin = letters.filter((ch) => LATIN_LETTER.test(ch)).length;
  if (letters.length > 0 && latin / letters.length < 0.8) return { excluded: 'non_latin_script' };
  const a = plainTokens(alias);
  if (a.length < 2) return { excluded: 'single_token' };
  const others = otherNames.map((name) => ({ name, tokens: plainTokens(name) })).filter((o) => o.tokens.length > 0);
  const key = a.join(' ');
  if (others.some((o) => o.tokens.join(' ') === key)) return { excluded: 'identical_tokens' };
  const distinctive = a.filter((t) => !isGeneric(t)).length;
  let best: { name: string; tokens: string[]; alignment: Alignment } | undefined;
  for (const o of others) {
    const alignment = align(a, o.tokens);
    if (best === undefined || alignment.related > best.alignment.related || (alignment.related === best.alignment.related && alignment.pairs.length > best.alignment.pairs.length)) {
      best = { ...o, alignment };
    }
  }
  if (best === undefined || best.alignment.related === 0 || best.alignment.related * 2 < distinctive) return { excluded: 'unrelated' };
  return { kind: classify(a, best.tokens, best.alignment), reference: best.name };
}

function classify(a: readonly string[], r: readonly string[], alignment: Alignment): DifferenceKind {
  const strip = (tokens: readonly string[], drop: (t: string) => boolean) => tokens.filter((t) => !drop(t)).join('');
  if (strip(a, (t) => PARTICLES.has(t)) === strip(r, (t) => PARTICLES.has(t))) return 'article_particle_spacing';
  const noLegal = (t: string) => LEGAL.has(t) || PARTICLES.has(t);
  if (strip(a, noLegal) === strip(r, noLegal) || alignment.pairs.some((p) => p.relation === 'abbreviation')) return 'abbreviation_legal_form';
  if (alignment.pairs.some((p) => p.relation === 'initial')) return 'initials';
  const core = (tokens: readonly string[]) => tokens.filter((t) => !isGeneric(t));
  const ca = core(a);
  const cr = core(r);
  const aligned = alignment.pairs.filter((p) => !isGeneric(a[p.a]!)).sort((x, y) => x.a - y.a);
  const allAligned = aligned.length === Math.min(ca.length, cr.length);
  if (ca.length !== cr.length && allAligned) return 'missing_parts';
  if (ca.length === cr.length && allAligned) {
    const orderKept = aligned.every((p, i) => i === 0 || aligned[i - 1]!.r < p.r);
    if (!orderKept) return 'reordering';
    return 'vowel_transliteration';
  }
  return 'other';
}
