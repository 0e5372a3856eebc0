import { describe, expect, it } from 'vitest';
import { sampleFiling } from '../testing/read-fixture.js';
import { GATE_ISSUE_CODES } from './gate-issue-codes.js';
import { runGate } from './run-gate.js';

describe('runGate', () => {
  it('downgrades every finding to a warning for ENS messages', () => {
    const filing = sampleFiling('road.xml');
    filing.consignments[0]!.goods[0]!.description = 'general cargo';
    filing.consignments[0]!.goods[1]!.commodityCode = '999999';
    expect(runGate(filing).every((i) => i.severity === 'error')).toBe(true);
    for (const format of ['ens-cc315a', 'ens-cc313a'] as const) {
      const issues = runGate({ ...filing, format });
      expect(issues.map((i) => `${i.severity} ${i.code}`)).toEqual(['warning HS_CODE_UNKNOWN', 'warning GOODS_DESCRIPTION_VAGUE']);
    }
  });

  it('falls back to the object location for formats without a field map', () => {
    const filing = { ...sampleFiling('road.xml'), format: 'ens-cc315a' as const };
    filing.consignments[0]!.goods[0]!.location = '/GOOITEGDS[1]';
    filing.consignments[0]!.goods[0]!.commodityCode = '999999';
    expect(runGate(filing)[0]?.location).toBe('/GOOITEGDS[1]');
  });

  it('documents every code it emits', () => {
    for (const [code, description] of Object.entries(GATE_ISSUE_CODES)) {
      expect(code).toMatch(/^[A-Z0-9_]+$/);
      expect(description.length).toBeGreaterThan(20);
    }
  });
});
