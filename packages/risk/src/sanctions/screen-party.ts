/**
 * Query-by-example screening of one party against a SanctionsIndex.
 *
 * Two stages, as yente does it: candidate names come from the blocking postings (token and phonetic
 * keys, ranked by summed token weight), then each candidate is scored. Both sides are tokenised by
 * `screeningTokens` (the query also by shape, for look-alike letters). The name score aligns query
 * tokens to listed tokens one-to-one (best pairs first, so token order does not matter), each pair
 * scored by the best of exact, Jaro-Winkler, same consonants (vowel variants), shared Double Metaphone
 * code, a typo allowance scaled by token length, or initial; two adjacent tokens may align with one
 * (Jong-un / Jongun). The score is the similarity averaged with inverse-document-frequency weights, so
 * common tokens (Muhammad, Kim, trading) count less; unmatched tokens on either side (a middle name the
 * filer left out, a word the list lacks) count at a fraction of their weight. A name with fewer than two
 * aligned parts when both sides have several is capped below any threshold. Country, birth date and
 * entity type then nudge the score; an exact IMO number is decisive on its own.
 * The threshold and fractions were chosen on the tune half of `npm run evaluate:screening`.
 */
import { jaroWinkler } from './jaro-winkler.js';
import { compoundParts, isGenericBusinessWord, screeningTokenSets } from './screening-tokens.js';
import { phoneticKeys } from './phonetic-key.js';
import { PREFIX_KEY_LENGTH, type IndexedEntry, type IndexedNameKind, type SanctionsIndex } from './sanctions-index.js';

export type ScreeningPartyType = 'person' | 'organisation' | 'vessel';

export interface ScreeningQuery {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  /** `YYYY-MM-DD` or `YYYY`. */
  birthDate?: string;
  /** Seven digits, with or without the `IMO` prefix. */
  imo?: string;
  type?: ScreeningPartyType;
}

export interface ScreeningOptions {
  /** Matches scoring below are not returned. */
  threshold?: number;
  /** At most this many matches, best first. */
  limit?: number;
}

export const DEFAULT_SCREENING_THRESHOLD = 0.8;

export type SanctionsFeatureName = 'name' | 'phonetic' | 'country' | 'birth_date' | 'entity_type' | 'imo';

/** One piece of evidence behind a match score; `adjustment` is what it added to or took from the score. */
export interface SanctionsFeature {
  feature: SanctionsFeatureName;
  score: number;
  adjustment: number;
  detail: string;
}

export interface TokenAlignment {
  query: string;
  listed: string;
  similarity: number;
  method: 'exact' | 'jaro_winkler' | 'phonetic' | 'initial';
}

export interface SanctionsMatch {
  entry: IndexedEntry;
  matchedName: string;
  matchedNameKind: IndexedNameKind;
  aliasQuality?: string;
  score: number;
  tokens: TokenAlignment[];
  evidence: SanctionsFeature[];
}

/** Token pairs below this similarity are not an alignment at all. */
const MIN_TOKEN_SIMILARITY = 0.6;
const SHORT_TOKEN_MIN_SIMILARITY = 0.85;
/** Share of a listed token's weight charged when the query lacks it (a middle name the filer left out). */
const UNMATCHED_LISTED_FRACTION = 0.25;
/** Share of a query token's weight charged when the listed name lacks it (the filer wrote more). */
const UNMATCHED_QUERY_FRACTION = 0.4;
const PHONETIC_SIMILARITY = 0.9;
/** Same consonants in the same order, vowels differing (Hussein/Husayn, Kamal/Kamel). */
const VOWEL_VARIANT_SIMILARITY = 0.9;
const SHORT_VOWEL_VARIANT_SIMILARITY = 0.85;
const SINGLE_WORD_PENALTY = 0.08;
/** Weight of a matched generic business word (about the commonest listed tokens). */
const GENERIC_MATCH_WEIGHT = 1.5;
const INITIAL_SIMILARITY = 0.85;
/** Two adjacent tokens written as one (Jong-un / Jongun, Abdul Rahman / Abdulrahman). */
const JOINED_SIMILARITY = 0.97;
/** A name whose parts mostly do not align is capped below any sensible threshold. */
const UNALIGNED_CAP = 0.7;
const MAX_CANDIDATES = 30;
const COMMON_KEY_SHARE = 0.05;

const ADJUST = {
  countryMatch: 0.02,
  countryMismatch: -0.08,
  birthExact: 0.04,
  birthYear: 0.02,
  birthMismatch: -0.15,
  typeMismatch: -0.12,
} as const;

