/**
 * The model's inputs, computed the same way for a training row (from out-of-fold counts) and for a
 * declaration being scored (from the stored counts): for each back-off chain, the smoothed log-odds
 * of its whole chain, and for each level the raw adverse rate and how many past inspections it
 * rests on. The counts are what lets the model trust an exact repeat seen 40 times more than one
 * seen once, and fall back to the broader levels when the specific key is thin or unseen.
 */
import { logit } from './rate-table.js';

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

/** Rate of a level with no history: below every real rate, so a tree splits "seen" from "unseen". */
const NO_HISTORY = -1;

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
 * Writes one row's inputs into `out` from `offset`; returns the next offset. A level whose key the
 * row cannot form takes the counts of the nearest broader level it can: a filing without a tax
 * rate is judged on its commodity x origin x departure history as if that were its full key,
 * rather than looking like a declaration never seen before (which the model learns to rank low).
 */
export function encodeHistory(chains: readonly ChainCounts[], prior: number, smoothing: number, out: Float64Array, offset = 0): number {
  let o = offset;
  for (const levels of chains) {
    out[o++] = logit(smoothChain(levels, prior, smoothing));
    for (let li = 0; li < levels.length; li++) {
      let level = levels[li];
      for (let b = li + 1; level === undefined && b < levels.length; b++) level = levels[b];
      const { total, adverse } = level ?? NONE;
      out[o++] = total > 0 ? adverse / total : NO_HISTORY;
      out[o++] = Math.log1p(total);
    }
  }
  return o;
}
