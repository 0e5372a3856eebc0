import { describe, expect, it } from 'vitest';
import { describeHistoryHits } from './describe-history-hits.js';
import type { ExampleScore } from './score-example.js';

const contribution = (feature: string, weight: number, total: number) => ({
  feature,
  value: `${feature} value`,
  adverse: 1,
  total,
  rate: 0.5,
  weight,
  text: `${feature} value: 1 of ${total} past inspections found irregularities`,
});

describe('describeHistoryHits', () => {
  const score: ExampleScore = {
    probability: 0.9,
    modelVersion: 'fraud-2026-01-01-00000000',
    contributions: [contribution('commodity_origin', 2.1, 57), contribution('commodity', 0.4, 0), contribution('origin', 0.2, 9), contribution('office', -0.3, 40)],
  };

  it('turns risk-raising contributions with real history into hits, strongest first', () => {
    const hits = describeHistoryHits(score, { top: 5 });
    expect(hits.map((h) => h.ruleId)).toEqual(['history.commodity_origin', 'history.origin']);
    expect(hits[0]).toEqual({
      source: 'history',
      ruleId: 'history.commodity_origin',
      description: 'commodity_origin value: 1 of 57 past inspections found irregularities',
      category: 'revenue',
      weight: 2.1,
      evidence: [{ field: 'commodity_origin', value: 'commodity_origin value', note: 'model fraud-2026-01-01-00000000' }],
    });
  });

  it('keeps only the top items', () => {
    expect(describeHistoryHits(score, { top: 1 })).toHaveLength(1);
  });
});
