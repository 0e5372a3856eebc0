import { describe, expect, it } from 'vitest';
import { diffValues } from './diff-versions.js';

describe('version diff', () => {
  it('lists changed, added and removed fields and ignores moved source locations', () => {
    const before = { goods: [{ description: 'Fridges', commodityCode: '841810', location: '/a[1]' }], seals: ['S1'] };
    const after = { goods: [{ description: 'Shotguns', commodityCode: '930320', location: '/a[2]' }], seals: ['S1', 'S2'] };
    expect(diffValues(before, after)).toEqual([
      { path: 'goods[0].commodityCode', before: '841810', after: '930320' },
      { path: 'goods[0].description', before: 'Fridges', after: 'Shotguns' },
      { path: 'seals[1]', before: null, after: 'S2' },
    ]);
    expect(diffValues(before, before)).toEqual([]);
  });
});
