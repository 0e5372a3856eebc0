import { beforeAll, describe, expect, it } from 'vitest';
import { loadShippedSanctionsLists } from './load-sanctions-file.js';
import { buildSanctionsIndex, type SanctionsIndex } from './sanctions-index.js';
import { DEFAULT_SCREENING_THRESHOLD, screenParty } from './screen-party.js';
import type { SanctionsList } from './sanctions-list.js';
import { buildNameVariants, type VariantKind } from './testing/name-variants.js';
import { buildOrdinaryNames } from './testing/ordinary-names.js';

let lists: SanctionsList[];
let index: SanctionsIndex;

beforeAll(() => {
  lists = loadShippedSanctionsLists();
  index = buildSanctionsIndex(lists);
});

describe('matcher accuracy at the default threshold (UN 2025-04-19 + OFAC SDN 2024-05-03 index)', () => {
  it('finds the listed entry for at least 90% of spelling variants of 300 UN names', () => {
    const variants = buildNameVariants(lists[0]!, 300);
    const byKind = new Map<VariantKind, { found: number; total: number }>();
    const missed: string[] = [];
    for (const v of variants) {
      const hit = screenParty(index, { name: v.query }).some((m) => m.entry.source === 'UN' && m.entry.id === v.expectedId);
      const tally = byKind.get(v.kind) ?? { found: 0, total: 0 };
      tally.total++;
      if (hit) tally.found++;
      else missed.push(`${v.kind}: "${v.query}" (${v.listedName})`);
      byKind.set(v.kind, tally);
    }
    const found = [...byKind.values()].reduce((s, t) => s + t.found, 0);
    const recall = found / variants.length;
    console.log(`recall ${recall.toFixed(3)} on ${variants.length} variants of 300 UN names`);
    for (const [kind, t] of byKind) console.log(`  ${kind}: ${t.found}/${t.total}`);
    console.log(`  sample misses: ${missed.slice(0, 12).join('; ')}`);
    expect(variants.length).toBeGreaterThan(1500);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('flags at most 2% of ordinary, unlisted person and company names', () => {
    const names = buildOrdinaryNames();
    const flagged = names.filter((n) => screenParty(index, { name: n.name, type: n.type }).length > 0);
    const rate = flagged.length / names.length;
    console.log(`false-positive rate ${rate.toFixed(4)} (${flagged.length}/${names.length}): ${flagged.map((f) => f.name).join('; ')}`);
    expect(names.length).toBeGreaterThanOrEqual(300);
    expect(rate).toBeLessThanOrEqual(0.02);
  });

  it('uses a default threshold inside (0,1)', () => {
    expect(DEFAULT_SCREENING_THRESHOLD).toBeGreaterThan(0.5);
    expect(DEFAULT_SCREENING_THRESHOLD).toBeLessThan(1);
  });
});
