import { predictBoosted } from './boosted-trees.js';
import { buildLevelKey, describeLevelKey, type FeatureFamily } from './feature-families.js';
import { countHistoryFeatures, encodeHistory, rateInputForUnseen, smoothChain, type ChainCounts, type LevelCount } from './history-features.js';
import type { ExampleFeatures } from './labelled-example.js';
import { sigmoid } from './logistic-regression.js';
import { buildRowKeys } from './rate-table.js';
import type { TargetingModel } from './targeting-model.js';

/** One chain's part in a score: the history behind it and how far it moves the risk. */
export interface ScoreContribution {
  /** Chain id, e.g. `declaration`. */
  feature: string;
  /** The key the evidence is about, as an officer reads it: "commodity 870323 from origin CN". */
  value: string;
  /** Past inspections of that key and how many found something; 0 and 0 when never inspected. */
  adverse: number;
  total: number;
  /** Smoothed adverse rate of the whole chain after back-off. */
  rate: number;
  /**
   * How far this chain's history moves the model's log-odds: the score as it is, minus the score
   * with this chain's history replaced by none (a declaration it has never seen), counted only in
   * the direction of the history (positive only when its rate is above the overall rate).
   */
  weight: number;
  text: string;
}

export interface ExampleScore {
  probability: number;
  modelVersion: string;
  /** Sorted by weight, highest first: the head of the list is the explanation. */
  contributions: ScoreContribution[];
}

type Counts = Map<string, LevelCount>;

interface PreparedModel {
  families: FeatureFamily[];
  counts: Counts[][];
  width: number;
  unseenRate: number;
}

/**
 * Maps are rebuilt once per model object and kept beside it, so callers pass the plain JSON model
 * (as stored, as posted to a worker) and still score at lookup speed.
 */
const prepared = new WeakMap<TargetingModel, PreparedModel>();

function prepareModel(model: TargetingModel): PreparedModel {
  let p = prepared.get(model);
  if (p === undefined) {
    p = {
      families: model.families.map((f) => ({ id: f.id, levels: f.levels })),
      counts: model.families.map((f) => f.counts.map((entries) => new Map<string, LevelCount>(entries.map(([key, total, adverse]) => [key, { total, adverse }])))),
      width: countHistoryFeatures(model.families.map((f) => f.levels.length)),
      unseenRate: rateInputForUnseen(model.settings.combiner, model.prior),
    };
    prepared.set(model, p);
  }
  return p;
}

const NONE: LevelCount = { total: 0, adverse: 0 };

/** Counts per chain and level; `undefined` where the declaration cannot form the level's key. */
function lookUp(p: PreparedModel, features: ExampleFeatures): { keys: (string | undefined)[][]; levels: ChainCounts[] } {
  const keys = buildRowKeys(p.families, features);
  const levels = keys.map((chain, fi) => chain.map((key, li) => (key === undefined ? undefined : (p.counts[fi]![li]!.get(key) ?? NONE))));
  return { keys, levels };
}

/** The model's log-odds for one row of inputs. */
function combine(model: TargetingModel, x: Float64Array): number {
  const c = model.combiner;
  if (c.kind === 'boosted') return predictBoosted(c.model, x);
  let z = c.bias;
  for (let j = 0; j < x.length; j++) z += (c.weights[j]! * (x[j]! - c.mean[j]!)) / c.sd[j]!;
  return z;
}

/** Probability only, for bulk scoring where nobody reads the explanation. */
export function scoreProbability(model: TargetingModel, features: ExampleFeatures): number {
  const p = prepareModel(model);
  const x = new Float64Array(p.width);
  encodeHistory(lookUp(p, features).levels, model.prior, model.settings.smoothing, p.unseenRate, x);
  return sigmoid(combine(model, x));
}

/**
 * Probability and explanation. Each chain names the most specific key it has history for (an exact
 * repeat of the declaration if there is one, else the broader evidence it backs off to) with its
 * counts; its weight is what that history does to the model's own score (leave the chain out,
 * score again), so the head of the list is the history that most raised the risk.
 */
export function scoreExample(model: TargetingModel, features: ExampleFeatures): ExampleScore {
  const p = prepareModel(model);
  const { keys, levels } = lookUp(p, features);
  const x = new Float64Array(p.width);
  encodeHistory(levels, model.prior, model.settings.smoothing, p.unseenRate, x);
  const finding = model.target === 'fraud' ? 'irregularities' : 'serious irregularities';
  const z = combine(model, x);
  const unseen = p.families.map((f) => f.levels.map(() => NONE));
  const contributions = p.families.map((family, fi): ScoreContribution => {
    const chain = levels[fi]!;
    const level = chain.findIndex((c) => c !== undefined && c.total > 0);
    const rate = smoothChain(chain, model.prior, model.settings.smoothing);
    const evidence = (level >= 0 ? chain[level] : undefined) ?? NONE;
    const value = describeEvidenceKey(family, level, keys[fi]![level], features);
    const text =
      level >= 0 ? `${value}: ${evidence.adverse} of ${evidence.total} past inspections found ${finding}` : `${value}: no past inspections`;
    const without = new Float64Array(p.width);
    encodeHistory(levels.map((chain, ci) => (ci === fi ? unseen[fi]! : chain)), model.prior, model.settings.smoothing, p.unseenRate, without);
    // The effect is kept only in the direction the history itself points: a key with fewer
    // findings than the overall rate is never read as a reason for suspicion, even where the model
    // would score the same declaration without any history lower still.
    const effect = z - combine(model, without);
    const weight = rate > model.prior ? Math.max(0, effect) : Math.min(0, effect);
    return { feature: family.id, value, adverse: evidence.adverse, total: evidence.total, rate, weight, text };
  });
  contributions.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1));
  return { probability: sigmoid(z), modelVersion: model.version, contributions };
}

function describeEvidenceKey(family: FeatureFamily, level: number, key: string | undefined, features: ExampleFeatures): string {
  if (level >= 0 && key !== undefined) return describeLevelKey(family.levels[level]!, key);
  // Never inspected: name the declaration's own most specific key, or say what it lacks.
  for (const l of family.levels) {
    const own = buildLevelKey(l, features);
    if (own !== undefined) return describeLevelKey(l, own);
  }
  return `${family.id.replaceAll('_', ' ')} not declared`;
}
