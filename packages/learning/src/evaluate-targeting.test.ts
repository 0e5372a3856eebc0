import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseCandidate, DEFAULT_GRID, evaluateTargeting, type CandidateResult, type TargetEvaluation } from './evaluate-targeting.js';
import { TARGETS, type Target } from './labelled-example.js';
import { COMMODITY_ROUTE_FAMILIES, defaultSettings } from './train-model.js';

/**
 * Regression guard on the shipped KCS files with each target's default settings (the validation
 * choice). Measured 2026-11-22: fraud P@5% 0.980, critical R@10% 0.872 (68 of 78; 0.846 with the
 * earlier m = 0.3), fraud P@10% on unseen commodity x route rows 0.333 (random 0.249). Floors sit
 * a little below.
 */
describe('evaluateTargeting on the KCS train and validation files', () => {
  const read = (name: string): string => readFileSync(new URL(`../data/kcs/${name}`, import.meta.url), 'utf8');
  const trainCsv = read('df_syn_train_eng.csv');
  const validCsv = read('df_syn_valid_eng.csv');
  const evaluations = new Map<Target, TargetEvaluation>();
  const target = (name: Target): TargetEvaluation => {
    let evaluation = evaluations.get(name);
    if (evaluation === undefined) {
      const settings = defaultSettings(name);
      const result = evaluateTargeting({
        trainCsv,
        validCsv,
        targets: [name],
        grid: { smoothing: [settings.smoothing], l2: [settings.l2], familySets: { default: settings.families } },
      });
      expect(result).toMatchObject({ trainRows: 37385, validRows: 8134, skippedRows: 0 });
      evaluation = result.targets[0]!;
      evaluations.set(name, evaluation);
    }
    return evaluation;
  };
  const at = (metrics: { rate: number; precision: number; recall: number }[], rate: number) => metrics.find((m) => m.rate === rate)!;

  it('reads every row of both files', () => {
    expect(target('fraud').validation.positives).toBe(1704);
    expect(target('critical').validation.positives).toBe(78);
  });

  it('keeps fraud precision at a 5% inspection rate above 0.96', () => {
    expect(at(target('fraud').validation.model, 0.05).precision).toBeGreaterThanOrEqual(0.96);
    expect(at(target('fraud').validation.random, 0.05).precision).toBeLessThan(0.25);
  });

  it('keeps critical-fraud recall at a 10% inspection rate at 0.85 or above, ties averaged too', () => {
    expect(at(target('critical').validation.model, 0.1).recall).toBeGreaterThanOrEqual(0.85);
    expect(at(target('critical').validation.modelTiesAveraged, 0.1).recall).toBeGreaterThanOrEqual(0.85);
  });

  it('beats random selection on commodity x route combinations never seen in training', () => {
    const unseen = target('fraud').unseenCombination;
    expect(unseen.rows).toBe(449);
    expect(at(unseen.model, 0.1).precision).toBeGreaterThan(at(unseen.random, 0.1).precision + 0.03);
  });
});

describe('choosing among the grid candidates', () => {
  const candidate = (smoothing: number, l2: number, objective: number, familySet = 'commodity_route'): CandidateResult => ({ familySet, smoothing, l2, objective });

  it('takes the highest validation objective wherever it sits in the grid', () => {
    const candidates = [candidate(0.03, 1e-3, 0.61), candidate(0.3, 1e-2, 0.66), candidate(10, 1e-3, 0.6)];
    expect(chooseCandidate(candidates)).toBe(candidates[1]);
  });

  it('breaks an exact tie toward stronger smoothing, then stronger L2, then grid order', () => {
    expect(chooseCandidate([candidate(0.03, 1e-3, 0.6667), candidate(0.1, 1e-3, 0.6667), candidate(0.3, 1e-3, 0.6603)])?.smoothing).toBe(0.1);
    expect(chooseCandidate([candidate(0.1, 1e-2, 0.5), candidate(0.1, 1e-3, 0.5)])?.l2).toBe(1e-2);
    expect(chooseCandidate([candidate(0.1, 1e-3, 0.5, 'all'), candidate(0.1, 1e-3, 0.5)])?.familySet).toBe('all');
    expect(chooseCandidate([])).toBeUndefined();
  });

  it('has every default setting among the candidates the protocol tries', () => {
    for (const t of TARGETS) {
      const settings = defaultSettings(t);
      expect(DEFAULT_GRID.smoothing).toContain(settings.smoothing);
      expect(DEFAULT_GRID.l2).toContain(settings.l2);
      expect(Object.values(DEFAULT_GRID.familySets)).toContainEqual(settings.families);
    }
    expect(defaultSettings('critical').families).toEqual(COMMODITY_ROUTE_FAMILIES);
  });
});
