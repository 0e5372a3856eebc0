/**
 * The evaluation protocol (README "Evaluation"): time-ordered only, every figure from a fit on
 * earlier declarations scoring later ones.
 *
 * - Choose: fit on 2020 up to September, score October-December 2020. The settings grid and the
 *   baselines' smoothing are chosen here, and only here.
 * - Report: fit on all of 2020, score 2021-Q1 with the settings chosen above. 2021-Q1 labels never
 *   choose anything.
 *
 * Each split reports the model beside the exact-repeat lookup and the back-off target encoding
 * (baselines.ts) and random selection: precision and recall at 1, 2, 5 and 10 % inspection rates
 * with tied scores in random order (their expected value), ROC AUC, and the same on the rows whose
 * full declaration key never occurs in the fit data.
 */
import { AppError } from '@safe-screen/domain';
import { declarationKey, fitBackoffEncoding, fitExactRepeatLookup, type Scorer } from './baselines.js';
import { KCS_MAPPING, type CsvMapping } from './csv-mapping.js';
import { importExamplesCsv } from './import-examples-csv.js';
import { isAdverse, TARGETS, type LabelledExample, type Target } from './labelled-example.js';
import { INSPECTION_RATES, measureCaptureRatio, measureRandomSelection, measureRocAuc, measureTiesAveraged, type RateMetrics } from './rank-metrics.js';
import { scoreExample, scoreProbability } from './score-example.js';
import type { TrainingSettings } from './targeting-model.js';
import { defaultSettings, trainModel } from './train-model.js';

/** A candidate: changes to the target's default settings. */
export type SettingsCandidate = Partial<Omit<TrainingSettings, 'target' | 'boosting'>> & { boosting?: Partial<TrainingSettings['boosting']> };

export const BACKOFF_SMOOTHING_GRID = [0.1, 0.3, 1, 3, 10];

export const METHODS = ['model', 'exact_repeat', 'backoff_encoding', 'random'] as const;
export type Method = (typeof METHODS)[number];

export interface Ranking {
  rows: number;
  positives: number;
  /** Expected figures with tied scores in random order. */
  atRates: RateMetrics[];
  auc: number;
}

export interface MethodResult {
  method: Method;
  all: Ranking;
  /** Rows whose full declaration key never occurs in the fit data. */
  unseenKey: Ranking;
}

export interface TargetSplitResult {
  target: Target;
  methods: MethodResult[];
  modelVersion: string;
  trainMilliseconds: number;
  /** Per declaration: probability only, and with the explanation built. */
  scoreMicroseconds: { probabilityOnly: number; explained: number };
  /** Is the model's output a probability of the target? Mean predicted vs observed, overall and in the top decile. */
  calibration: Calibration;
}

export interface Calibration {
  meanPredicted: number;
  observedRate: number;
  topDecileMeanPredicted: number;
  topDecileObservedRate: number;
  logLoss: number;
}

export interface SplitResult {
  name: 'choose' | 'report';
  fitRows: number;
  scoreRows: number;
  fitPeriod: [string, string];
  scorePeriod: [string, string];
  targets: TargetSplitResult[];
}

export interface CandidateResult {
  target: Target;
  candidate: SettingsCandidate;
  /**
   * Of the comparisons the issue's "done when" makes (cases found at each rate, and AUC, against
   * each baseline on the choosing split), how many the candidate wins or ties.
   */
  baselineComparisonsWon: number;
  objective: number;
}

/** First the comparisons with the baselines, then the objective. */
export function isBetterCandidate(a: CandidateResult, b: CandidateResult): boolean {
  return a.baselineComparisonsWon > b.baselineComparisonsWon || (a.baselineComparisonsWon === b.baselineComparisonsWon && a.objective > b.objective);
}

/** Found at each rate and AUC, against each baseline; a tie counts as won (tolerance 1e-9). */
export function countComparisonsWon(model: Ranking, baselines: readonly Ranking[]): number {
  let won = 0;
  for (const b of baselines) {
    model.atRates.forEach((m, i) => {
      if (m.found >= b.atRates[i]!.found - 1e-9) won++;
    });
    if (model.auc >= b.auc - 1e-9) won++;
  }
  return won;
}

