import type { RateMetrics } from './rank-metrics.js';
import type { SubsetMetrics, TargetingEvaluation } from './evaluate-targeting.js';

const percent = (rate: number): string => `${(rate * 100).toFixed(0)}%`;
const fixed = (value: number): string => value.toFixed(3);

/** The evaluation as a plain-text report: one table per target and subset, model beside random. */
export function formatEvaluation(evaluation: TargetingEvaluation): string {
  const lines = [
    `train rows ${evaluation.trainRows}, validation rows ${evaluation.validRows}, rows skipped ${evaluation.skippedRows}`,
  ];
  for (const t of evaluation.targets) {
    const s = t.chosen;
    lines.push(
      '',
      `== target ${t.target} (model ${t.modelVersion})`,
      `chosen on validation: families=${t.chosenFamilySet} smoothing=${s.smoothing} l2=${s.l2} folds=${s.folds}`,
      `training ${t.trainMilliseconds.toFixed(0)} ms; scoring ${t.scoreMicroseconds.probabilityOnly.toFixed(1)} us/example, ` +
        `${t.scoreMicroseconds.explained.toFixed(1)} us/example with explanation`,
      ...formatSubset('validation', t.validation),
      ...formatSubset('validation, unseen HS6 x origin x departure', t.unseenCombination),
    );
  }
  return lines.join('\n');
}

function formatSubset(name: string, subset: SubsetMetrics): string[] {
  const row = (label: string, metrics: RateMetrics[]): string =>
    [label.padEnd(8), ...metrics.map((m) => `${fixed(m.precision)} ${fixed(m.recall)}`.padEnd(14))].join(' | ');
  return [
    `-- ${name}: ${subset.rows} rows, ${subset.positives} positives`,
    ['rate'.padEnd(8), ...subset.model.map((m) => `P@${percent(m.rate)}  R@${percent(m.rate)}`.padEnd(14))].join(' | '),
    row('model', subset.model),
    row('ties avg', subset.modelTiesAveraged),
    row('random', subset.random),
  ];
}
