import { describe, expect, it } from 'vitest';
import { fitBoostedTrees, predictBoosted } from './boosted-trees.js';
import { fitLogisticRegression, sigmoid } from './logistic-regression.js';

// Adverse in a middle band of the first input (a mid-range rate, say) and rarely outside it: no
// monotone function of that input ranks it, which is all a logistic regression can be.
const rows: Float64Array[] = [];
const labels: number[] = [];
for (let i = 0; i < 400; i++) {
  const x = i % 10;
  const noise = Math.floor(i / 10) % 10 === 0; // every tenth round flipped
  rows.push(Float64Array.of(x, (i * 7919) % 13));
  labels.push((x >= 3 && x <= 6) !== noise ? 1 : 0);
}
const options = { trees: 50, depth: 2, learningRate: 0.3, minLeafHessian: 1, lambda: 1 };

describe('fitBoostedTrees', () => {
  it('learns an interaction a logistic regression cannot', () => {
    const model = fitBoostedTrees(rows, labels, options);
    const p = (x: number): number => sigmoid(predictBoosted(model, [x, 5]));
    for (const inside of [3, 4, 5, 6]) expect(p(inside)).toBeGreaterThan(0.8);
    for (const outside of [0, 2, 7, 9]) expect(p(outside)).toBeLessThan(0.2);
    const linear = fitLogisticRegression(rows, labels, { l2: 1e-3 });
    const q = (x: number): number => sigmoid(linear.bias + linear.weights[0]! * x + linear.weights[1]! * 5);
    // Monotone in x: it cannot put both ends below the middle.
    expect(q(0) < q(5) && q(9) < q(5)).toBe(false);
  });

  it('is deterministic and survives a JSON round trip', () => {
    const model = fitBoostedTrees(rows, labels, options);
    expect(fitBoostedTrees(rows, labels, options)).toEqual(model);
    const restored = JSON.parse(JSON.stringify(model)) as typeof model;
    expect(predictBoosted(restored, [4, 3])).toBe(predictBoosted(model, [4, 3]));
  });

  it('makes no split a leaf could not support', () => {
    const model = fitBoostedTrees(rows.slice(0, 6), labels.slice(0, 6), { ...options, minLeafHessian: 5 });
    expect(model.trees.every((t) => t.feature.every((f) => f === -1))).toBe(true);
  });
});
