/**
 * A bounded memo in front of `screenParty`. Screening is the largest cost of an assessment (a fuzzy
 * search over tens of thousands of names per party), and the same parties come back all the time:
 * a carrier, its regular shippers and consignees appear on every manifest, often on hundreds of house
 * consignments of one voyage. The answer depends only on the index and the query, so one cache per
 * index (a worker builds one per risk snapshot) can never serve a stale answer: a new list edition is
 * a new index and a new cache. Least recently used entries go first once `capacity` is reached.
 */
import { screenParty, type SanctionsMatch, type ScreeningOptions, type ScreeningQuery } from './screen-party.js';
import type { SanctionsIndex } from './sanctions-index.js';

export type ScreenFn = (index: SanctionsIndex, query: ScreeningQuery, options?: ScreeningOptions) => SanctionsMatch[];

export interface ScreeningCache {
  screen: ScreenFn;
  stats(): { hits: number; misses: number; size: number };
}

export function createScreeningCache(index: SanctionsIndex, capacity = 50_000): ScreeningCache {
  const entries = new Map<string, SanctionsMatch[]>();
  let hits = 0;
  let misses = 0;
  const screen: ScreenFn = (requested, query, options = {}) => {
    // Another index (not expected within one engine) is screened directly, never from this cache.
    if (requested !== index) return screenParty(requested, query, options);
    const key = JSON.stringify([query.name, query.country, query.birthDate, query.imo, query.type, options.threshold, options.limit]);
    const cached = entries.get(key);
    if (cached !== undefined) {
      hits++;
      entries.delete(key);
      entries.set(key, cached);
      return cached;
    }
    misses++;
    const matches = screenParty(index, query, options);
    entries.set(key, matches);
    if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    return matches;
  };
  return { screen, stats: () => ({ hits, misses, size: entries.size }) };
}
