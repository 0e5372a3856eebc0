import { describe, expect, it } from 'vitest';
import { measureAtInspectionRates, measureCaptureRatio, measureRandomSelection, measureRocAuc, measureTiesAveraged } from './rank-metrics.js';

describe('rank metrics', () => {
  const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
  const labels = [1, 0, 1, 0, 0, 0, 0, 1, 0, 0];

  it('counts hits in the top share of declarations', () => {
    const [ten, thirty] = measureAtInspectionRates(scores, labels, [0.1, 0.3]);
    expect(ten).toEqual({ rate: 0.1, inspected: 1, found: 1, precision: 1, recall: 1 / 3 });
    expect(thirty).toMatchObject({ inspected: 3, found: 2, precision: 2 / 3, recall: 2 / 3 });
  });

  it('breaks ties by input order', () => {
    expect(measureAtInspectionRates([0.5, 0.5], [0, 1], [0.5])[0]?.found).toBe(0);
  });

  it('averages over the order of tied scores where a tie straddles the cut', () => {
    // Four tied declarations, one adverse, two of them inspected: half a case in expectation,
    // where input order finds it (last two) or misses it (first two) outright.
    const tied = [0.9, 0.5, 0.5, 0.5, 0.5, 0.1];
    expect(measureAtInspectionRates(tied, [1, 0, 0, 0, 1, 0], [0.5])[0]?.found).toBe(1);
    expect(measureAtInspectionRates(tied, [1, 0, 1, 0, 0, 0], [0.5])[0]?.found).toBe(2);
    for (const labels of [[1, 0, 0, 0, 1, 0], [1, 0, 1, 0, 0, 0]]) {
      expect(measureTiesAveraged(tied, labels, [0.5])[0]).toMatchObject({ inspected: 3, found: 1.5, precision: 0.5, recall: 0.75 });
    }
    // Without ties it is the plain count.
    expect(measureTiesAveraged(scores, labels, [0.1, 0.3])).toEqual(measureAtInspectionRates(scores, labels, [0.1, 0.3]));
  });

  it('gives random selection the base rate as precision and the rate as recall', () => {
    expect(measureRandomSelection(labels, [0.3])[0]).toMatchObject({ inspected: 3, precision: 0.3, recall: 0.3 });
  });

  it('measures the share of the best possible catch', () => {
    const metrics = measureAtInspectionRates(scores, labels, [0.1, 0.3]);
    expect(measureCaptureRatio(metrics, 3)).toBeCloseTo((1 / 1 + 2 / 3) / 2, 12);
  });
});

describe('measureRocAuc', () => {
  it('is the share of positive-negative pairs ranked right, ties counted half', () => {
    expect(measureRocAuc([0.9, 0.8, 0.1], [1, 0, 0])).toBe(1);
    expect(measureRocAuc([0.1, 0.8, 0.9], [1, 0, 0])).toBe(0);
    // Pairs (pos 0.5 vs neg 0.5) tie: 1/2; (pos 0.5 vs neg 0.2) right: 1; (pos 0.1 vs both) wrong.
    expect(measureRocAuc([0.5, 0.1, 0.5, 0.2], [1, 1, 0, 0])).toBeCloseTo(1.5 / 4, 12);
    expect(measureRocAuc([0.3, 0.3], [0, 0])).toBe(0.5);
  });
});