interface QueryToken {
  token: string;
  phonetic: string[];
}

function tokenWeight(index: SanctionsIndex, token: string): number {
  return Object.hasOwn(index.tokenWeights, token) ? index.tokenWeights[token]! : index.unknownTokenWeight;
}

const skeletons = new Map<string, string>();

/** Consonant skeleton; a leading vowel is kept as "a" (Emir/Amir, Umar/Omar). Memoised (bounded). */
function consonants(token: string): string {
  let skeleton = skeletons.get(token);
  if (skeleton === undefined) {
    skeleton = (/[aeiou]/.test(token[0]!) ? 'a' : token[0]!) + token.slice(1).replace(/[aeiouy]/g, '');
    if (skeletons.size > 200_000) skeletons.clear();
    skeletons.set(token, skeleton);
  }
  return skeleton;
}

/** Optimal string alignment distance, stopping early above `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** Typos allowed by token length: none up to 4 letters, one up to 8, two beyond. */
function allowedEdits(length: number): number {
  return length <= 4 ? 0 : length <= 8 ? 1 : 2;
}

/** A joined Arabic article ("alzawahiri" / "zawahiri"). */
function withoutJoinedArticle(token: string): string {
  return token.length >= 6 && (token.startsWith('al') || token.startsWith('el')) ? token.slice(2) : token;
}

type Comparison = Omit<TokenAlignment, 'query' | 'listed'>;

function compareTokens(q: QueryToken, listed: string, listedPhonetic: readonly string[]): Comparison {
  if (q.token === listed) return { similarity: 1, method: 'exact' };
  if ((q.token.length === 1 && listed.length > 1) || (listed.length === 1 && q.token.length > 1)) {
    return q.token[0] === listed[0] ? { similarity: INITIAL_SIMILARITY, method: 'initial' } : { similarity: 0, method: 'initial' };
  }
  const shorter = Math.min(q.token.length, listed.length);
  const jw = jaroWinkler(q.token, listed);
  // Squared so that near misses between different names ("Yelena"/"Yevgeny", 0.8) count far less than
  // one-letter typos (0.95); short tokens differ by one letter between genuinely different names ("Fang"/"Wang").
  let similarity = shorter <= 4 && jw * jw < SHORT_TOKEN_MIN_SIMILARITY ? 0 : jw * jw;
  let method: TokenAlignment['method'] = 'jaro_winkler';
  if (jw < 0.75) return { similarity, method };
  if (shorter >= 4 && jw >= 0.85 && similarity < VOWEL_VARIANT_SIMILARITY && consonants(q.token) === consonants(listed)) {
    similarity = shorter === 4 ? SHORT_VOWEL_VARIANT_SIMILARITY : VOWEL_VARIANT_SIMILARITY;
    method = 'phonetic';
  }
  // A shared phonetic code between short tokens ("li" / "lee", "zhou" / "zhao") is weak evidence.
  if (shorter >= 5 && similarity < PHONETIC_SIMILARITY && q.phonetic.some((code) => listedPhonetic.includes(code))) {
    similarity = PHONETIC_SIMILARITY;
    method = 'phonetic';
  }
  const allowed = allowedEdits(shorter);
  if (allowed > 0 && similarity < 0.92 && jw >= 0.8) {
    const distance = editDistance(q.token, listed, allowed);
    const typo = 0.94 - 0.04 * distance;
    if (distance <= allowed && typo > similarity) {
      similarity = typo;
      method = 'jaro_winkler';
    }
  }
  return { similarity, method };
}

function compareWithArticles(q: QueryToken, listed: string, listedPhonetic: readonly string[]): Comparison {
  const direct = compareTokens(q, listed, listedPhonetic);
  if (direct.similarity >= 0.9) return direct;
  if (withoutJoinedArticle(q.token) === listed || withoutJoinedArticle(listed) === q.token) return { similarity: 0.95, method: 'exact' };
  return direct;
}

interface NameScore {
  score: number;
  tokens: TokenAlignment[];
  phoneticShare: number;
}

interface Pair {
  /** Bit masks of the query and listed token positions the pair covers. */
  q: number;
  l: number;
  qi: number;
  li: number;
  joined: 'none' | 'query' | 'listed';
  similarity: number;
  method: TokenAlignment['method'];
}

function nearJoined(a: string, b: string): boolean {
  return a === b || (a.length >= 6 && Math.abs(a.length - b.length) <= 1 && jaroWinkler(a, b) >= 0.95);
}

