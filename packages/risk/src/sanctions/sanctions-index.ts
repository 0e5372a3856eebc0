/**
 * The screening index: built once per set of list editions, then only read. It is plain data
 * (arrays and string-keyed records, no classes, no Maps) so one build can be sent to every worker
 * thread by structured clone or as JSON, and cached on disk keyed by the editions it covers.
 *
 * Blocking keys per name token: the token itself (`t:`) and its Double Metaphone codes (`p:`).
 * Token weights are inverse document frequencies over entries, so "Muhammad" or "Trading" count for
 * less than a rare surname when scoring and when ranking candidates.
 */
import { computeEntryRevision } from './entry-revision.js';
import { phoneticKeys } from './phonetic-key.js';
import { compoundParts, screeningTokens } from './screening-tokens.js';
import { formatEdition, type SanctionsEntryType, type SanctionsList } from './sanctions-list.js';

export const SANCTIONS_INDEX_FORMAT = 3;

export type IndexedNameKind = 'primary' | 'alias' | 'original_script';

export interface IndexedEntry {
  id: string;
  source: string;
  /** `UN@2025-04-19T23:00:04.625Z`. */
  edition: string;
  revision: string;
  type: SanctionsEntryType;
  primaryName: string;
  countries: string[];
  birthDates: string[];
  imo?: string;
  programs: string[];
}

export interface IndexedName {
  entry: number;
  name: string;
  kind: IndexedNameKind;
  quality?: string;
  tokens: string[];
  /** Phonetic codes per token, aligned with `tokens`. */
  phonetic: string[][];
}

export interface SanctionsIndex {
  format: typeof SANCTIONS_INDEX_FORMAT;
  editions: string[];
  entries: IndexedEntry[];
  names: IndexedName[];
  /** Blocking key -> indices into `names`. */
  postings: Record<string, number[]>;
  /** Name token -> inverse document frequency weight. */
  tokenWeights: Record<string, number>;
  /** Weight given to a query token the lists never use (it is informative, so it weighs like a rare token). */
  unknownTokenWeight: number;
  /** IMO number -> indices into `entries`. */
  imo: Record<string, number[]>;
}

function nameVariants(name: string): string[] {
  // "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)": filers write it with or without the acronym.
  const withoutParenthesis = name.replace(/\([^)]*\)/g, ' ').trim();
  return withoutParenthesis !== '' && withoutParenthesis !== name ? [name, withoutParenthesis] : [name];
}

/** Blocking length: a token's first letters find spellings that differ further on, and joined tokens. */
export const PREFIX_KEY_LENGTH = 4;

/**
 * Keys a listed token is found by: itself (`t:`), its Double Metaphone codes (`p:`), its first letters
 * (`x:`, tokens longer than the prefix) and the name inside an Arabic compound (`t:aziz` for abdulaziz).
 */
export function blockingKeys(token: string, phonetic: readonly string[]): string[] {
  const keys = phonetic.map((code) => `p:${code}`);
  if (token.length > 1) keys.push(`t:${token}`);
  if (token.length > PREFIX_KEY_LENGTH) keys.push(`x:${token.slice(0, PREFIX_KEY_LENGTH)}`);
  for (const part of compoundParts(token)) keys.push(`t:${part}`);
  return keys;
}

function push(record: Record<string, number[]>, key: string, value: number): void {
  const list = record[key];
  if (list === undefined) record[key] = [value];
  else if (list[list.length - 1] !== value) list.push(value);
}

export function buildSanctionsIndex(lists: readonly SanctionsList[]): SanctionsIndex {
  const entries: IndexedEntry[] = [];
  const names: IndexedName[] = [];
  const postings: Record<string, number[]> = {};
  const imo: Record<string, number[]> = {};
  const entryFrequency = new Map<string, number>();
  for (const list of lists) {
    const edition = formatEdition(list);
    for (const entry of list.entries) {
      const entryIndex = entries.length;
      const summary: IndexedEntry = {
        id: entry.id,
        source: entry.source,
        edition,
        revision: computeEntryRevision(entry),
        type: entry.type,
        primaryName: entry.primaryName,
        countries: entry.countries,
        birthDates: entry.birthDates,
        programs: entry.programs,
      };
      if (entry.imo !== undefined) {
        summary.imo = entry.imo;
        push(imo, entry.imo, entryIndex);
      }
      entries.push(summary);
      const sources: Array<{ name: string; kind: IndexedNameKind; quality?: string }> = [
        { name: entry.primaryName, kind: 'primary' },
        ...entry.aliases.map((a) => ({ name: a.name, kind: 'alias' as const, ...(a.quality === undefined ? {} : { quality: a.quality }) })),
        ...entry.originalScriptNames.map((n) => ({ name: n, kind: 'original_script' as const })),
      ];
      const seenTokenSets = new Set<string>();
      const entryTokens = new Set<string>();
      for (const source of sources) {
        for (const variant of nameVariants(source.name)) {
          const tokens = screeningTokens(variant);
          const key = tokens.join(' ');
          if (tokens.length === 0 || seenTokenSets.has(key)) continue;
          seenTokenSets.add(key);
          const nameIndex = names.length;
          const phonetic = tokens.map(phoneticKeys);
          const named: IndexedName = { entry: entryIndex, name: source.name, kind: source.kind, tokens, phonetic };
          if (source.quality !== undefined) named.quality = source.quality;
          names.push(named);
          tokens.forEach((token, i) => {
            entryTokens.add(token);
            for (const key of blockingKeys(token, phonetic[i]!)) push(postings, key, nameIndex);
          });
        }
      }
      for (const token of entryTokens) entryFrequency.set(token, (entryFrequency.get(token) ?? 0) + 1);
    }
  }
  const total = Math.max(1, entries.length);
  const tokenWeights: Record<string, number> = {};
  for (const [token, df] of entryFrequency) tokenWeights[token] = Math.log(1 + total / df);
  return {
    format: SANCTIONS_INDEX_FORMAT,
    editions: lists.map(formatEdition),
    entries,
    names,
    postings,
    tokenWeights,
    unknownTokenWeight: Math.log(1 + total),
    imo,
  };
}
