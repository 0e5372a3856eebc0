/**
 * The model's inputs, computed the same way for a training row (from out-of-fold counts) and for a
 * declaration being scored (from the stored counts): for each back-off chain, the smoothed log-odds
 * of its whole chain, and for each level the raw adverse rate and how many past inspections it
 * rests on. The counts are what lets the model trust an exact repeat seen 40 times more than one
 * seen once, and fall back to the broader levels when the specific key is thin or unseen.
 */
import { logit } from './rate-table.js';
import type { CombinerKind } from './targeting-model.js';

/** Past inspections and adverse findings of one level's key (0 and 0 when unseen or undeclared). */
export interface LevelCount {
  total: number;
  adverse: number;
}

/**
 * One chain's levels for one row, most specific first; `undefined` where the declaration lacks a
 * part of that level's key (a filing carries no tax rate, a declaration names no importer).
 */
export type ChainCounts = readonly (LevelCount | undefined)[];


/** Number of inputs for chains with these numbers of levels. */
export function countHistoryFeatures(levelsPerChain: readonly number[]): number {
  return levelsPerChain.reduce((sum, levels) => sum + 1 + 2 * levels, 0);
}

export function historyFeatureNames(chains: readonly { id: string; levels: readonly unknown[] }[]): string[] {
  return chains.flatMap((c) => [`${c.id}.smoothed`, ...c.levels.flatMap((_, li) => [`${c.id}.${li}.rate`, `${c.id}.${li}.log_count`])]);
}

/**
 * Smoothed rate with back-off, from the broadest level to the most specific: each level with
 * history pulls the estimate toward its own rate with weight total/(total + m).
 */
export function smoothChain(levels: ChainCounts, prior: number, smoothing: number): number {
  let rate = prior;
  for (let li = levels.length - 1; li >= 0; li--) {
    const level = levels[li];
    if (level !== undefined && level.total > 0) rate = (level.adverse + smoothing * rate) / (level.total + smoothing);
  }
  return rate;
}

const NONE: LevelCount = { total: 0, adverse: 0 };

/**
 * The rate input of a level with no history. For trees −1, below every real rate, so one split
 * tells "never seen" apart (measured: one more baseline comparison won on the choosing split than
 * with the overall rate). For the regression the overall rate, a neutral value: −1 would read as a
 * rate far below any real one and move the score (critical AUC 0.936 against 0.925 on the
 * choosing split, and a filing whose exact route is new is no longer scored near zero).
 */
export function rateInputForUnseen(combiner: CombinerKind, prior: number): number {
  return combiner === 'boosted' ? -1 : prior;
}

/**
 * Writes one row's inputs into `out`; returns how many. A level whose key the
 * row cannot form takes the counts of the nearest broader level it can: a filing without a tax
 * rate is judged on its commodity x origin x departure history as if that were its full key,
 * rather than looking like a declaration never seen before (which the model learns to rank low).
 * `unseenRate` is the rate input of a level with no history (`rateInputForUnseen`); `countScale`
 * corrects counts taken from part of the history (k-fold encoding) to the whole.
 */
export function encodeHistory(chains: readonly ChainCounts[], prior: number, smoothing: number, unseenRate: number, out: Float64Array, countScale = 1): number {
  let o = 0;
  for (const levels of chains) {
    out[o++] = logit(smoothChain(levels, prior, smoothing));
    for (let li = 0; li < levels.length; li++) {
      let level = levels[li];
      for (let b = li + 1; level === undefined && b < levels.length; b++) level = levels[b];
      const { total, adverse } = level ?? NONE;
      out[o++] = total > 0 ? adverse / total : unseenRate;
      out[o++] = Math.log1p(total * countScale);
    }
  }
  return o;
}
