import type { BoostedTrees, BoostingOptions } from './boosted-trees.js';
import type { KeyPart } from './feature-families.js';
import type { Target } from './labelled-example.js';

export type CombinerKind = 'boosted' | 'logistic';

export interface TrainingSettings {
  target: Target;
  /** Back-off chains, ids from FEATURE_FAMILIES; the first is the declaration chain the explanation leads with. */
  families: string[];
  /** Additive smoothing strength m: pseudo-inspections borrowed from the broader level. */
  smoothing: number;
  /** How the history inputs become a probability: boosted trees, or a logistic regression. */
  combiner: CombinerKind;
  /** Used when `combiner` is `boosted`. */
  boosting: BoostingOptions;
  /** L2 penalty of the logistic regression (per example, on standardised inputs). */
  l2: number;
  /** k of the k-fold out-of-fold encoding of training rows (at least 2), or the number of time blocks. */
  folds: number;
  /**
   * How training rows get their history inputs without their own label: `k_fold` (default) from
   * the other folds; `time_ordered` from earlier time blocks only.
   */
  encoding?: 'k_fold' | 'time_ordered';
  /**
   * Random-control results are the unbiased sample used to measure the targeting itself; they are
   * kept out of training unless this says otherwise.
   */
  includeControlGroup: boolean;
}

/** One back-off chain as stored: its key definition and its counts. */
export interface StoredFamily {
  id: string;
  levels: KeyPart[][];
  /** Per level: [key, past inspections, adverse findings]. */
  counts: [key: string, total: number, adverse: number][][];
}

export type StoredCombiner =
  | { kind: 'boosted'; model: BoostedTrees }
  | { kind: 'logistic'; mean: number[]; sd: number[]; weights: number[]; bias: number };

/**
 * A trained model as plain JSON: stored in the database as a version, posted to worker threads,
 * loaded with no code beyond this package. `version` changes whenever the training rows, the
 * settings or the target change, like a rule set's version.
 */
export interface TargetingModel {
  kind: 'history-backoff';
  formatVersion: 2;
  version: string;
  trainedAt: string;
  target: Target;
  settings: TrainingSettings;
  training: {
    examples: number;
    adverse: number;
    controlGroupExcluded: number;
    firstDate?: string;
    lastDate?: string;
  };
  /** Add-one smoothed overall adverse rate of the training rows: the root of every chain. */
  prior: number;
  /** Names of the combiner's inputs, in order (see history-features.ts). */
  featureNames: string[];
  families: StoredFamily[];
  combiner: StoredCombiner;
}

/** Whether a stored JSON model is one this code scores (older formats are retrained, not guessed at). */
export function isCurrentTargetingModel(model: unknown): model is TargetingModel {
  const m = model as Partial<TargetingModel> | null;
  return typeof m === 'object' && m !== null && m.kind === 'history-backoff' && m.formatVersion === 2;
}