export interface TargetingEvaluation {
  rates: readonly number[];
  skippedRows: number;
  chosen: Record<Target, TrainingSettings>;
  backoffSmoothing: Record<Target, number>;
  candidates: CandidateResult[];
  splits: SplitResult[];
}

export interface EvaluateTargetingInput {
  /** The earlier file (KCS: 2020); split inside by `chooseCutoff`. */
  historyCsv: string;
  /** The later file (KCS: 2021-Q1), used for the report only. */
  laterCsv: string;
  /** First date of the choosing split's scored part (default 2020-10-01). */
  chooseCutoff?: string;
  mapping?: CsvMapping;
  /** Candidates per target tried on the choosing split; default: the target's defaults only. */
  grid?: Partial<Record<Target, SettingsCandidate[]>>;
  targets?: readonly Target[];
}

export function evaluateTargeting(input: EvaluateTargetingInput): TargetingEvaluation {
  const mapping = input.mapping ?? KCS_MAPPING;
  const history = readExamples(input.historyCsv, mapping, 'history');
  const later = readExamples(input.laterCsv, mapping, 'later');
  const cutoff = input.chooseCutoff ?? '2020-10-01';
  const early = history.examples.filter((e) => e.date < cutoff);
  const recent = history.examples.filter((e) => e.date >= cutoff);
  if (early.length === 0 || recent.length === 0) throw new AppError('LEARNING_SETTINGS_INVALID', `no history on one side of ${cutoff}`);
  const targets = input.targets ?? TARGETS;

  const candidates: CandidateResult[] = [];
  const chosen = {} as Record<Target, TrainingSettings>;
  const backoffSmoothing = {} as Record<Target, number>;
  for (const target of targets) {
    const labels = labelsOf(recent, target);
    let bestBackoff: { m: number; value: number } | undefined;
    for (const m of BACKOFF_SMOOTHING_GRID) {
      const scorer = fitBackoffEncoding(early, target, m);
      const value = measureObjective(recent.map((e) => scorer(e.features)), labels);
      if (bestBackoff === undefined || value > bestBackoff.value) bestBackoff = { m, value };
    }
    backoffSmoothing[target] = bestBackoff!.m;
    const baselines = [fitExactRepeatLookup(early, target), fitBackoffEncoding(early, target, bestBackoff!.m)].map((scorer) =>
      rank(recent.map((e) => scorer(e.features)), labels),
    );
    let best: { settings: TrainingSettings; result: CandidateResult } | undefined;
    for (const candidate of input.grid?.[target] ?? [{}]) {
      const settings = applyCandidate(target, candidate);
      const model = trainModel(early, settings, { trainedAt: '1970-01-01T00:00:00.000Z' });
      const scores = recent.map((e) => scoreProbability(model, e.features));
      const result: CandidateResult = { target, candidate, baselineComparisonsWon: countComparisonsWon(rank(scores, labels), baselines), objective: measureObjective(scores, labels) };
      candidates.push(result);
      // Strictly better only: on a tie the earlier (simpler, listed first) candidate stays.
      if (best === undefined || isBetterCandidate(result, best.result)) best = { settings, result };
    }
    chosen[target] = best!.settings;
  }

  const split = (name: SplitResult['name'], fit: LabelledExample[], scored: LabelledExample[]): SplitResult => ({
    name,
    fitRows: fit.length,
    scoreRows: scored.length,
    fitPeriod: period(fit),
    scorePeriod: period(scored),
    targets: targets.map((target) => evaluateSplit(fit, scored, chosen[target], backoffSmoothing[target])),
  });
  return {
    rates: INSPECTION_RATES,
    skippedRows: history.skipped + later.skipped,
    chosen,
    backoffSmoothing,
    candidates,
    splits: [split('choose', early, recent), split('report', history.examples, later.examples)],
  };
}

/**
 * What the grid maximises on the choosing split: the mean, over the inspection rates, of found /
 * min(inspected, positives) (precision where the rate is the limit, recall where the positives
 * are), plus ROC AUC, both in 0..1; tied scores count at their expected value.
 */
export function measureObjective(scores: readonly number[], labels: readonly number[]): number {
  const positives = labels.reduce((a, b) => a + b, 0);
  return measureCaptureRatio(measureTiesAveraged(scores, labels), positives) + measureRocAuc(scores, labels);
}

