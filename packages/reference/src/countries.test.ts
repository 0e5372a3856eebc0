import { describe, expect, it } from 'vitest';
import { isKnownCountry, lookupCountry } from './countries.js';

describe('ISO 3166-1 alpha-2 with customs user codes', () => {
  it('knows assigned codes and names them', () => {
    expect(lookupCountry('NL')).toEqual({ code: 'NL', name: 'Netherlands (Kingdom of the)', kind: 'iso' });
    expect(isKnownCountry('CN')).toBe(true);
  });

  it('accepts the user-assigned codes EU customs uses', () => {
    for (const code of ['XK', 'XI', 'XU', 'XC', 'XL', 'XS']) expect(lookupCountry(code)?.kind).toBe('customs');
  });

  it('rejects unassigned, lower-case and EU-style pseudo codes', () => {
    for (const code of ['ZZ', 'nl', 'EU', 'UK', '', 'NLD']) expect(isKnownCountry(code)).toBe(false);
    expect(lookupCountry('QQ')).toBeUndefined();
  });
});
