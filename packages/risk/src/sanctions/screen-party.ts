/**
 * Query-by-example screening of one party against a SanctionsIndex.
 *
 * Two stages, as yente does it: candidate names come from the blocking postings (token and phonetic
 * keys, ranked by summed token weight), then each candidate is scored. The name score aligns query
 * tokens to listed tokens one-to-one (best pairs first, so token order does not matter), each pair
 * scored by the best of exact, Jaro-Winkler, shared Double Metaphone code, or initial; the score is
 * the weight-averaged similarity, where unmatched query tokens count in full and unmatched listed
 * tokens (a middle name the filer left out) count at a fraction. Country, birth date and entity type
 * then nudge the score; an exact IMO number is decisive on its own.
 */
import { jaroWinkler } from './jaro-winkler.js';
import { tokeniseName } from './normalise-name.js';
import { phoneticKeys } from './phonetic-key.js';
import type { IndexedEntry, IndexedNameKind, SanctionsIndex } from './sanctions-index.js';

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

export const DEFAULT_SCREENING_THRESHOLD = 0.86;

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
/** Share of a listed token's weight charged when the query lacks it (missing middle name). */
const UNMATCHED_LISTED_FRACTION = 0.25;
const PHONETIC_SIMILARITY = 0.9;
const INITIAL_SIMILARITY = 0.85;
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

function compareTokens(q: QueryToken, listed: string, listedPhonetic: readonly string[]): Omit<TokenAlignment, 'query' | 'listed'> {
  if (q.token === listed) return { similarity: 1, method: 'exact' };
  if ((q.token.length === 1 && listed.length > 1) || (listed.length === 1 && q.token.length > 1)) {
    return q.token[0] === listed[0] ? { similarity: INITIAL_SIMILARITY, method: 'initial' } : { similarity: 0, method: 'initial' };
  }
  const jw = jaroWinkler(q.token, listed);
  const phoneticMatch = q.phonetic.some((code) => listedPhonetic.includes(code));
  // A shared phonetic code between short tokens ("li" / "lee") is weak evidence; require some spelling overlap.
  if (phoneticMatch && jw >= 0.7 && PHONETIC_SIMILARITY > jw * jw) return { similarity: PHONETIC_SIMILARITY, method: 'phonetic' };
  // Squared so that near misses between different names ("Yelena"/"Yevgeny", 0.8) count far less than
  // one-letter typos (0.95); short tokens differ by one letter between genuinely different names ("Fang"/"Wang").
  const similarity = jw * jw;
  return { similarity: Math.min(q.token.length, listed.length) <= 4 && similarity < SHORT_TOKEN_MIN_SIMILARITY ? 0 : similarity, method: 'jaro_winkler' };
}

interface NameScore {
  score: number;
  tokens: TokenAlignment[];
  phoneticShare: number;
}

function scoreName(index: SanctionsIndex, query: readonly QueryToken[], listed: readonly string[], listedPhonetic: readonly string[][]): NameScore {
  const pairs: Array<{ qi: number; li: number; similarity: number; method: TokenAlignment['method'] }> = [];
  query.forEach((q, qi) => {
    listed.forEach((l, li) => {
      const result = compareTokens(q, l, listedPhonetic[li]!);
      if (result.similarity >= MIN_TOKEN_SIMILARITY) pairs.push({ qi, li, ...result });
    });
  });
  pairs.sort((a, b) => b.similarity - a.similarity || a.qi - b.qi || a.li - b.li);
  const usedQ = new Set<number>();
  const usedL = new Set<number>();
  const tokens: TokenAlignment[] = [];
  let matched = 0;
  let total = 0;
  let phonetic = 0;
  for (const pair of pairs) {
    if (usedQ.has(pair.qi) || usedL.has(pair.li)) continue;
    usedQ.add(pair.qi);
    usedL.add(pair.li);
    const listedToken = listed[pair.li]!;
    // Initials carry little identity: weigh them like a common token.
    const weight = pair.method === 'initial' ? Math.min(1, tokenWeight(index, listedToken)) : tokenWeight(index, listedToken);
    matched += pair.similarity * weight;
    total += weight;
    if (pair.method === 'phonetic' || pair.method === 'exact') phonetic++;
    tokens.push({ query: query[pair.qi]!.token, listed: listedToken, similarity: pair.similarity, method: pair.method });
  }
  query.forEach((q, qi) => {
    if (!usedQ.has(qi)) total += q.token.length === 1 ? 0.5 : tokenWeight(index, q.token);
  });
  listed.forEach((l, li) => {
    if (!usedL.has(li)) total += UNMATCHED_LISTED_FRACTION * (l.length === 1 ? 0.5 : tokenWeight(index, l));
  });
  return { score: total === 0 ? 0 : matched / total, tokens, phoneticShare: query.length === 0 ? 0 : phonetic / query.length };
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
 * Candidate names ranked by the summed weight of the query tokens they share a key with. Posting
 * lists longer than COMMON_KEY_SHARE of all names ("muhammad", "al", "trading") are skipped while a
 * rarer key exists: they add thousands of candidates that the rarer keys rank anyway.
 */
function collectCandidates(index: SanctionsIndex, query: readonly QueryToken[]): number[] {
  const perToken = query.map((q) => {
    const keys = [...(q.token.length > 1 ? [`t:${q.token}`] : []), ...q.phonetic.map((code) => `p:${code}`)];
    const postings = keys.map((key) => (Object.hasOwn(index.postings, key) ? index.postings[key]! : [])).filter((p) => p.length > 0);
    return { weight: tokenWeight(index, q.token), postings, size: postings.reduce((s, p) => s + p.length, 0) };
  });
  const commonLimit = Math.max(200, index.names.length * COMMON_KEY_SHARE);
  const hasRare = perToken.some((t) => t.size > 0 && t.size <= commonLimit);
  const weights = new Map<number, number>();
  for (const token of perToken) {
    if (hasRare && token.size > commonLimit) continue;
    const seen = new Set<number>();
    for (const posting of token.postings) {
      for (const nameIndex of posting) {
        if (seen.has(nameIndex)) continue;
        seen.add(nameIndex);
        weights.set(nameIndex, (weights.get(nameIndex) ?? 0) + token.weight);
      }
    }
  }
  return [...weights.entries()]
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
  const queryTokens: QueryToken[] = tokeniseName(query.name).map((token) => ({ token, phonetic: phoneticKeys(token) }));
  if (queryTokens.length > 0) {
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
