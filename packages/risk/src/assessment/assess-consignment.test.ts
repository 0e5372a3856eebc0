import { describe, expect, it } from 'vitest';
import type { Party } from '@safe-screen/domain';
import { compileRuleSet } from '../rules/compile-rule-set.js';
import { loadStarterRuleSet } from '../rules/load-starter-rule-set.js';
import { sanctionsFingerprint } from '../sanctions/sanctions-fingerprint.js';
import { buildSanctionsIndex } from '../sanctions/sanctions-index.js';
import { buildAssessmentInput, buildConsignment, buildPolicy } from '../testing/build-assessment-input.js';
import { SMALL_SANCTIONS_LIST } from '../testing/small-sanctions-list.js';
import type { AeoTreatment } from '../aeo/evaluate-aeo.js';
import { unknownAeoTreatment } from '../aeo/evaluate-aeo.js';
import type { AssessmentInput } from './assessment-input.js';
import { assessConsignment, type AssessmentContext } from './assess-consignment.js';
import { drawForConsignment } from './draw-for-consignment.js';
import { partyKey } from './party-key.js';

const context: AssessmentContext = {
  ruleSet: compileRuleSet(loadStarterRuleSet()),
  sanctions: buildSanctionsIndex([SMALL_SANCTIONS_LIST]),
  policy: buildPolicy(),
};
const base = buildConsignment();
const goods = (commodityCode: string, description: string) => buildConsignment({ goods: [{ ...base.goods[0]!, commodityCode, description }] });
const consignee = (overrides: Partial<Party>) => buildConsignment({ parties: [base.parties[0]!, { ...base.parties[1]!, ...overrides }] });
const assess = (input: AssessmentInput, ctx: AssessmentContext = context) => assessConsignment(input, ctx);

const AEOS_NL: AeoTreatment = { status: 'valid', operatorId: 'NL812345678', type: 'AEOS', issuingCountry: 'NL', recognised: true, securityTreatment: true, reason: 'AEOS NL812345678 issued by NL, valid and recognised' };
const withAeo = (input: AssessmentInput, treatment: AeoTreatment): AssessmentInput => ({ ...input, aeo: [{ partyKey: partyKey(input.consignment.parties[1]!), treatment }] });

