import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countComparisonsWon, evaluateTargeting, isBetterCandidate, measureCalibration, type CandidateResult, type MethodResult, type Ranking, type TargetingEvaluation } from './evaluate-targeting.js';
import { SETTINGS_GRID } from './settings-grid.js';
import { TARGETS } from './labelled-example.js';
import { defaultSettings } from './train-model.js';

const ranking = (found: number[], auc: number): Ranking => ({
  rows: 100,
  positives: 10,
  atRates: found.map((f, i) => ({ rate: [0.01, 0.02, 0.05, 0.1][i]!, inspected: [1, 2, 5, 10][i]!, found: f, precision: 0, recall: 0 })),
  auc,
});

describe('measureCalibration', () => {
  it('compares mean predicted with observed, overall and in the top decile', () => {
    const p = [0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    const c = measureCalibration(p, [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(c.meanPredicted).toBeCloseTo(0.18, 12);
    expect(c.observedRate).toBeCloseTo(0.2, 12);
    expect(c).toMatchObject({ topDecileMeanPredicted: 0.9, topDecileObservedRate: 1 });
    expect(c.logLoss).toBeCloseTo(-(Math.log(0.9) + 8 * Math.log(0.9) + Math.log(0.1)) / 10, 12);
  });
});

describe('choosing settings against the baselines', () => {
  it('counts a comparison as won on a tie, lost below', () => {
    const model = ranking([1, 2, 4, 6], 0.9);
    expect(countComparisonsWon(model, [ranking([1, 2, 4, 6], 0.9)])).toBe(5);
    expect(countComparisonsWon(model, [ranking([1, 2, 5, 5], 0.91), ranking([0, 1, 4, 7], 0.8)])).toBe(3 + 4);
  });

  it('prefers more comparisons won over a higher objective, and keeps the earlier candidate on a full tie', () => {
    const c = (won: number, objective: number): CandidateResult => ({ target: 'fraud', candidate: {}, baselineComparisonsWon: won, objective });
    expect(isBetterCandidate(c(10, 1.7), c(9, 1.8))).toBe(true);
    expect(isBetterCandidate(c(9, 1.81), c(9, 1.8))).toBe(true);
    expect(isBetterCandidate(c(9, 1.8), c(9, 1.8))).toBe(false);
  });

  it('tries each target\'s shipped default first', () => {
    for (const t of TARGETS) expect(SETTINGS_GRID[t][0]).toEqual({});
    expect(defaultSettings('fraud').families[0]).toBe('declaration');
  });
});

/**
 * Regression guard on the shipped KCS files with the default settings: the protocol's own splits,
 * the model beside both baselines. Figures measured 2026-12-05 are in the README; the floors here
 * sit a little below them.
 */
describe('evaluateTargeting on the KCS files', () => {
  const read = (name: string): string => readFileSync(new URL(`../data/kcs/${name}`, import.meta.url), 'utf8');
  let evaluation: TargetingEvaluation;
  beforeAll(() => {
    evaluation = evaluateTargeting({ historyCsv: read('df_syn_train_eng.csv'), laterCsv: read('df_syn_valid_eng.csv') });
  }, 600_000); // about 25 s of CPU; minutes on a loaded machine
  const method = (split: 'choose' | 'report', target: 'fraud' | 'critical', name: MethodResult['method']): MethodResult =>
    evaluation.splits.find((s) => s.name === split)!.targets.find((t) => t.target === target)!.methods.find((m) => m.method === name)!;

  it('fits on earlier rows and scores later ones only', () => {
    const [choose, report] = evaluation.splits;
    expect(choose).toMatchObject({ fitRows: 28751, scoreRows: 8634, fitPeriod: ['2020-01-01', '2020-09-30'], scorePeriod: ['2020-10-01', '2020-12-31'] });
    expect(report).toMatchObject({ fitRows: 37385, scoreRows: 8134, fitPeriod: ['2020-01-01', '2020-12-31'], scorePeriod: ['2021-01-01', '2021-03-31'] });
    expect(method('report', 'fraud', 'model').all.positives).toBe(1704);
    expect(method('report', 'critical', 'model').all.positives).toBe(78);
  });

  it('ranks far above random and reports the unseen-key rows apart', () => {
    const fraud = method('report', 'fraud', 'model');
    expect(fraud.all.atRates[2]!.precision).toBeGreaterThan(0.95);
    expect(fraud.all.auc).toBeGreaterThan(0.88);
    expect(method('report', 'critical', 'model').all.atRates[3]!.recall).toBeGreaterThan(0.78);
    expect(method('report', 'critical', 'model').all.auc).toBeGreaterThan(0.92);
    expect(fraud.unseenKey.rows).toBe(580);
    expect(method('report', 'fraud', 'exact_repeat').unseenKey.auc).toBe(0.5);
  });

  it('wins or ties most comparisons with both baselines on the choosing split (measured: fraud 9 of 10, critical 7 of 10)', () => {
    const won = (target: 'fraud' | 'critical'): number =>
      countComparisonsWon(method('choose', target, 'model').all, [method('choose', target, 'exact_repeat').all, method('choose', target, 'backoff_encoding').all]);
    expect(won('fraud')).toBeGreaterThanOrEqual(9);
    expect(won('critical')).toBeGreaterThanOrEqual(7);
  });
}, 300_000);
