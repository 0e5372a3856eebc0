import type { Ranking, SplitResult, TargetingEvaluation } from './evaluate-targeting.js';

const percent = (rate: number): string => `${(rate * 100).toFixed(0)}%`;
const fixed = (value: number): string => value.toFixed(3);
const LABELS = { model: 'model', exact_repeat: 'exact repeat', backoff_encoding: 'back-off TE', random: 'random' } as const;

/** The evaluation as plain text: per split and target, the model beside both baselines and random. */
export function formatEvaluation(evaluation: TargetingEvaluation): string {
  const lines: string[] = [`rows skipped ${evaluation.skippedRows}; figures with tied scores in random order (expected values)`];
  for (const [target, s] of Object.entries(evaluation.chosen)) {
    lines.push(
      `chosen for ${target} on the choosing split: chains=${s.families.join(',')} m=${s.smoothing} combiner=${s.combiner}` +
        (s.combiner === 'boosted' ? ` trees=${s.boosting.trees} depth=${s.boosting.depth} rate=${s.boosting.learningRate} minLeafHessian=${s.boosting.minLeafHessian}` : ` l2=${s.l2}`) +
        `; back-off TE m=${evaluation.backoffSmoothing[target as keyof typeof evaluation.backoffSmoothing]}`,
    );
  }
  for (const split of evaluation.splits) lines.push(...formatSplit(split));
  return lines.join('\n');
}

function formatSplit(split: SplitResult): string[] {
  const lines = [
    '',
    `==== ${split.name === 'choose' ? 'CHOOSE' : 'REPORT'}: fit ${split.fitPeriod.join('..')} (${split.fitRows} rows) -> score ${split.scorePeriod.join('..')} (${split.scoreRows} rows)`,
  ];
  for (const t of split.targets) {
    lines.push(
      `== ${t.target} (model ${t.modelVersion}): training ${t.trainMilliseconds.toFixed(0)} ms; scoring ${t.scoreMicroseconds.probabilityOnly.toFixed(1)} us/declaration, ${t.scoreMicroseconds.explained.toFixed(1)} with explanation`,
      `calibration: mean predicted ${fixed(t.calibration.meanPredicted)} vs observed ${fixed(t.calibration.observedRate)}; ` +
        `top decile ${fixed(t.calibration.topDecileMeanPredicted)} vs ${fixed(t.calibration.topDecileObservedRate)}; log-loss ${fixed(t.calibration.logLoss)}`,
    );
    for (const subset of ['all', 'unseenKey'] as const) {
      const first = t.methods[0]![subset];
      lines.push(`-- ${subset === 'all' ? 'all rows' : 'rows whose full key never occurs in the fit data'}: ${first.rows} rows, ${first.positives} positives`);
      lines.push(['method'.padEnd(12), ...first.atRates.map((m) => `P@${percent(m.rate)}  R@${percent(m.rate)}`.padEnd(13)), 'AUC'].join(' | '));
      for (const m of t.methods) lines.push(row(LABELS[m.method], m[subset]));
    }
  }
  return lines;
}

function row(label: string, r: Ranking): string {
  return [label.padEnd(12), ...r.atRates.map((m) => `${fixed(m.precision)} ${fixed(m.recall)}`.padEnd(13)), fixed(r.auc)].join(' | ');
}
