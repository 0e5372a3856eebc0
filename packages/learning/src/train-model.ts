import { findFeatureFamily, type FeatureFamily } from './feature-families.js';
import { isAdverse, isControlGroupExample, type LabelledExample, type Target } from './labelled-example.js';
import { fitLogisticRegression } from './logistic-regression.js';
import { buildKeyedHistory, countSlots, gatherKeyedRow, measurePrior, subtractCounts, type KeyedHistory, type SlotCounts } from './keyed-history.js';
import { fitBoostedTrees, type BoostingOptions } from './boosted-trees.js';
import { countHistoryFeatures, encodeHistory, historyFeatureNames, rateInputForUnseen } from './history-features.js';
import type { StoredCombiner, TargetingModel, TrainingSettings } from './targeting-model.js';
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

/** The declaration chain first (exact repeat, then broader keys), then the trader chains. */
export const HISTORY_CHAINS = ['declaration', 'importer_commodity_origin', 'declarant_office_chain'];

export const DEFAULT_BOOSTING: BoostingOptions = { trees: 150, depth: 4, learningRate: 0.1, minLeafHessian: 2, lambda: 1, bins: 255 };

/**
 * Chosen on the split inside 2020 (fit January-September, score October-December; README
 * "Evaluation", settings-grid.ts), never on 2021-Q1, which is kept for reporting. Fraud: boosted
 * trees over all three chains, trained on rows encoded from earlier time blocks only (as a later
 * quarter is scored from the ones before it; this beat 5- and 10-fold encodings). Critical (1 % of declarations, about 280 positives in nine months):
 * too few for trees to beat a logistic regression over the declaration chain alone, with light
 * smoothing because serious findings sit in narrow keys. `examples` is the number of training
 * examples, when the caller knows it (see MIN_EXAMPLES_FOR_TREES).
 */
export function defaultSettings(target: Target, examples = Number.POSITIVE_INFINITY): TrainingSettings {
  const common = { target, l2: 1e-3, folds: 5, boosting: { ...DEFAULT_BOOSTING }, includeControlGroup: false };
  if (target === 'fraud' && examples >= MIN_EXAMPLES_FOR_TREES) {
    return { ...common, families: [...HISTORY_CHAINS], smoothing: 1, combiner: 'boosted', encoding: 'time_ordered' };
  }
  return { ...common, families: ['declaration'], smoothing: target === 'fraud' ? 0.3 : 0.1, combiner: 'logistic', encoding: 'k_fold' };
}

/**
 * Below this many training examples the fraud model is the logistic regression over the
 * declaration chain: a few hundred outcomes (a new deployment, a test) give trees too little to
 * split on, and they then learn quirks of the sample, such as which time block a key first appears
 * in (README "Small histories").
 */
export const MIN_EXAMPLES_FOR_TREES = 20_000;

export interface TrainOptions {
  /** ISO timestamp recorded in the model; fixed in tests so training is reproducible byte for byte. */
  trainedAt?: string;
}

/**
 * Fits the model. Training rows are encoded out-of-fold: each row's history inputs come from the
 * other k-1 folds only, so the combiner never sees a rate or a count that already contains the
 * row's own label (that leak would teach it to trust rare, over-fitted keys). The stored counts
 * then use all rows, since rows to be scored are never in them.
 */
export function trainModel(examples: readonly LabelledExample[], settings: TrainingSettings, options: TrainOptions = {}): TargetingModel {
  if (settings.folds < 2) throw new AppError('LEARNING_SETTINGS_INVALID', 'folds must be at least 2');
  const families = settings.families.map((id) => {
    const family = findFeatureFamily(id);
    if (family === undefined) throw new AppError('LEARNING_SETTINGS_INVALID', `unknown feature family "${id}"`);
    return family;
  });
  const rows = settings.includeControlGroup ? [...examples] : examples.filter((e) => !isControlGroupExample(e));
  if (rows.length === 0) throw new AppError('LEARNING_NO_EXAMPLES', 'no labelled examples to train on');
  const labels = rows.map((e): number => (isAdverse(e.outcome, settings.target) ? 1 : 0));

  const history = buildKeyedHistory(families, rows.map((e) => e.features));
  const full = countSlots(history, labels);
  const prior = measurePrior(full);
  const encoded = encodeOutOfFold(rows, history, full, labels, prior, settings);
  const fitted = encoded.flatMap((x, i) => (x === undefined ? [] : [i]));
  const combiner = fitCombiner(
    fitted.map((i) => encoded[i]!),
    fitted.map((i) => labels[i]!),
    settings,
    families,
  );

  const dates = rows.map((e) => e.date).sort();
  const trainedAt = options.trainedAt ?? new Date().toISOString();
  return {
    kind: 'history-backoff',
    formatVersion: 2,
    version: `${settings.target}-${trainedAt.slice(0, 10)}-${fingerprint(rows, settings)}`,
    trainedAt,
    target: settings.target,
    settings: { ...settings, families: [...settings.families], boosting: { ...settings.boosting } },
    training: {
      examples: rows.length,
      adverse: full.positives,
      controlGroupExcluded: examples.length - rows.length,
      ...(dates.length > 0 ? { firstDate: dates[0]!, lastDate: dates[dates.length - 1]! } : {}),
    },
    prior,
    featureNames: historyFeatureNames(families),
    families: families.map((family, fi) => ({
      id: family.id,
      levels: family.levels,
      counts: history.familySlots[fi]!.map((slot) => storeSlot(history, full, slot)),
    })),
    combiner,
  };
}

