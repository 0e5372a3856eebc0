import { isValidContainerNumber } from '@safe-screen/domain';
import { hsCodeExists, isKnownUnlocode } from '@safe-screen/reference';
import { describe, expect, it } from 'vitest';
import { parseFilingSync } from '../parse-filing.js';
import { generateCanonicalManifest } from './generate-manifest.js';

describe('generateCanonicalManifest', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateCanonicalManifest({ consignments: 50, seed: 7, riskyShare: 0.2 });
    expect(generateCanonicalManifest({ consignments: 50, seed: 7, riskyShare: 0.2 })).toBe(a);
    expect(generateCanonicalManifest({ consignments: 50, seed: 8, riskyShare: 0.2 })).not.toBe(a);
  });

  it('produces a manifest that registers with no issues, with valid identifiers and codes', () => {
    const outcome = parseFilingSync(generateCanonicalManifest({ consignments: 300, seed: 42, riskyShare: 0.2 }));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues.slice(0, 5)));
    expect(outcome.issues).toEqual([]);
    const { consignments } = outcome.filing;
    expect(consignments).toHaveLength(300);
    for (const consignment of consignments) {
      expect(consignment.equipment.every((e) => isValidContainerNumber(e.containerNumber))).toBe(true);
      expect(consignment.goods.every((g) => g.commodityCode !== undefined && hsCodeExists(g.commodityCode))).toBe(true);
      expect([consignment.placeOfLoading?.unlocode, consignment.placeOfDelivery?.unlocode].every((c) => c !== undefined && isKnownUnlocode(c))).toBe(true);
    }
  });

  it('puts risk indicators on about the requested share of consignments', () => {
    const count = (riskyShare: number): number => {
      const outcome = parseFilingSync(generateCanonicalManifest({ consignments: 1000, seed: 3, riskyShare }));
      if (!outcome.ok) throw new Error('generated manifest must register');
      return outcome.filing.consignments.filter(
        (c) =>
          c.paymentMethod === 'A' ||
          c.routingCountries.includes('IR') ||
          c.parties.some((p) => p.name === 'TO ORDER') ||
          c.goods.some((g) => (g.value?.amount ?? Infinity) < 500 || /^(93|36|2847|3102|2829|8710)/.test(g.commodityCode ?? '')),
      ).length;
    };
    expect(count(0)).toBe(0);
    const share = count(0.3) / 1000;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.32);
  });
});
