import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, sigmoid } from './logistic-regression.js';

describe('fitLogisticRegression', () => {
  // Label rate 1/(1+e^-(2x-1)) on a grid: the fit should come back near w = 2, b = -1.
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 200; i++) {
    const x = -2 + (4 * i) / 199;
    const p = sigmoid(2 * x - 1);
    for (let r = 0; r < 20; r++) {
      rows.push(Float64Array.of(x));
      labels.push(r < Math.round(p * 20) ? 1 : 0);
    }
  }

  it('recovers the weights of a known logistic relation', () => {
    const fit = fitLogisticRegression(rows, labels, { l2: 0 });
    // Labels are rounded to twentieths, so the recovered values are close, not exact.
    expect(Math.abs(fit.weights[0]! - 2)).toBeLessThan(0.1);
    expect(Math.abs(fit.bias + 1)).toBeLessThan(0.1);
  });

  it('shrinks weights as the L2 penalty grows', () => {
    const loose = fitLogisticRegression(rows, labels, { l2: 1e-4 });
    const tight = fitLogisticRegression(rows, labels, { l2: 1 });
    expect(Math.abs(tight.weights[0]!)).toBeLessThan(Math.abs(loose.weights[0]!) / 2);
  });

  it('stays finite when every label is the same', () => {
    const fit = fitLogisticRegression([Float64Array.of(1), Float64Array.of(-1)], [0, 0], { l2: 1e-3 });
    expect(Number.isFinite(fit.bias)).toBe(true);
    expect(sigmoid(fit.bias)).toBeLessThan(0.01);
  });
});
