import type { KeyPart } from './feature-families.js';
import type { Target } from './labelled-example.js';

export interface TrainingSettings {
  target: Target;
  /** Ids from FEATURE_FAMILIES. */
  families: string[];
  /** Additive smoothing strength m: pseudo-inspections borrowed from the broader level. */
  smoothing: number;
  /** L2 penalty of the logistic regression (per example, on standardised inputs). */
  l2: number;
  /** k of the k-fold out-of-fold encoding of training rows (at least 2). */
  folds: number;
  /**
   * Random-control results are the unbiased sample used to measure the targeting itself; they are
   * kept out of training unless this says otherwise.
   */
  includeControlGroup: boolean;
}

/** One family as stored: its key definition, its counts, and how the regression weighs it. */
export interface StoredFamily {
  id: string;
  levels: KeyPart[][];
  /** Per level: [key, past inspections, adverse findings]. */
  counts: [key: string, total: number, adverse: number][][];
  /** Standardisation of the family's log-odds input, measured on the out-of-fold encodings. */
  mean: number;
  sd: number;
  weight: number;
}

/**
 * A trained model as plain JSON: stored in the database as a version, posted to worker threads,
 * loaded with no code beyond this package. `version` changes whenever the training rows, the
 * settings or the target change, like a rule set's version.
 */
export interface TargetingModel {
  kind: 'smoothed-rates-logistic';
  formatVersion: 1;
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
  prior: number;
  bias: number;
  families: StoredFamily[];
}