describe('assessConsignment', () => {
  it('completes a plain consignment green, recording rule set version, list edition and time', () => {
    const a = assess(buildAssessmentInput());
    expect(a).toMatchObject({ score: 0, lane: 'green', outcome: 'assessment_complete', hits: [], requestedMethods: [], ruleSetVersion: 'starter-2026.12.1', assessedAt: '2026-11-20T10:00:00Z' });
    expect(a.sanctionsEdition).toBe('UN@2025-04-19T23:00:04.625Z');
    expect(a.controlGroup).toBeUndefined();
  });

  it('orders Do Not Load for detonators before loading, and a hold at arrival once loaded', () => {
    const before = assess(buildAssessmentInput({ consignment: goods('360300', 'Electric detonators') }));
    expect(before).toMatchObject({ outcome: 'do_not_load', lane: 'red' });
    expect(before.summary).toContain('IED-DETONATORS');
    const loaded = assess(buildAssessmentInput({ consignment: goods('360300', 'Electric detonators'), timing: { receivedAt: '2026-11-20T09:00:00Z', late: true, hoursBeforeLoading: -3, amendmentCount: 0 } }));
    expect(loaded).toMatchObject({ outcome: 'screening_request', lane: 'red' });
    expect(loaded.requestedMethods).toEqual(['documentary', 'xray', 'physical']);
  });

  it('requests outbound inspection from an export administration that accepts requests when the lane is red', () => {
    const consignment = { ...goods('930320', 'Sporting shotguns'), routingCountries: ['CN', 'RU', 'NL'] };
    const a = assess(buildAssessmentInput({ consignment }));
    // Firearms 60 + routing through a sanctioned jurisdiction 35 + dual-use chapter on a risky route 40.
    expect(a).toMatchObject({ outcome: 'outbound_inspection', lane: 'red', score: 135 });
    const noPartner = assess(buildAssessmentInput({ consignment }), { ...context, policy: buildPolicy({ outboundInspectionCountries: [] }) });
    expect(noPartner.outcome).toBe('screening_request');
    expect(noPartner.summary).toContain('hold for examination at arrival');
  });

  it('asks for screening with the rules\' methods in the yellow lane', () => {
    // Declared with its UN number (2014), so only the concentration selects it.
    const a = assess(buildAssessmentInput({ consignment: buildConsignment({ goods: [{ ...base.goods[0]!, commodityCode: '284700', description: 'Hydrogen peroxide solution 50 %', dangerousGoodsUn: '2014' }] }) }));
    expect(a).toMatchObject({ outcome: 'screening_request', lane: 'yellow', score: 45, requestedMethods: ['documentary', 'sampling'] });
    expect(a.hits.map((h) => h.ruleId)).toEqual(['PGS-PRECURSOR-MONITORED', 'IED-PRECURSOR-CONCENTRATED', 'LICENCE-MISSING']);
    expect(a.hits[1]).toMatchObject({ source: 'rule', weight: 45, category: 'security' });
    expect(a.hits[1]?.shareableReason).toBeDefined();
  });

  it('records ordinary precursor trade for Programme Global Shield without selecting it', () => {
    const a = assess(buildAssessmentInput({ consignment: goods('310230', 'Ammonium nitrate fertiliser, prilled, 34.4 % N') }));
    expect(a).toMatchObject({ outcome: 'assessment_complete', lane: 'green', score: 0 });
    expect(a.hits.map((h) => h.ruleId)).toEqual(['PGS-PRECURSOR-MONITORED']);
  });

  it('requests information when the description is only general terms', () => {
    const a = assess(buildAssessmentInput({ consignment: goods('940360', 'GENERAL CARGO - said to contain 40 packages') }));
    // A request for information is never green (the consignment is not cleared until the data come).
    expect(a).toMatchObject({ outcome: 'request_for_information', lane: 'yellow' });
  });

  describe('inadequate data is not low risk', () => {
    const without = (role: 'consignor' | 'consignee') => buildConsignment({ parties: base.parties.filter((p) => p.role !== role) });
    const noHs = buildConsignment({ goods: base.goods.map((g) => ({ ...g, commodityCode: undefined })) as typeof base.goods });
    // The invariant holds whatever the rule set says: a rule set with one unrelated rule cannot make it green.
    const bare: AssessmentContext = {
      ...context,
      ruleSet: compileRuleSet({ version: 'bare-1', lists: {}, rules: [{ id: 'NEVER', description: 'never fires in this test', category: 'security', weight: 1, intelligence: false, licensable: false, validFrom: '2026-01-01', suggestedMethods: [], condition: { goods: { commodity: { prefixes: ['0000'] } } } }] }),
    };
    const cases = [
      ['no consignor', without('consignor'), 'consignor'],
      ['no consignee', without('consignee'), 'consignee'],
      ['no HS code', noHs, 'goods item 1 commodityCode'],
    ] as const;
    for (const [label, consignment, named] of cases) {
      for (const [ctxLabel, ctx] of [['starter rules', context], ['a bare rule set', bare]] as const) {
        it(`a complete filing with ${label} is a request for information, never green (${ctxLabel})`, () => {
          for (const randomDraw of [0, 0.5, 0.999]) {
            const a = assess(buildAssessmentInput({ consignment, randomDraw }), ctx);
            expect(a.outcome).toBe('request_for_information');
            expect(a.lane).not.toBe('green');
            expect(a.summary).toContain(named);
            expect(a.hits.find((h) => h.ruleId === 'DATA-INADEQUATE')?.description).toContain(named);
          }
        });
      }
    }

    it('keeps the stronger outcome when data are missing on a red or Do Not Load consignment', () => {
      const detonators = buildConsignment({ parties: base.parties.filter((p) => p.role !== 'consignee'), goods: [{ ...base.goods[0]!, commodityCode: '360300', description: 'Electric detonators' }] });
      const a = assess(buildAssessmentInput({ consignment: detonators }));
      expect(a.outcome).toBe('do_not_load');
      expect(a.hits.some((h) => h.ruleId === 'DATA-INADEQUATE')).toBe(true);
    });

    it('does not ask a master filing for commodity codes (they come with the house filings)', () => {
      const input = buildAssessmentInput({ consignment: noHs });
      const a = assess({ ...input, filing: { ...input.filing, level: 'master' } });
      expect(a.outcome).toBe('assessment_complete');
    });
  });

  it('holds a name-only match for officer review with the entry, alias and feature evidence', () => {
    const a = assess(buildAssessmentInput({ consignment: consignee({ name: 'Korea Mirae Shipping Co Ltd', address: { country: 'KP', city: 'Pyongyang', street: '1' } }) }));
    // An exact alias plus country is still a name match: potential, held, not Do Not Load.
    expect(a).toMatchObject({ outcome: 'screening_request', lane: 'red' });
    expect(a.summary).toMatch(/^Potential sanctions match: .*KPe\.020.*held for officer review/);
    const hit = a.hits.find((h) => h.source === 'sanctions');
    expect(hit).toMatchObject({ ruleId: 'SANCTIONS:UN:KPe.020', category: 'security', weight: 100 });
    expect(hit?.description).toContain('via alias "Korea Mirae Shipping Co. Ltd"');
    expect(hit?.evidence[0]?.note).toMatch(/name 1\.00.*country 1\.00/);
  });

  it('stops loading only when a strong identifier agrees, or when policy says so', () => {
    const exactPrimary = consignee({ name: 'Ocean Maritime Management Company, Limited', address: { country: 'KP', city: 'Pyongyang', street: '1' } });
    const a = assess(buildAssessmentInput({ consignment: exactPrimary }));
    expect(a.outcome).toBe('do_not_load');
    expect(a.summary).toContain('exact primary name and listed country agree');
    const elsewhere = assess(buildAssessmentInput({ consignment: consignee({ name: 'Ocean Maritime Management Company, Limited', address: { country: 'CN', city: 'Dalian', street: '1' } }) }));
    expect(elsewhere.outcome).toBe('screening_request');
    const nameOnly = buildAssessmentInput({ consignment: consignee({ name: 'Korea Mirae Shipping Co Ltd', address: { country: 'KP', city: 'Pyongyang', street: '1' } }) });
    const strict = assess(nameOnly, { ...context, policy: { ...context.policy, sanctionsDoNotLoadOnNameAlone: true } });
    expect(strict.outcome).toBe('do_not_load');
    expect(strict.summary).toContain('policy');
    const input = buildAssessmentInput();
    const vessel = assess({ ...input, filing: { ...input.filing, conveyance: { ...input.filing.conveyance, identifier: '7937317', name: 'MU DU BONG' } } });
    expect(vessel.outcome).toBe('do_not_load');
    expect(vessel.summary).toContain('IMO number agrees');
  });

  it('screens the vessel by IMO number', () => {
    const input = buildAssessmentInput();
    const a = assess({ ...input, filing: { ...input.filing, conveyance: { ...input.filing.conveyance, identifier: '7937317', name: 'MU DU BONG' } } });
    expect(a.hits.map((h) => h.ruleId)).toContain('SANCTIONS:UN:V-1');
  });

  it('does not fire a sanctions hit an officer dismissed for that party and entry', () => {
    const party = { name: 'Korea Mirae Shipping Co Ltd', address: { country: 'KP', city: 'Pyongyang', street: '1' } };
    const fingerprint = sanctionsFingerprint({ name: party.name, country: 'KP' }, context.sanctions.entries[0]!);
    const dismissed = assess(buildAssessmentInput({ consignment: consignee(party), sanctionsDismissals: [fingerprint] }));
    expect(dismissed.hits.some((h) => h.source === 'sanctions')).toBe(false);
    const renamed = assess(buildAssessmentInput({ consignment: consignee({ ...party, address: { country: 'CN', city: 'Dalian', street: '1' } }), sanctionsDismissals: [fingerprint] }));
    expect(renamed.hits.some((h) => h.source === 'sanctions')).toBe(true);
  });

  describe('AEO treatment', () => {
    const risky = buildAssessmentInput({ consignment: { ...goods('930320', 'Sporting shotguns'), routingCountries: ['CN', 'RU', 'NL'] } });

    it('halves the non-intelligence rule score for a recognised security AEO, shown as a negative hit', () => {
      const a = assess(withAeo(risky, AEOS_NL));
      expect(a.score).toBe(67.5);
      expect(a.lane).toBe('yellow');
      expect(a.hits.find((h) => h.source === 'aeo')).toMatchObject({ ruleId: 'AEO-SECURITY-TREATMENT', weight: -67.5 });
    });

    it('never lowers an intelligence rule', () => {
      const input = withAeo(buildAssessmentInput({ consignment: consignee({ name: 'Northern Star Dual Trading' }) }), AEOS_NL);
      const a = assess(input);
      expect(a.score).toBe(100);
      expect(a.hits.find((h) => h.source === 'aeo')?.weight).toBe(0);
    });

    it('never hides a sanctions hit', () => {
      const input = withAeo(buildAssessmentInput({ consignment: consignee({ name: 'Korea Mirae Shipping Co Ltd', identifier: 'NL812345678', address: { country: 'KP' } }) }), AEOS_NL);
      const a = assess(input);
      expect(a).toMatchObject({ outcome: 'screening_request', lane: 'red' });
      expect(a.hits.find((h) => h.source === 'sanctions')?.weight).toBeGreaterThan(90);
    });

    it('gives AEOC, suspended and unknown statuses no reduction but shows them', () => {
      for (const treatment of [
        { ...AEOS_NL, type: 'AEOC' as const, securityTreatment: false, reason: 'AEOC without security component' },
        { ...AEOS_NL, status: 'suspended' as const, recognised: false, securityTreatment: false, reason: 'suspended' },
        unknownAeoTreatment('registry timeout'),
      ]) {
        const a = assess(withAeo(risky, treatment));
        expect(a.score).toBe(135);
        const aeoHit = a.hits.find((h) => h.source === 'aeo');
        expect(aeoHit?.weight).toBe(0);
        expect(aeoHit?.ruleId).toBe(treatment.status === 'unknown' ? 'AEO-STATUS-UNKNOWN' : 'AEO-NO-TREATMENT');
      }
    });
  });

  describe('random control group', () => {
    it('selects a would-be-green consignment when the draw is under the rate, and marks it', () => {
      const a = assess(buildAssessmentInput({ randomDraw: 0.004 }));
      expect(a).toMatchObject({ outcome: 'screening_request', controlGroup: true, requestedMethods: ['xray'] });
    });

    it('leaves risk-selected consignments out of the control group', () => {
      const a = assess(buildAssessmentInput({ randomDraw: 0.004, consignment: goods('284700', 'Hydrogen peroxide 35%') }));
      expect(a.controlGroup).toBeUndefined();
    });

    it('draws the same number for the same consignment and salt', () => {
      const d = drawForConsignment('26NL0000000000001A-1', '2026-11');
      expect(d).toBe(drawForConsignment('26NL0000000000001A-1', '2026-11'));
      expect(d).not.toBe(drawForConsignment('26NL0000000000001A-1', '2026-12'));
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(1);
      const draws = Array.from({ length: 2000 }, (_, i) => drawForConsignment(`C-${i}`, 's'));
      expect(draws.filter((x) => x < 0.1).length).toBeGreaterThan(150);
      expect(draws.filter((x) => x < 0.1).length).toBeLessThan(250);
    });
  });

  it('gives the same decision for the same input and versions, also with an index sent as JSON', () => {
    const input = buildAssessmentInput({ consignment: { ...goods('930320', 'Sporting shotguns'), routingCountries: ['CN', 'RU', 'AE', 'NL'] }, randomDraw: 0.2 });
    const first = assess(input);
    const copy = JSON.parse(JSON.stringify(input)) as AssessmentInput;
    const revived = { ...context, sanctions: JSON.parse(JSON.stringify(context.sanctions)) as AssessmentContext['sanctions'], ruleSet: compileRuleSet(loadStarterRuleSet()) };
    expect(assess(copy, revived)).toEqual(first);
    expect(assess(input)).toEqual(first);
  });
});