export function applyCandidate(target: Target, candidate: SettingsCandidate): TrainingSettings {
  const base = defaultSettings(target);
  return { ...base, ...candidate, target, boosting: { ...base.boosting, ...candidate.boosting } };
}

function evaluateSplit(fit: readonly LabelledExample[], scored: readonly LabelledExample[], settings: TrainingSettings, backoffM: number): TargetSplitResult {
  const labels = labelsOf(scored, settings.target);
  const seenKeys = new Set(fit.map((e) => declarationKey(e.features)));
  const unseen = scored.map((e) => !seenKeys.has(declarationKey(e.features)));

  const started = performance.now();
  const model = trainModel(fit, settings);
  const trainMilliseconds = performance.now() - started;
  const probabilityStart = performance.now();
  const modelScores = scored.map((e) => scoreProbability(model, e.features));
  const probabilityOnly = ((performance.now() - probabilityStart) * 1000) / scored.length;
  const explainedStart = performance.now();
  for (const e of scored) scoreExample(model, e.features);
  const explained = ((performance.now() - explainedStart) * 1000) / scored.length;

  const scorers: Record<Exclude<Method, 'model' | 'random'>, Scorer> = {
    exact_repeat: fitExactRepeatLookup(fit, settings.target),
    backoff_encoding: fitBackoffEncoding(fit, settings.target, backoffM),
  };
  const result = (method: Method, scores: number[] | undefined): MethodResult => ({
    method,
    all: rank(scores, labels),
    unseenKey: rank(
      scores?.filter((_, i) => unseen[i]),
      labels.filter((_, i) => unseen[i]),
    ),
  });
  return {
    target: settings.target,
    methods: [
      result('model', modelScores),
      result('exact_repeat', scored.map((e) => scorers.exact_repeat(e.features))),
      result('backoff_encoding', scored.map((e) => scorers.backoff_encoding(e.features))),
      result('random', undefined),
    ],
    modelVersion: model.version,
    trainMilliseconds,
    scoreMicroseconds: { probabilityOnly, explained },
    calibration: measureCalibration(modelScores, labels),
  };
}

export function measureCalibration(probabilities: readonly number[], labels: readonly number[]): Calibration {
  const n = Math.max(1, labels.length);
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const top = probabilities.map((_, i) => i).sort((a, b) => probabilities[b]! - probabilities[a]!).slice(0, Math.max(1, Math.round(labels.length / 10)));
  let logLoss = 0;
  probabilities.forEach((p, i) => {
    const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
    logLoss -= labels[i] === 1 ? Math.log(q) : Math.log(1 - q);
  });
  return {
    meanPredicted: mean(probabilities),
    observedRate: mean(labels),
    topDecileMeanPredicted: mean(top.map((i) => probabilities[i]!)),
    topDecileObservedRate: mean(top.map((i) => labels[i]!)),
    logLoss: logLoss / n,
  };
}

/** `scores` undefined: random selection, in expectation. */
function rank(scores: readonly number[] | undefined, labels: readonly number[]): Ranking {
  return {
    rows: labels.length,
    positives: labels.reduce((a, b) => a + b, 0),
    atRates: scores === undefined ? measureRandomSelection(labels) : measureTiesAveraged(scores, labels),
    auc: scores === undefined ? 0.5 : measureRocAuc(scores, labels),
  };
}

function labelsOf(examples: readonly LabelledExample[], target: Target): number[] {
  return examples.map((e) => (isAdverse(e.outcome, target) ? 1 : 0));
}

function period(examples: readonly LabelledExample[]): [string, string] {
  const dates = examples.map((e) => e.date).sort();
  return [dates[0] ?? '', dates[dates.length - 1] ?? ''];
}

function readExamples(text: string, mapping: CsvMapping, name: string): { examples: LabelledExample[]; skipped: number } {
  const outcome = importExamplesCsv(text, mapping);
  if (!outcome.ok) {
    const first = outcome.issues[0];
    throw new AppError('LEARNING_CSV_REFUSED', `${name}: ${first?.message ?? 'unreadable'}`, { issues: outcome.issues });
  }
  return { examples: outcome.rows, skipped: outcome.issues.filter((i) => i.severity === 'error').length };
}
