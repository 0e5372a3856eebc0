import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, loadShippedUnList, loadStarterRuleSet } from '@safe-screen/risk';
import type { ClaimedJob } from '@safe-screen/db';
import { prepareEngine, runAssess, runParse, type AssessFacts, type RiskSnapshot } from './worker-tasks.js';

const sample = readFileSync(new URL('../../../packages/manifest/samples/sea-container.xml', import.meta.url));

const snapshot: RiskSnapshot = {
  ruleSetDocument: loadStarterRuleSet(),
  sanctionsLists: [loadShippedUnList('2025-04-19')],
  policy: { ...DEFAULT_POLICY, importingCountry: 'NL', outboundInspectionCountries: ['CN'] },
  mra: { administration: 'NL', domesticCountries: ['NL'], partners: [] },
  drawSalt: 'test',
};

const facts: AssessFacts = { parties: {}, massByHs6: {}, aeo: {}, dismissals: [], incomplete: {}, amendmentCounts: {} };

describe('worker tasks', () => {
  it('parses a filing and reports its timing', async () => {
    const parsed = await runParse({ body: sample, receivedAt: '2026-11-22T00:00:00Z' });
    expect(parsed.ok).toBe(true);
    expect(parsed.timing?.late).toBe(false);
  });

  it('assesses the same input to the same decision, and an arms consignment goes to outbound inspection', async () => {
    // House 3 becomes sporting shotguns paid in cash: firearms (60) + cash payment (10) + first-time party (15) = red.
    const houses = sample.toString('utf8').split('<HouseConsignment>');
    houses[3] = houses[3]!
      .replace('<CommodityCode>841810</CommodityCode>', '<CommodityCode>930320</CommodityCode>')
      .replace('Combined refrigerator-freezers, household, 300 l, separate external doors', 'Sporting shotguns, 12 gauge, with accessories')
      .replace('<PaymentMethod>H</PaymentMethod>', '<PaymentMethod>A</PaymentMethod>');
    const xml = houses.join('<HouseConsignment>');
    const parsed = await runParse({ body: Buffer.from(xml), receivedAt: '2026-11-22T00:00:00Z' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const { consignments, ...header } = parsed.filing;
    const jobs: ClaimedJob[] = consignments.map((consignment, i) => ({
      jobId: i + 1, attempts: 1, consignmentId: `c-${i + 1}`, filingId: 'f-1', filingVersion: 1, mrn: '26NL0000000000SE0', filerId: 'filer',
      consignment, filing: { ...header, consignments: [] }, timing: parsed.timing!, receivedAt: '2026-11-22T00:00:00Z', issues: parsed.issues,
      masterDocumentNumber: consignment.masterTransportDocument?.number ?? null, transportDocumentNumber: consignment.transportDocument?.number ?? null,
      level: header.level, requestId: null,
    }));
    const engine = prepareEngine(snapshot);
    const first = runAssess(engine, { jobs, facts, now: '2026-11-22T00:00:00Z' });
    const second = runAssess(prepareEngine(snapshot), { jobs, facts, now: '2026-11-22T00:00:00Z' });
    expect(first.failures).toEqual([]);
    expect(first.decisions.map((d) => d.assessment)).toEqual(second.decisions.map((d) => d.assessment));
    const arms = first.decisions.find((d) => d.consignmentId === 'c-3')!;
    expect(arms.assessment.outcome).toBe('outbound_inspection');
    expect(arms.assessment.hits.some((h) => h.ruleId === 'ARMS-FIREARMS' && h.evidence.some((e) => e.value.startsWith('9303')))).toBe(true);
    expect(arms.lifecycle.decision).toMatchObject({ outcome: 'outbound_inspection', requestedMethods: expect.arrayContaining(['xray']) as unknown });
  });
});