function addJoinedPairs(pairs: Pair[], query: readonly QueryToken[], listed: readonly string[]): void {
  for (let li = 0; li + 1 < listed.length; li++) {
    const joined = listed[li]! + listed[li + 1]!;
    for (let qi = 0; qi < query.length; qi++) {
      if (nearJoined(query[qi]!.token, joined)) pairs.push({ q: 1 << qi, l: 3 << li, qi, li, joined: 'listed', similarity: JOINED_SIMILARITY, method: 'exact' });
    }
  }
  for (let qi = 0; qi + 1 < query.length; qi++) {
    const joined = query[qi]!.token + query[qi + 1]!.token;
    for (let li = 0; li < listed.length; li++) {
      if (nearJoined(joined, listed[li]!)) pairs.push({ q: 3 << qi, l: 1 << li, qi, li, joined: 'query', similarity: JOINED_SIMILARITY, method: 'exact' });
    }
  }
}

function comparePairs(a: Pair, b: Pair): number {
  return b.similarity - a.similarity || (a.joined === 'none' ? 0 : -1) - (b.joined === 'none' ? 0 : -1) || a.qi - b.qi || a.li - b.li;
}

/** Names longer than this many tokens are scored on their first 30 (bit masks). */
const MAX_TOKENS = 30;

function scoreName(index: SanctionsIndex, queryAll: readonly QueryToken[], listedAll: readonly string[], listedPhonetic: readonly string[][]): NameScore {
  const query = queryAll.length > MAX_TOKENS ? queryAll.slice(0, MAX_TOKENS) : queryAll;
  const listed = listedAll.length > MAX_TOKENS ? listedAll.slice(0, MAX_TOKENS) : listedAll;
  const pairs: Pair[] = [];
  addJoinedPairs(pairs, query, listed);
  for (let qi = 0; qi < query.length; qi++) {
    for (let li = 0; li < listed.length; li++) {
      const result = compareWithArticles(query[qi]!, listed[li]!, listedPhonetic[li]!);
      if (result.similarity >= MIN_TOKEN_SIMILARITY) pairs.push({ q: 1 << qi, l: 1 << li, qi, li, joined: 'none', ...result });
    }
  }
  pairs.sort(comparePairs);
  let usedQ = 0;
  let usedL = 0;
  const tokens: TokenAlignment[] = [];
  let matched = 0;
  let total = 0;
  let phonetic = 0;
  let fullTokenPairs = 0;
  for (const pair of pairs) {
    if ((usedQ & pair.q) !== 0 || (usedL & pair.l) !== 0) continue;
    usedQ |= pair.q;
    usedL |= pair.l;
    const listedToken = pair.joined === 'listed' ? `${listed[pair.li]!} ${listed[pair.li + 1]!}` : listed[pair.li]!;
    const queryToken = pair.joined === 'query' ? `${query[pair.qi]!.token} ${query[pair.qi + 1]!.token}` : query[pair.qi]!.token;
    const listedWeight = tokenWeight(index, listed[pair.li]!) + (pair.joined === 'listed' ? tokenWeight(index, listed[pair.li + 1]!) : 0);
    if (pair.method === 'initial') {
      // Initials carry little identity: weigh them like a common token, and the full word on the other
      // side still counts half as missing ("Sunrise" is not explained by a listed "S.").
      const weight = Math.min(1, listedWeight);
      const queryInitial = query[pair.qi]!.token.length === 1;
      const missing = queryInitial ? UNMATCHED_LISTED_FRACTION * listedWeight : UNMATCHED_QUERY_FRACTION * tokenWeight(index, query[pair.qi]!.token);
      matched += pair.similarity * weight;
      total += weight + 0.5 * missing;
    } else {
      // A matched generic business word ("trading", "import") is little evidence of the same party.
      const generic = pair.joined === 'none' && isGenericBusinessWord(listed[pair.li]!);
      const weight = generic ? Math.min(listedWeight, GENERIC_MATCH_WEIGHT) : listedWeight;
      matched += pair.similarity * weight;
      total += weight;
      if (!generic) fullTokenPairs++;
    }
    if (pair.method === 'phonetic' || pair.method === 'exact') phonetic += pair.joined === 'query' ? 2 : 1;
    tokens.push({ query: queryToken, listed: listedToken, similarity: pair.similarity, method: pair.method });
  }
  // Against a one-word listed name ("JULIA", a vessel "LOTUS") the query's other words count in full:
  // one shared word is all such a match can rest on.
  const queryFraction = listed.length === 1 ? 1 : UNMATCHED_QUERY_FRACTION;
  for (let qi = 0; qi < query.length; qi++) {
    const q = query[qi]!.token;
    if ((usedQ & (1 << qi)) === 0) total += queryFraction * (q.length === 1 ? 0.5 : tokenWeight(index, q));
  }
  for (let li = 0; li < listed.length; li++) {
    const l = listed[li]!;
    if ((usedL & (1 << li)) === 0) total += UNMATCHED_LISTED_FRACTION * (l.length === 1 ? 0.5 : tokenWeight(index, l));
  }
  let score = total === 0 ? 0 : matched / total;
  // One aligned part is not a name match when both sides have several ("Zhou Wei" / "Wei Zhao").
  const pairsNeeded = Math.min(2, query.length, listed.length);
  if (fullTokenPairs === 0 || tokens.length < pairsNeeded) score = Math.min(score, UNALIGNED_CAP);
  // Two one-word names that merely look alike ("Berends" / "Barents") are weaker than two aligned parts.
  if (query.length === 1 && listed.length === 1 && tokens.length === 1 && tokens[0]!.similarity < 1) score -= SINGLE_WORD_PENALTY;
  return { score, tokens, phoneticShare: query.length === 0 ? 0 : phonetic / query.length };
}

