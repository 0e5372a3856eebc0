import { describe, expect, it } from 'vitest';
import { requestIdFor } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it('keeps a plain caller id', () => {
    expect(requestIdFor({ headers: { 'x-request-id': 'trace-7f3a.1:2' } })).toBe('trace-7f3a.1:2');
  });

  it('replaces a missing, long, repeated or dirty id with a fresh UUID', () => {
    for (const sent of [undefined, '', 'x'.repeat(129), ['a', 'b'], 'a b', 'a\nlevel=fatal', '<script>']) {
      expect(requestIdFor({ headers: { 'x-request-id': sent } as never })).toMatch(UUID);
    }
  });
});
