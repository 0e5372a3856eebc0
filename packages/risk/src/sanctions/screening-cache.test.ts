import { describe, expect, it } from 'vitest';
import { SMALL_SANCTIONS_LIST } from '../testing/small-sanctions-list.js';
import { buildSanctionsIndex } from './sanctions-index.js';
import { screenParty } from './screen-party.js';
import { createScreeningCache } from './screening-cache.js';

const index = buildSanctionsIndex([SMALL_SANCTIONS_LIST]);

describe('createScreeningCache', () => {
  it('answers exactly as screenParty does, and serves repeats from the cache', () => {
    const cache = createScreeningCache(index);
    const queries = [{ name: 'Muhammad Anwari' }, { name: 'Golden Bridge Trading Co., Ltd.' }, { name: 'Muhammad Anwari', country: 'AF' }];
    for (const query of queries) expect(cache.screen(index, query, { threshold: 0.5 })).toEqual(screenParty(index, query, { threshold: 0.5 }));
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 3 });
    expect(cache.screen(index, { name: 'Muhammad Anwari' }, { threshold: 0.5 })).toEqual(screenParty(index, { name: 'Muhammad Anwari' }, { threshold: 0.5 }));
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 3 });
  });

  it('keys on the options too: another threshold is screened again', () => {
    const cache = createScreeningCache(index);
    const loose = cache.screen(index, { name: 'Muhammad Anwari' }, { threshold: 0 });
    const strict = cache.screen(index, { name: 'Muhammad Anwari' }, { threshold: 0.99 });
    expect(cache.stats().misses).toBe(2);
    expect(loose.length).toBeGreaterThanOrEqual(strict.length);
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = createScreeningCache(index, 2);
    cache.screen(index, { name: 'A One' });
    cache.screen(index, { name: 'B Two' });
    cache.screen(index, { name: 'A One' }); // A is now the most recent
    cache.screen(index, { name: 'C Three' }); // evicts B
    expect(cache.stats()).toMatchObject({ size: 2, hits: 1, misses: 3 });
    cache.screen(index, { name: 'A One' });
    expect(cache.stats().hits).toBe(2);
    cache.screen(index, { name: 'B Two' });
    expect(cache.stats().misses).toBe(4);
  });

  it('screens another index directly rather than answering from this one', () => {
    const cache = createScreeningCache(index);
    const other = buildSanctionsIndex([]);
    expect(cache.screen(other, { name: 'Muhammad Anwari' }, { threshold: 0 })).toEqual([]);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0 });
  });
});
