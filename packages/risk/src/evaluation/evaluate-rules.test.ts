/**
 * The selection-rate evaluation on a small generated day: deterministic for a seed, counts that add
 * up, a workload that follows the outcomes, and precursor trade selected far less often once a second
 * indicator is required than on the HS code alone.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../rules/compile-rule-set.js';
import { loadStarterRuleSet } from '../rules/load-starter-rule-set.js';
import { buildSanctionsIndex } from '../sanctions/sanctions-index.js';
import { assessAll, licensablePrefixes, precursorComparison } from './evaluate-rules.js';
import { generateDay, readKcsRows } from './generate-day.js';
import { buildSelectionReport, DEFAULT_TARGETS, tuningAdvice } from './selection-report.js';

const rows = readKcsRows(['df_syn_train_eng.csv', 'df_syn_valid_eng.csv'].map((f) => fileURLToPath(new URL(`../../../learning/data/kcs/${f}`, import.meta.url))));
const starter = loadStarterRuleSet();
const sanctions = buildSanctionsIndex([]);
const options = { rows, dayFrom: '2021-01-01', count: 1500, seed: 7, importingCountry: 'NL', nowIso: '2026-12-05T08:00:00Z', licensableHsPrefixes: licensablePrefixes(starter) };

describe('selection-rate evaluation', () => {
  it('marks first-time importers against earlier declarations only', () => {
    const first = rows.find((r) => r.importer !== '')!;
    expect(first.firstTimeImporter).toBe(true);
    expect(rows.filter((r) => r.importer === first.importer).slice(1).some((r) => r.date > first.date && r.firstTimeImporter)).toBe(false);
  });

  it('generates the same day for the same seed, and reports shares that add up', () => {
    const day = generateDay(options);
    expect(generateDay(options).inputs.map((i) => i.consignment.goods[0]?.commodityCode)).toEqual(day.inputs.map((i) => i.consignment.goods[0]?.commodityCode));
    const report = buildSelectionReport(assessAll(day.inputs, compileRuleSet(starter), sanctions), new Map(starter.rules.map((r) => [r.id, r.weight])));
    expect(report.total).toBe(1500);
    expect(report.lanes.green + report.lanes.yellow + report.lanes.red).toBe(1500);
    expect(Object.values(report.outcomes).reduce((s, n) => s + n, 0)).toBe(1500);
    // Missing data is never cleared: every consignment with a DATA-INADEQUATE hit is selected.
    expect(report.rules.find((r) => r.ruleId === 'DATA-INADEQUATE')).toEqual(expect.objectContaining({ onSelected: report.rules.find((r) => r.ruleId === 'DATA-INADEQUATE')!.fired }));
    const selectedMinutes = Object.values(report.workload.byKind).reduce((s, k) => s + k.minutes, 0);
    expect(selectedMinutes).toBe(report.workload.minutes);
    expect(report.workload.minutes).toBeGreaterThan(0);
    expect(tuningAdvice(report, DEFAULT_TARGETS)).toHaveLength(3);
    expect(tuningAdvice(report, { redMax: 0, yellowMax: 0, rfiMax: 0 }).join(' ')).toContain('above the target');
  });

  it('selects precursor trade far less often with a second indicator than on the code alone', () => {
    const { codes, hsOnly } = precursorComparison(starter);
    const stream = generateDay({ ...options, count: 600, hsOverride: codes });
    const selected = (ruleSet: typeof starter) => assessAll(stream.inputs, compileRuleSet(ruleSet), sanctions).filter((a) => a.outcome !== 'assessment_complete' && a.controlGroup !== true).length;
    const codeAlone = selected(hsOnly);
    const withSecond = selected(starter);
    expect(codeAlone).toBe(600);
    expect(withSecond).toBeLessThan(codeAlone * 0.5);
  });
});