function fitCombiner(encoded: Float64Array[], labels: readonly number[], settings: TrainingSettings, families: readonly FeatureFamily[]): StoredCombiner {
  if (settings.combiner === 'boosted') return { kind: 'boosted', model: fitBoostedTrees(encoded, labels, settings.boosting) };
  const d = encoded[0]?.length ?? 0;
  // Counts are left to the trees. With few distinct keys a linear weight on a count column learns
  // the count as a key's identity and extrapolates wildly to a count of 0 (seen on small
  // histories: a never-seen route scored 1.0, a key with 41 of 57 adverse below it). The column
  // stays, at 0, so the stored layout is the same; its weight is then exactly 0.
  const countColumn = historyFeatureNames(families).map((name) => name.endsWith('.log_count'));
  for (const x of encoded) for (let j = 0; j < d; j++) if (countColumn[j]) x[j] = 0;
  const { mean, sd } = measureColumns(encoded, d);
  const standardised = encoded.map((x) => x.map((v, j) => (v - mean[j]!) / sd[j]!));
  const fit = fitLogisticRegression(standardised, labels, { l2: settings.l2 });
  return { kind: 'logistic', mean, sd, weights: fit.weights, bias: fit.bias };
}

function encodeOutOfFold(
  rows: readonly LabelledExample[],
  history: KeyedHistory,
  full: SlotCounts,
  labels: readonly number[],
  prior: number,
  settings: TrainingSettings,
): (Float64Array | undefined)[] {
  const width = countHistoryFeatures(history.familySlots.map((s) => s.length));
  const encoded: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(rows.length);
  const unseenRate = rateInputForUnseen(settings.combiner, prior);
  /** Encodes the rows of one part from `counts`, which must not contain them. */
  const encodePart = (part: ArrayLike<number>, k: number, counts: SlotCounts, countScale: number): void => {
    for (let row = 0; row < rows.length; row++) {
      if (part[row] !== k) continue;
      const x = new Float64Array(width);
      encodeHistory(gatherKeyedRow(history, counts, row), prior, settings.smoothing, unseenRate, x, countScale);
      encoded[row] = x;
    }
  };
  if (settings.encoding === 'time_ordered') {
    // Blocks of equal size by date; block k is encoded from blocks before it only, as a later
    // quarter is scored from the quarters before it. Block 0 has no past and trains nothing.
    const order = rows.map((_, i) => i).sort((a, b) => compareText(rows[a]!.date, rows[b]!.date) || compareText(rows[a]!.id, rows[b]!.id));
    const block = new Int32Array(rows.length);
    order.forEach((row, rank) => (block[row] = Math.floor((rank * settings.folds) / rows.length)));
    // Counts as they were at the time: that they grow is what this encoding is for.
    for (let k = 1; k < settings.folds; k++) encodePart(block, k, countSlots(history, labels, (row) => block[row]! < k), 1);
    return encoded;
  }
  // Folds follow a hash of the id, not row order, so re-ordering the history gives the same model.
  // One root rate for all folds: a per-fold root would differ with each fold's own positives, and
  // that difference alone is a label leak the combiner can learn from.
  const fold = rows.map((e) => hashString(e.id) % settings.folds);
  // A row sees (k-1)/k of the counts it will see when scored; scaling them back keeps a linear
  // weight on a narrow count column from turning that shift into large, wrong score changes (seen
  // on small histories: a key with 41 of 57 adverse scored below the base rate).
  const countScale = settings.folds / (settings.folds - 1);
  for (let k = 0; k < settings.folds; k++) encodePart(fold, k, subtractCounts(full, countSlots(history, labels, (row) => fold[row] === k)), countScale);
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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
