/**
 * The threat lists of the starter rule set are data an administration must be able to check: each
 * names its source document and date, says what every entry means, and every HS code in it is a
 * code of the HS 2022 nomenclature shipped with the product.
 */
import { describe, expect, it } from 'vitest';
import { listHsSubheadings } from '@safe-screen/reference';
import { loadStarterRuleSet } from './load-starter-rule-set.js';

const THREAT_LISTS = [
  'arms_munitions', 'firearms_other', 'armoured_vehicles', 'explosives', 'detonators', 'ied_precursors',
  'oxidiser_peroxide', 'nitromethane_chlorates', 'drug_precursors_scheduled', 'drug_precursors_common', 'dual_use_chapters', 'precursor_retail_quantity',
];

describe('threat lists', () => {
  const { lists } = loadStarterRuleSet();
  const hs2022 = listHsSubheadings('HS2022');

  it.each(THREAT_LISTS)('%s names its source and every code is in HS 2022', (name) => {
    const list = lists[name];
    expect(list?.kind).toBe('hsPrefixes');
    expect(list?.source?.document.length).toBeGreaterThan(10);
    expect(list?.source?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const prefix of list!.items) expect(hs2022.some((code) => code.startsWith(prefix)), `${name}: ${prefix}`).toBe(true);
  });

  it('says what each entry of the main threat lists means, and which precursor codes are only in scope', () => {
    for (const name of ['arms_munitions', 'firearms_other', 'armoured_vehicles', 'explosives', 'detonators', 'ied_precursors', 'drug_precursors_scheduled', 'drug_precursors_common', 'dual_use_chapters']) {
      const list = lists[name]!;
      expect(Object.keys(list.meanings ?? {}).sort(), name).toEqual([...list.items].sort());
    }
    const unnamed = Object.entries(lists['ied_precursors']!.meanings!).filter(([, meaning]) => meaning.includes('not named')).map(([code]) => code);
    expect(unnamed.sort()).toEqual(['282919', '290420', '310229']);
    expect(lists['ied_precursors']!.source!.note).toContain('UNCONFIRMED');
  });

  it('covers 3601-3603 and every HS 2022 subheading of 3603', () => {
    const codes = [...lists['explosives']!.items, ...lists['detonators']!.items];
    for (const code of hs2022.filter((c) => /^360[1-3]/.test(c))) expect(codes.some((p) => code.startsWith(p)), code).toBe(true);
    expect(hs2022.filter((c) => c.startsWith('3603'))).toEqual(['360310', '360320', '360330', '360340', '360350', '360360']);
  });
});