function birthYears(value: string): [number, number] | undefined {
  const range = /^(\d{4})\/(\d{4})$/.exec(value);
  if (range !== null) return [Number(range[1]), Number(range[2])];
  const year = /^(\d{4})/.exec(value);
  return year === null ? undefined : [Number(year[1]), Number(year[1])];
}

function birthDateFeature(queryDate: string, entry: IndexedEntry): SanctionsFeature | undefined {
  if (entry.birthDates.length === 0) return undefined;
  if (entry.birthDates.includes(queryDate)) return { feature: 'birth_date', score: 1, adjustment: ADJUST.birthExact, detail: `same date ${queryDate}` };
  const years = birthYears(queryDate);
  if (years === undefined) return undefined;
  const sameYear = entry.birthDates.some((d) => {
    const span = birthYears(d);
    return span !== undefined && years[0] >= span[0] && years[0] <= span[1];
  });
  return sameYear
    ? { feature: 'birth_date', score: 0.8, adjustment: ADJUST.birthYear, detail: `year ${years[0]} within listed ${entry.birthDates.join(', ')}` }
    : { feature: 'birth_date', score: 0, adjustment: ADJUST.birthMismatch, detail: `${queryDate} differs from listed ${entry.birthDates.join(', ')}` };
}

function countryFeature(country: string, entry: IndexedEntry): SanctionsFeature | undefined {
  if (entry.countries.length === 0) return undefined;
  const upper = country.toUpperCase();
  return entry.countries.includes(upper)
    ? { feature: 'country', score: 1, adjustment: ADJUST.countryMatch, detail: `${upper} is a listed country` }
    : { feature: 'country', score: 0, adjustment: ADJUST.countryMismatch, detail: `${upper} not among listed ${entry.countries.join(', ')}` };
}

function typeFeature(type: ScreeningPartyType, entry: IndexedEntry): SanctionsFeature | undefined {
  // Organisations and vessels share names often enough (a ship named after its owner) not to penalise.
  const compatible = type === entry.type || (type !== 'person' && entry.type !== 'person');
  return compatible ? undefined : { feature: 'entity_type', score: 0, adjustment: ADJUST.typeMismatch, detail: `query is a ${type}, entry is a ${entry.type}` };
}

function normaliseImo(value: string): string {
  return value.replace(/^\s*IMO\s*/i, '').trim();
}

/**
 * Candidate names ranked by the summed weight of the query tokens they share a key with (an exact
 * token key counts in full, a phonetic code at PHONETIC_KEY_SHARE). Posting lists longer than
 * COMMON_KEY_SHARE of all names ("muhammad", "al", a frequent phonetic code) are skipped while a
 * rarer key exists: they add thousands of candidates that the rarer keys rank anyway.
 */
const PHONETIC_KEY_SHARE = 0.8;
const PREFIX_KEY_SHARE = 0.5;

