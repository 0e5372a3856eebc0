import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateTargeting } from './evaluate-targeting.js';
import { defaultSettings } from './train-model.js';

/**
 * Regression guard on the shipped KCS files with the default settings (the validation choice).
 * Measured 2026-11-22: fraud P@5% 0.980, critical R@10% 0.846, fraud P@10% on unseen
 * commodity x route rows 0.333 (random 0.249). Floors sit a little below.
 */
describe('evaluateTargeting on the KCS train and validation files', () => {
  const read = (name: string): string => readFileSync(new URL(`../data/kcs/${name}`, import.meta.url), 'utf8');
  const settings = defaultSettings('fraud');
  const evaluation = evaluateTargeting({
    trainCsv: read('df_syn_train_eng.csv'),
    validCsv: read('df_syn_valid_eng.csv'),
    grid: { smoothing: [settings.smoothing], l2: [settings.l2], familySets: { default: settings.families } },
  });
  const target = (name: 'fraud' | 'critical') => evaluation.targets.find((t) => t.target === name)!;
  const at = (metrics: { rate: number; precision: number; recall: number }[], rate: number) => metrics.find((m) => m.rate === rate)!;

  it('reads every row of both files', () => {
    expect(evaluation).toMatchObject({ trainRows: 37385, validRows: 8134, skippedRows: 0 });
    expect(target('fraud').validation.positives).toBe(1704);
    expect(target('critical').validation.positives).toBe(78);
  });

  it('keeps fraud precision at a 5% inspection rate above 0.96', () => {
    expect(at(target('fraud').validation.model, 0.05).precision).toBeGreaterThanOrEqual(0.96);
    expect(at(target('fraud').validation.random, 0.05).precision).toBeLessThan(0.25);
  });

  it('keeps critical-fraud recall at a 10% inspection rate above 0.80', () => {
    expect(at(target('critical').validation.model, 0.1).recall).toBeGreaterThanOrEqual(0.8);
  });

  it('beats random selection on commodity x route combinations never seen in training', () => {
    const unseen = target('fraud').unseenCombination;
    expect(unseen.rows).toBe(449);
    expect(at(unseen.model, 0.1).precision).toBeGreaterThan(at(unseen.random, 0.1).precision + 0.03);
  });
});
