import { describe, expect, it } from 'vitest';
import type { Consignment, Filing } from '@safe-screen/domain';
import { defaultSettings, trainModel, type LabelledExample } from '@safe-screen/learning';
import { LEARNED_MAX_POINTS, learnedRiskHits } from './learned-risk.js';

const filing: Pick<Filing, 'parties' | 'conveyance'> = { parties: [], conveyance: { mode: 'sea', routingCountries: ['CN', 'NL'], itinerary: [] } };

function consignment(...codes: string[]): Consignment {
  return {
    sequence: 1,
    parties: [],
    placeOfLoading: { unlocode: 'CNSHA' },
    routingCountries: ['CN', 'NL'],
    goods: codes.map((commodityCode, i) => ({ itemNumber: i + 1, description: 'goods', commodityCode, packages: [], containerNumbers: [], originCountry: 'CN' })),
    equipment: [],
  };
}

// Fridges from China: 41 of 57 inspections found something; cotton shirts: 2 of 60.
const examples: LabelledExample[] = [
  ...Array.from({ length: 57 }, (_, i): LabelledExample => ({ id: `f${i}`, date: '2026-01-01', source: 'officer', features: { commodityCode: '841810', originCountry: 'CN', loadingCountry: 'CN' }, outcome: i < 41 ? 'irregularity' : 'no_finding' })),
  ...Array.from({ length: 60 }, (_, i): LabelledExample => ({ id: `s${i}`, date: '2026-01-01', source: 'officer', features: { commodityCode: '610910', originCountry: 'CN', loadingCountry: 'CN' }, outcome: i < 2 ? 'irregularity' : 'no_finding' })),
];
const model = trainModel(examples, defaultSettings('fraud', examples.length), { trainedAt: '2026-11-22T00:00:00.000Z' });

describe('learnedRiskHits', () => {
  it('explains the riskiest goods line with its history, within the learned share of the score', () => {
    const hits = learnedRiskHits(model, filing, consignment('610910', '84181020'));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.source === 'history' && h.ruleId.startsWith('history.'))).toBe(true);
    expect(hits.map((h) => h.description)).toContainEqual(expect.stringMatching(/^commodity 841810 from origin CN.*: 41 of 57 past inspections found irregularities$/));
    const points = hits.reduce((s, h) => s + h.weight, 0);
    expect(points).toBeGreaterThan(0);
    expect(points).toBeLessThanOrEqual(LEARNED_MAX_POINTS + 0.05);
    expect(hits[0]!.evidence).toContainEqual(expect.objectContaining({ note: `model ${model.version}` }));
  });

  it('adds nothing for goods whose history is better than the base rate', () => {
    expect(learnedRiskHits(model, filing, consignment('610910'))).toEqual([]);
  });
});