function collectCandidates(index: SanctionsIndex, query: readonly QueryToken[]): number[] {
  const commonLimit = Math.max(200, index.names.length * COMMON_KEY_SHARE);
  const keys = query.flatMap((q, qi) => {
    const weight = tokenWeight(index, q.token);
    const own = q.token.length > 1 ? [{ key: `t:${q.token}`, qi, weight }] : [];
    const next = query[qi + 1]?.token;
    const prefixes = [q.token.length > PREFIX_KEY_LENGTH ? q.token : undefined, next === undefined ? undefined : q.token + next]
      .filter((t): t is string => t !== undefined && t.length > PREFIX_KEY_LENGTH)
      .map((t) => ({ key: `x:${t.slice(0, PREFIX_KEY_LENGTH)}`, qi, weight: weight * PREFIX_KEY_SHARE }));
    return [
      ...own,
      ...q.phonetic.map((code) => ({ key: `p:${code}`, qi, weight: weight * PHONETIC_KEY_SHARE })),
      ...compoundParts(q.token).map((part) => ({ key: `t:${part}`, qi, weight: weight * PHONETIC_KEY_SHARE })),
      ...prefixes,
    ]
      .map((k) => ({ ...k, posting: Object.hasOwn(index.postings, k.key) ? index.postings[k.key]! : [] }))
      .filter((k) => k.posting.length > 0);
  });
  const hasRare = keys.some((k) => k.posting.length <= commonLimit);
  // Per name, the best key weight of each query token, summed.
  const perName = new Map<number, number[]>();
  for (const k of keys) {
    if (hasRare && k.posting.length > commonLimit) continue;
    for (const nameIndex of k.posting) {
      let weights = perName.get(nameIndex);
      if (weights === undefined) {
        weights = new Array<number>(query.length).fill(0);
        perName.set(nameIndex, weights);
      }
      if (k.weight > weights[k.qi]!) weights[k.qi] = k.weight;
    }
  }
  return [...perName.entries()]
    .map(([nameIndex, weights]) => [nameIndex, weights.reduce((a, b) => a + b, 0)] as const)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, MAX_CANDIDATES)
    .map(([nameIndex]) => nameIndex);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

export function screenParty(index: SanctionsIndex, query: ScreeningQuery, options: ScreeningOptions = {}): SanctionsMatch[] {
  const threshold = options.threshold ?? DEFAULT_SCREENING_THRESHOLD;
  const best = new Map<number, SanctionsMatch>();
  // Unclamped scores decide which of an entry's names is reported, so an exact alias beats a near primary name.
  const rawScores = new Map<number, number>();
  const imo = query.imo === undefined ? undefined : normaliseImo(query.imo);
  if (imo !== undefined && Object.hasOwn(index.imo, imo)) {
    for (const entryIndex of index.imo[imo]!) {
      const entry = index.entries[entryIndex]!;
      best.set(entryIndex, {
        entry,
        matchedName: entry.primaryName,
        matchedNameKind: 'primary',
        score: 1,
        tokens: [],
        evidence: [{ feature: 'imo', score: 1, adjustment: 0, detail: `IMO ${imo} matches exactly` }],
      });
    }
  }
  for (const tokenSet of screeningTokenSets(query.name)) {
    const queryTokens: QueryToken[] = tokenSet.map((token) => ({ token, phonetic: phoneticKeys(token) }));
    for (const nameIndex of collectCandidates(index, queryTokens)) {
      const named = index.names[nameIndex]!;
      if (best.get(named.entry)?.evidence[0]?.feature === 'imo') continue;
      const entry = index.entries[named.entry]!;
      const name = scoreName(index, queryTokens, named.tokens, named.phonetic);
      const evidence: SanctionsFeature[] = [
        { feature: 'name', score: name.score, adjustment: 0, detail: `"${query.name}" ~ "${named.name}"` },
        { feature: 'phonetic', score: name.phoneticShare, adjustment: 0, detail: 'share of query tokens with a shared phonetic code' },
      ];
      const qualifiers = [
        query.country === undefined ? undefined : countryFeature(query.country, entry),
        query.birthDate === undefined ? undefined : birthDateFeature(query.birthDate, entry),
        query.type === undefined ? undefined : typeFeature(query.type, entry),
      ].filter((f): f is SanctionsFeature => f !== undefined);
      evidence.push(...qualifiers);
      const raw = name.score + qualifiers.reduce((sum, f) => sum + f.adjustment, 0);
      const previous = rawScores.get(named.entry);
      if (previous !== undefined && previous >= raw) continue;
      rawScores.set(named.entry, raw);
      const score = clamp01(raw);
      const match: SanctionsMatch = { entry, matchedName: named.name, matchedNameKind: named.kind, score, tokens: name.tokens, evidence };
      if (named.quality !== undefined) match.aliasQuality = named.quality;
      best.set(named.entry, match);
    }
  }
  return [...best.values()]
    .filter((m) => m.score >= threshold)
    .sort((a, b) => b.score - a.score || a.entry.source.localeCompare(b.entry.source) || a.entry.id.localeCompare(b.entry.id))
    .slice(0, options.limit ?? 10);
}
