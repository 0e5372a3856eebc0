/**
 * The two simple baselines the model must beat, kept as plain as the issue describes them.
 *
 * - Exact-repeat lookup: a declaration whose full key (the first level of the `declaration`
 *   chain) occurred before scores that key's past adverse rate; any other scores the overall rate.
 * - Back-off target encoding: the same key's rate smoothed toward ever broader keys of the
 *   `declaration` chain (HS6 x origin x departure, HS6 x origin, HS6, HS4, HS2), additive smoothing.
 *
 * Both count every training row once; neither knows anything the history counts do not say.
 */
import { buildLevelKey, findFeatureFamily, type FeatureFamily } from './feature-families.js';
import { smoothChain, type LevelCount } from './history-features.js';
import { isAdverse, type ExampleFeatures, type LabelledExample, type Target } from './labelled-example.js';

export type Scorer = (features: ExampleFeatures) => number;

export function declarationChain(): FeatureFamily {
  return findFeatureFamily('declaration')!;
}

/** The full declaration key: what counts as an exact repeat. */
export function declarationKey(features: ExampleFeatures): string | undefined {
  return buildLevelKey(declarationChain().levels[0]!, features);
}

function countLevels(family: FeatureFamily, examples: readonly LabelledExample[], target: Target): { counts: Map<string, LevelCount>[]; prior: number } {
  const counts = family.levels.map(() => new Map<string, LevelCount>());
  let adverse = 0;
  for (const e of examples) {
    const label = isAdverse(e.outcome, target) ? 1 : 0;
    adverse += label;
    family.levels.forEach((level, li) => {
      const key = buildLevelKey(level, e.features);
      if (key === undefined) return;
      const c = counts[li]!.get(key) ?? { total: 0, adverse: 0 };
      c.total += 1;
      c.adverse += label;
      counts[li]!.set(key, c);
    });
  }
  return { counts, prior: examples.length === 0 ? 0 : adverse / examples.length };
}

export function fitExactRepeatLookup(examples: readonly LabelledExample[], target: Target): Scorer {
  const family = declarationChain();
  const { counts, prior } = countLevels({ id: family.id, levels: [family.levels[0]!] }, examples, target);
  return (features) => {
    const key = declarationKey(features);
    const c = key === undefined ? undefined : counts[0]!.get(key);
    return c === undefined ? prior : c.adverse / c.total;
  };
}

export function fitBackoffEncoding(examples: readonly LabelledExample[], target: Target, smoothing: number): Scorer {
  const family = declarationChain();
  const { counts, prior } = countLevels(family, examples, target);
  return (features) =>
    smoothChain(
      family.levels.map((level, li) => {
        const key = buildLevelKey(level, features);
        return key === undefined ? undefined : counts[li]!.get(key);
      }),
      prior,
      smoothing,
    );
}
