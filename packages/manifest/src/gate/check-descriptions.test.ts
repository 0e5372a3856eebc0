import { describe, expect, it } from 'vitest';
import { sampleFiling } from '../testing/read-fixture.js';
import { runGate } from './run-gate.js';
import { isPlaceholderName, isVagueDescription } from './stop-words.js';

describe('stop words', () => {
  it('finds descriptions made only of general terms', () => {
    for (const vague of ['General cargo', 'FAK', 'freight of all kinds', 'Spare parts', 'AS PER INVOICE', 'Said to contain: various', 'consolidated', '10 cartons goods', 'gifts and samples', 'parts', 'STC 4 PALLETS GENERAL CARGO', '']) {
      expect(isVagueDescription(vague), vague).toBe(true);
    }
  });

  it('judges the whole description, not substrings of words', () => {
    for (const precise of ['Brake discs, spare parts for trucks', 'Partners desk in oak', 'Cotton T-shirts, various colours', 'Goods vehicles tyres 315/80 R22.5', 'Consolidated steel plates hot rolled', 'Sample bottles of olive oil']) {
      expect(isVagueDescription(precise), precise).toBe(false);
    }
  });

  it('finds placeholder party names', () => {
    expect(isPlaceholderName('UNKNOWN')).toBe(true);
    expect(isPlaceholderName('n/a')).toBe(true);
    expect(isPlaceholderName('Private')).toBe(true);
    expect(isPlaceholderName('Private Label Foods Ltd')).toBe(false);
  });
});

describe('gate: descriptions', () => {
  it('rejects a vague description on house-level data', () => {
    const filing = sampleFiling('sea-container.xml');
    filing.consignments[2]!.goods[0]!.description = 'General cargo';
    expect(runGate(filing)).toEqual([
      expect.objectContaining({ severity: 'error', code: 'GOODS_DESCRIPTION_VAGUE', location: '/MasterConsignment[1]/HouseConsignment[3]/GoodsItem[1]/Description', value: 'General cargo' }),
    ]);
  });

  it('only warns on a master filing', () => {
    const filing = sampleFiling('rail.xml');
    filing.consignments[0]!.goods[1]!.description = 'Consolidation as per attached manifest';
    expect(runGate(filing)).toEqual([expect.objectContaining({ severity: 'warning', code: 'GOODS_DESCRIPTION_VAGUE' })]);
  });

  it('rejects placeholder party names', () => {
    const filing = sampleFiling('road.xml');
    filing.consignments[0]!.parties[1]!.name = 'Unknown';
    expect(runGate(filing)).toEqual([expect.objectContaining({ code: 'PARTY_NAME_PLACEHOLDER', location: '/MasterConsignment[1]/Consignee[1]/Name' })]);
  });
});
