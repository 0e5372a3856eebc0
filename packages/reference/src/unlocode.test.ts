import { describe, expect, it } from 'vitest';
import { isKnownUnlocode, lookupAirport, lookupUnlocode } from './unlocode.js';

describe('UN/LOCODE', () => {
  it('resolves a seaport with functions and coordinates', () => {
    const rotterdam = lookupUnlocode('NLRTM');
    expect(rotterdam).toMatchObject({ code: 'NLRTM', country: 'NL', name: 'Rotterdam' });
    expect(rotterdam?.functions).toContain('port');
    expect(rotterdam?.lat).toBeCloseTo(51.92, 1);
    expect(rotterdam?.lon).toBeCloseTo(4.5, 1);
  });

  it('resolves an airport-only location', () => {
    expect(lookupUnlocode('CNSHA')?.functions).toEqual(['airport']);
  });

  it('keeps names that contain a comma whole (rows mis-quoted in the source file)', () => {
    expect(lookupUnlocode('MYBAU')?.name).toBe('Bau, Sarawak');
    expect(lookupUnlocode('MYBAU')?.functions).toEqual(['port']);
  });

  it('rejects codes that are not in the list', () => {
    expect(isKnownUnlocode('NLRTM')).toBe(true);
    expect(isKnownUnlocode('NLQQ9')).toBe(false);
    expect(isKnownUnlocode('nlrtm')).toBe(false);
    expect(isKnownUnlocode('code')).toBe(false);
    expect(lookupUnlocode('')).toBeUndefined();
  });
});

describe('IATA airport codes', () => {
  it('resolves airport codes to their UN/LOCODE', () => {
    expect(lookupAirport('ORK')?.code).toBe('IEORK');
    expect(lookupAirport('PVG')?.code).toBe('CNPVG');
    expect(lookupAirport('ICN')).toMatchObject({ code: 'KRICN', country: 'KR' });
  });

  it('returns nothing for unknown codes', () => {
    expect(lookupAirport('QQQ')).toBeUndefined();
    expect(lookupAirport('')).toBeUndefined();
  });
});
