import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit.js';

describe('TokenBuckets', () => {
  it('lets a burst through, then refuses with the wait until the next token', () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 3 });
    expect([buckets.take('a', 0), buckets.take('a', 0), buckets.take('a', 0)]).toEqual([0, 0, 0]);
    expect(buckets.take('a', 0)).toBe(1000);
    expect(buckets.take('a', 400)).toBe(600);
  });

  it('refills at the sustained rate and never above the burst', () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 2 });
    buckets.take('a', 0);
    buckets.take('a', 0);
    expect(buckets.take('a', 1000)).toBe(0);
    // An hour idle still gives only the burst.
    expect([buckets.take('a', 3_600_000), buckets.take('a', 3_600_000), buckets.take('a', 3_600_000)]).toEqual([0, 0, 1000]);
  });

  it('keeps one bucket per key', () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 });
    expect(buckets.take('filer-a', 0)).toBe(0);
    expect(buckets.take('filer-a', 0)).toBeGreaterThan(0);
    expect(buckets.take('filer-b', 0)).toBe(0);
  });
});
