import { buildLevelKey, type FeatureFamily } from './feature-families.js';
import type { ExampleFeatures } from './labelled-example.js';

/** One row's keys: per family, per level (undefined where a part is missing). */
export type RowKeys = (string | undefined)[][];

/** The keys of one declaration, per family and level. */
export function buildRowKeys(families: readonly FeatureFamily[], features: ExampleFeatures): RowKeys {
  return families.map((family) => family.levels.map((level) => buildLevelKey(level, features)));
}

/** Log-odds, clamped so a 0% or 100% rate stays a finite input to the combiner. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}
