import { buildLevelKey, type FeatureFamily } from './feature-families.js';
import type { ExampleFeatures } from './labelled-example.js';

/** Past inspections and adverse findings for one key. */
export interface RateCount {
  total: number;
  adverse: number;
}

/** Counts per level of one family; Maps for lookup speed, converted to arrays for storage. */
export type FamilyCounts = Map<string, RateCount>[];

/** One row's keys: per family, per level (undefined where a part is missing). */
export type RowKeys = (string | undefined)[][];

/** The keys of one declaration, per family and level. */
export function buildRowKeys(families: readonly FeatureFamily[], features: ExampleFeatures): RowKeys {
  return families.map((family) => family.levels.map((level) => buildLevelKey(level, features)));
}

/** The smoothed rate for one family, with the evidence behind it (the most specific level seen). */
export interface SmoothedRate {
  rate: number;
  /** Index of the most specific level with any history; -1 when none has. */
  evidenceLevel: number;
  key?: string;
  total: number;
  adverse: number;
}

/**
 * Additive smoothing with back-off: starting from the overall rate, each level from broad to
 * specific pulls the estimate toward its own observed rate with weight total/(total + m). A key
 * with 3 of 3 adverse under a broad rate of 20% and m = 1 gives (3 + 0.2)/(3 + 1) = 0.8.
 */
export function smoothRate(counts: FamilyCounts, keys: readonly (string | undefined)[], prior: number, smoothing: number): SmoothedRate {
  let rate = prior;
  let evidenceLevel = -1;
  let evidence: RateCount | undefined;
  for (let li = keys.length - 1; li >= 0; li--) {
    const key = keys[li];
    if (key === undefined) continue;
    const count = counts[li]!.get(key);
    if (count === undefined) continue;
    rate = (count.adverse + smoothing * rate) / (count.total + smoothing);
    evidenceLevel = li;
    evidence = count;
  }
  if (evidence === undefined) return { rate, evidenceLevel, total: 0, adverse: 0 };
  return { rate, evidenceLevel, key: keys[evidenceLevel]!, total: evidence.total, adverse: evidence.adverse };
}

/** Log-odds, clamped so a 0% or 100% rate stays a finite input to the regression. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}
