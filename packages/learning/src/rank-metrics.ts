/** The inspection rates the issue asks about: the share of declarations an office can examine. */
export const INSPECTION_RATES = [0.01, 0.02, 0.05, 0.1] as const;

export interface RateMetrics {
  rate: number;
  /** Declarations inspected at this rate: round(rate x rows), at least one. */
  inspected: number;
  found: number;
  precision: number;
  recall: number;
}

/**
 * Precision and recall when the top `rate` of declarations by score are inspected. Ties keep input
 * order, so the figures are reproducible.
 */
export function measureAtInspectionRates(scores: readonly number[], labels: readonly number[], rates: readonly number[] = INSPECTION_RATES): RateMetrics[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const positives = labels.reduce((a, b) => a + b, 0);
  return rates.map((rate) => {
    const inspected = Math.min(scores.length, Math.max(1, Math.round(rate * scores.length)));
    let found = 0;
    for (let i = 0; i < inspected; i++) found += labels[order[i]!]!;
    return { rate, inspected, found, precision: found / inspected, recall: positives === 0 ? 0 : found / positives };
  });
}

/**
 * The same figures with tied scores taken in random order: their expected value. Declarations with
 * identical features get identical scores, so a block of them can straddle the cut, and then input
 * order alone decides whether its one or two cases are found. Beside `measureAtInspectionRates`
 * this shows how much of a figure is that luck.
 */
export function measureTiesAveraged(scores: readonly number[], labels: readonly number[], rates: readonly number[] = INSPECTION_RATES): RateMetrics[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const positives = labels.reduce((a, b) => a + b, 0);
  return rates.map((rate) => {
    const inspected = Math.min(scores.length, Math.max(1, Math.round(rate * scores.length)));
    let found = 0;
    for (let start = 0; start < inspected; ) {
      let end = start;
      let hits = 0;
      while (end < order.length && scores[order[end]!] === scores[order[start]!]) hits += labels[order[end++]!]!;
      found += (hits * (Math.min(end, inspected) - start)) / (end - start);
      start = end;
    }
    return { rate, inspected, found, precision: found / inspected, recall: positives === 0 ? 0 : found / positives };
  });
}

/** What random selection achieves in expectation: precision is the base rate, recall the rate. */
export function measureRandomSelection(labels: readonly number[], rates: readonly number[] = INSPECTION_RATES): RateMetrics[] {
  const positives = labels.reduce((a, b) => a + b, 0);
  return rates.map((rate) => {
    const inspected = Math.min(labels.length, Math.max(1, Math.round(rate * labels.length)));
    const found = labels.length === 0 ? 0 : (inspected * positives) / labels.length;
    return { rate, inspected, found, precision: labels.length === 0 ? 0 : positives / labels.length, recall: positives === 0 ? 0 : inspected / labels.length };
  });
}

/**
 * The validation objective: share of the best possible catch, found / min(inspected, positives),
 * averaged over the rates. It weighs rare targets (where every rate can hold all positives) and
 * common ones (where the rate is the limit) on the same 0..1 scale.
 */
export function measureCaptureRatio(metrics: readonly RateMetrics[], positives: number): number {
  if (metrics.length === 0 || positives === 0) return 0;
  return metrics.reduce((sum, m) => sum + m.found / Math.min(m.inspected, positives), 0) / metrics.length;
}

/**
 * Area under the ROC curve, tied scores counted half (mid-ranks): the probability that a random
 * positive outscores a random negative, with ties in random order. 0.5 when a class is empty.
 */
export function measureRocAuc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    let hits = 0;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) hits += labels[order[end++]!]!;
    rankSum += (hits * (start + 1 + end)) / 2;
    positives += hits;
    start = end;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
