import { describe, expect, it } from 'vitest';
import {
  buildMrn,
  isValidAirWaybill,
  isValidContainerNumber,
  isValidImoNumber,
  isValidMrn,
  isUnlocodeShape,
} from './identifiers.js';

describe('ISO 6346 container numbers', () => {
  it.each(['CSQU3054383', 'CBHU3202732', 'MSCU6639870', 'MAEU1234567', 'ABCU1234560'])('accepts %s', (n) => {
    expect(isValidContainerNumber(n)).toBe(true);
  });
  it.each(['MSKU1100810', 'CSQU3054384', 'CSQX3054383', 'CSQU305438', '', 'csqu3054383'])('rejects %s', (n) => {
    expect(isValidContainerNumber(n)).toBe(false);
  });
});

describe('IMO numbers', () => {
  it('accepts a valid IMO number with or without prefix', () => {
    expect(isValidImoNumber('IMO9074729')).toBe(true);
    expect(isValidImoNumber('9074729')).toBe(true);
  });
  it('rejects a wrong check digit', () => {
    expect(isValidImoNumber('9074728')).toBe(false);
    expect(isValidImoNumber('IMO12345')).toBe(false);
  });
});

describe('air waybills', () => {
  it.each(['88811111111', '888-11111111', '176-12345675', '02012345675'])('accepts %s', (n) => {
    expect(isValidAirWaybill(n)).toBe(true);
  });
  it.each(['888-11111112', '1761234567', 'ABC-12345675'])('rejects %s', (n) => {
    expect(isValidAirWaybill(n)).toBe(false);
  });
});

describe('MRN', () => {
  it('validates the public example', () => {
    expect(isValidMrn('06DE586600006143E1')).toBe(true);
    expect(isValidMrn('06DE586600006143E2')).toBe(false);
  });
  it('builds MRNs that validate', () => {
    const mrn = buildMrn({ year: 2026, country: 'GB', unique: 'A1B2C3D4E5F', interfaceId: 'S', procedure: 'E' });
    expect(mrn).toHaveLength(18);
    expect(mrn.startsWith('26GB')).toBe(true);
    expect(isValidMrn(mrn)).toBe(true);
  });
});

describe('UN/LOCODE shape', () => {
  it('accepts 2-9 and rejects 0/1 in the location part', () => {
    expect(isUnlocodeShape('NLRTM')).toBe(true);
    expect(isUnlocodeShape('CN2AB')).toBe(true);
    expect(isUnlocodeShape('NL0TM')).toBe(false);
  });
});
