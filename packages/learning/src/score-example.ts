import { buildLevelKey, describeLevelKey, type FeatureFamily } from './feature-families.js';
import type { ExampleFeatures } from './labelled-example.js';
import { sigmoid } from './logistic-regression.js';
import { buildRowKeys, logit, smoothRate, type FamilyCounts, type RateCount } from './rate-table.js';
import type { TargetingModel } from './targeting-model.js';

/** One family's part in a score: the history behind it and how much it moved the log-odds. */
export interface ScoreContribution {
  /** Feature family id, e.g. `commodity_origin`. */
  feature: string;
  /** The key the evidence is about, as an officer reads it: "commodity 870323 from origin CN". */
  value: string;
  /** Past inspections of that key and how many found something; 0 and 0 when never inspected. */
  adverse: number;
  total: number;
  /** Smoothed adverse rate after back-off. */
  rate: number;
  /** Log-odds added to the score relative to an average declaration; positive raises risk. */
  weight: number;
  text: string;
}

export interface ExampleScore {
  probability: number;
  modelVersion: string;
  /** Sorted by weight, highest first: the head of the list is the explanation. */
  contributions: ScoreContribution[];
}

interface PreparedModel {
  families: FeatureFamily[];
  counts: FamilyCounts[];
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
      counts: model.families.map((f) =>
        f.counts.map((entries) => new Map<string, RateCount>(entries.map(([key, total, adverse]) => [key, { total, adverse }]))),
      ),
    };
    prepared.set(model, p);
  }
  return p;
}

export function scoreExample(model: TargetingModel, features: ExampleFeatures): ExampleScore {
  const { families, counts } = prepareModel(model);
  const finding = model.target === 'fraud' ? 'irregularities' : 'serious irregularities';
  const keys = buildRowKeys(families, features);
  let z = model.bias;
  const contributions = model.families.map((stored, fi): ScoreContribution => {
    const family = families[fi]!;
    const smoothed = smoothRate(counts[fi]!, keys[fi]!, model.prior, model.settings.smoothing);
    const weight = (stored.weight * (logit(smoothed.rate) - stored.mean)) / stored.sd;
    z += weight;
    const value = describeEvidenceKey(family, smoothed.evidenceLevel, smoothed.key, features);
    const text =
      smoothed.evidenceLevel >= 0
        ? `${value}: ${smoothed.adverse} of ${smoothed.total} past inspections found ${finding}`
        : `${value}: no past inspections`;
    return { feature: stored.id, value, adverse: smoothed.adverse, total: smoothed.total, rate: smoothed.rate, weight, text };
  });
  contributions.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1));
  return { probability: sigmoid(z), modelVersion: model.version, contributions };
}

/** Probability only, for bulk scoring where nobody reads the explanation. */
export function scoreProbability(model: TargetingModel, features: ExampleFeatures): number {
  const { families, counts } = prepareModel(model);
  const keys = buildRowKeys(families, features);
  let z = model.bias;
  model.families.forEach((stored, fi) => {
    const rate = smoothRate(counts[fi]!, keys[fi]!, model.prior, model.settings.smoothing).rate;
    z += (stored.weight * (logit(rate) - stored.mean)) / stored.sd;
  });
  return sigmoid(z);
}

function describeEvidenceKey(family: FeatureFamily, level: number, key: string | undefined, features: ExampleFeatures): string {
  if (level >= 0 && key !== undefined) return describeLevelKey(family.levels[level]!, key);
  // Never inspected: name the declaration's own most specific key, or say what it lacks.
  const first = family.levels[0]!;
  const own = buildLevelKey(first, features);
  return own === undefined ? `${family.id.replaceAll('_', ' ')} not declared` : describeLevelKey(first, own);
}
