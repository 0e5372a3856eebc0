import { findFeatureFamily } from './feature-families.js';
import { isAdverse, type LabelledExample, type Target } from './labelled-example.js';
import { fitLogisticRegression } from './logistic-regression.js';
import { buildKeyedHistory, countSlots, encodeKeyedRow, measurePrior, subtractCounts, type KeyedHistory, type SlotCounts } from './keyed-history.js';
import type { StoredFamily, TargetingModel, TrainingSettings } from './targeting-model.js';
import { AppError } from '@safe-screen/domain';

/** Every family in the catalog that a declaration or filing can fill. */
export const ALL_FAMILIES = [
  'commodity',
  'commodity_origin',
  'commodity_loading',
  'commodity_origin_loading',
  'commodity_routing',
  'commodity_tax_rate',
  'commodity_tax_type',
  'importer_commodity',
  'origin',
  'loading',
  'origin_loading',
  'routing',
  'importer',
  'declarant',
  'seller',
  'courier',
  'office',
  'declarant_office',
  'mode',
  'process_type',
  'import_type',
  'import_use',
  'payment_type',
  'tax_rate',
  'tax_type',
  'origin_indicator',
];

/** Commodity and route only: what is left when trader identifiers are not trusted or not filed. */
export const COMMODITY_ROUTE_FAMILIES = [
  'commodity',
  'commodity_origin',
  'commodity_loading',
  'commodity_origin_loading',
  'commodity_tax_rate',
  'commodity_tax_type',
  'origin_loading',
];

/**
 * Smoothing strength m per target, chosen on the KCS 2021-Q1 validation split (README "Evaluation
 * protocol"; `npm run evaluate:targeting` re-runs the choice). Small m wins on this data: adverse
 * findings cluster in narrow commodity x route combinations, which heavy smoothing washes out.
 * Serious findings are rarer (1% against 21%) and cluster harder, so their m is smaller still;
 * below 0.1 the validation objective no longer moves.
 */
const DEFAULT_SMOOTHING: Record<Target, number> = { fraud: 0.3, critical: 0.1 };

/**
 * The validation choice for each target. Trader families added nothing on validation, so the
 * commodity/route set is the default for both.
 */
export function defaultSettings(target: Target): TrainingSettings {
  return { target, families: [...COMMODITY_ROUTE_FAMILIES], smoothing: DEFAULT_SMOOTHING[target], l2: 1e-3, folds: 5, includeControlGroup: false };
}

export interface TrainOptions {
  /** ISO timestamp recorded in the model; fixed in tests so training is reproducible byte for byte. */
  trainedAt?: string;
}

/**
 * Fits the model. Training rows are encoded out-of-fold: each row's rates come from the other k-1
 * folds only, so the regression never sees a rate that already contains the row's own label (that
 * leak would teach it to trust rare, over-fitted keys). The stored counts then use all rows, since
 * rows to be scored are never in them.
 */
export function trainModel(examples: readonly LabelledExample[], settings: TrainingSettings, options: TrainOptions = {}): TargetingModel {
  if (settings.folds < 2) throw new AppError('LEARNING_SETTINGS_INVALID', 'folds must be at least 2');
  const families = settings.families.map((id) => {
    const family = findFeatureFamily(id);
    if (family === undefined) throw new AppError('LEARNING_SETTINGS_INVALID', `unknown feature family "${id}"`);
    return family;
  });
  const rows = settings.includeControlGroup ? [...examples] : examples.filter((e) => e.source !== 'random_control');
  if (rows.length === 0) throw new AppError('LEARNING_NO_EXAMPLES', 'no labelled examples to train on');
  const labels = rows.map((e): number => (isAdverse(e.outcome, settings.target) ? 1 : 0));

  const history = buildKeyedHistory(families, rows.map((e) => e.features));
  const full = countSlots(history, labels);
  const encoded = encodeOutOfFold(rows, history, full, labels, settings);
  const { mean, sd } = measureColumns(encoded, families.length);
  const standardised = encoded.map((x) => x.map((v, j) => (v - mean[j]!) / sd[j]!));
  const fit = fitLogisticRegression(standardised, labels, { l2: settings.l2 });

  const stored: StoredFamily[] = families.map((family, fi) => ({
    id: family.id,
    levels: family.levels,
    counts: history.familySlots[fi]!.map((slot) => storeSlot(history, full, slot)),
    mean: mean[fi]!,
    sd: sd[fi]!,
    weight: fit.weights[fi]!,
  }));
  const dates = rows.map((e) => e.date).sort();
  const trainedAt = options.trainedAt ?? new Date().toISOString();
  return {
    kind: 'smoothed-rates-logistic',
    formatVersion: 1,
    version: `${settings.target}-${trainedAt.slice(0, 10)}-${fingerprint(rows, settings)}`,
    trainedAt,
    target: settings.target,
    settings: { ...settings, families: [...settings.families] },
    training: {
      examples: rows.length,
      adverse: full.positives,
      controlGroupExcluded: examples.length - rows.length,
      ...(dates.length > 0 ? { firstDate: dates[0]!, lastDate: dates[dates.length - 1]! } : {}),
    },
    prior: measurePrior(full),
    bias: fit.bias,
    families: stored,
  };
}

function encodeOutOfFold(
  rows: readonly LabelledExample[],
  history: KeyedHistory,
  full: SlotCounts,
  labels: readonly number[],
  settings: TrainingSettings,
): Float64Array[] {
  // Folds follow a hash of the id, not row order, so re-ordering the history gives the same model.
  const fold = rows.map((e) => hashString(e.id) % settings.folds);
  const encoded: Float64Array[] = new Array<Float64Array>(rows.length);
  // One root rate for all folds: a per-fold root would differ with each fold's own positives, and
  // that difference alone is a label leak the regression can learn from.
  const prior = measurePrior(full);
  for (let k = 0; k < settings.folds; k++) {
    const others = subtractCounts(full, countSlots(history, labels, (row) => fold[row] === k));
    for (let row = 0; row < rows.length; row++) {
      if (fold[row] === k) encoded[row] = encodeKeyedRow(history, others, prior, row, settings.smoothing);
    }
  }
  return encoded;
}

/** Sorted by key so the same history always serialises to the same JSON. */
function storeSlot(history: KeyedHistory, counts: SlotCounts, slot: number): [string, number, number][] {
  return history.keys[slot]!
    .map((key, id): [string, number, number] => [key, counts.total[slot]![id]!, counts.adverse[slot]![id]!])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function measureColumns(rows: readonly Float64Array[], d: number): { mean: number[]; sd: number[] } {
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const x of rows) for (let j = 0; j < d; j++) mean[j]! += x[j]! / rows.length;
  for (const x of rows) for (let j = 0; j < d; j++) sd[j]! += (x[j]! - mean[j]!) ** 2 / rows.length;
  // A constant column (a feature the history never carries) gets sd 1 and so a harmless input of 0.
  return { mean, sd: sd.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1)) };
}

/** FNV-1a over the training rows and settings: the content part of the model version. */
function fingerprint(rows: readonly LabelledExample[], settings: TrainingSettings): string {
  const parts = rows.map((e) => `${e.id}|${e.outcome}|${e.date}|${JSON.stringify(e.features)}`).sort();
  let hash = hashString(JSON.stringify(settings));
  for (const p of parts) hash = hashString(p, hash);
  return hash.toString(16).padStart(8, '0');
}

export function hashString(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
