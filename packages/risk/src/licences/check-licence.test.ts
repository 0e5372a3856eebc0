import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../rules/compile-rule-set.js';
import { loadStarterRuleSet } from '../rules/load-starter-rule-set.js';
import { buildSanctionsIndex } from '../sanctions/sanctions-index.js';
import { buildAssessmentInput, buildConsignment, buildPolicy } from '../testing/build-assessment-input.js';
import { assessConsignment } from '../assessment/assess-consignment.js';
import type { AssessmentInput } from '../assessment/assessment-input.js';
import { checkCitedLicence, licenceDemand, type CitedLicence } from './check-licence.js';
import { parseLicenceRecords, type LicenceRecord } from './licence-record.js';

const context = { ruleSet: compileRuleSet(loadStarterRuleSet()), sanctions: buildSanctionsIndex([]), policy: buildPolicy() };
const base = buildConsignment();
const detonators = buildConsignment({
  goods: [{ ...base.goods[0]!, commodityCode: '360360', description: 'Electric detonators for quarry blasting', grossMassKg: 600, netMassKg: 480 }],
  licences: [{ number: 'NL-EXPL-2026-0042', issuingCountry: 'NL', location: '/Consignment[1]/Licence[1]' }],
});
const licence: LicenceRecord = {
  number: 'NL-EXPL-2026-0042', issuingCountry: 'NL', direction: 'import', category: 'explosives',
  holderName: 'Hendriks Interieur', holderIdentifier: 'NL812345678', goodsDescription: 'Electric detonators',
  hsCodes: ['3603'], quantity: 2000, unit: 'kg', validFrom: '2026-01-01', validTo: '2027-12-31', status: 'valid',
};
const cite = (overrides: Partial<CitedLicence> = {}): CitedLicence[] => [{ citation: detonators.licences![0]!, licence, remaining: 2000, reserved: true, ...overrides }];
const assess = (input: AssessmentInput) => assessConsignment(input, context);

describe('licences', () => {
  it('turns Do Not Load of licensed detonators into a documentary check of the licence', () => {
    const a = assess(buildAssessmentInput({ consignment: detonators, licences: cite() }));
    expect(a).toMatchObject({ outcome: 'screening_request', lane: 'yellow', requestedMethods: ['documentary'] });
    expect(a.hits.find((h) => h.ruleId === 'LICENCE-MATCHED')).toMatchObject({ weight: -90 });
    expect(a.summary).toContain('documentary check of the licence');
  });

  it('keeps the hold without a licence, and says so', () => {
    const a = assess(buildAssessmentInput({ consignment: { ...detonators, licences: [] } }));
    expect(a.outcome).toBe('do_not_load');
    expect(a.hits.find((h) => h.ruleId === 'LICENCE-MISSING')?.description).toContain('IED-DETONATORS');
  });

  it.each([
    ['another holder', { licence: { ...licence, holderName: 'Quarry Services GmbH', holderIdentifier: 'DE123456789' } }, 'neither the consignor nor the consignee'],
    ['expired', { licence: { ...licence, validTo: '2026-06-30' } }, 'expired on 2026-06-30'],
    ['revoked', { licence: { ...licence, status: 'revoked' as const } }, 'is revoked'],
    ['other goods', { licence: { ...licence, hsCodes: ['3602'] } }, 'none of the goods declared'],
    ['used up', { remaining: 300, reserved: false }, 'has 300 kg left; this consignment needs 480 kg'],
    ['unknown', { licence: undefined }, 'is not in the licence register'],
  ])('holds when the cited licence is %s', (_label, overrides, reason) => {
    const a = assess(buildAssessmentInput({ consignment: detonators, licences: cite(overrides) }));
    expect(a.outcome).toBe('do_not_load');
    const hit = a.hits.find((h) => h.ruleId === 'LICENCE-MISMATCH');
    expect(hit?.description).toContain(reason);
    expect(a.hits.some((h) => h.ruleId === 'LICENCE-MATCHED')).toBe(false);
  });

  it('lifts only the rules whose goods the licence covers', () => {
    const mixed = buildConsignment({ ...detonators, goods: [detonators.goods[0]!, { ...base.goods[0]!, itemNumber: 2, commodityCode: '930320', description: 'Sporting shotguns' }] });
    const a = assess(buildAssessmentInput({ consignment: mixed, licences: cite() }));
    expect(a.hits.find((h) => h.ruleId === 'LICENCE-MATCHED')).toMatchObject({ weight: -90 });
    expect(a.hits.find((h) => h.ruleId === 'LICENCE-MISSING')?.description).toContain('ARMS-FIREARMS');
    expect(a).toMatchObject({ outcome: 'screening_request', lane: 'yellow' });
    expect(a.requestedMethods).toEqual(['documentary', 'xray']);
  });

  it('measures demand in net mass (else gross) or in items', () => {
    expect(licenceDemand(detonators, licence)).toEqual({ goodsIndices: [0], quantity: 480 });
    expect(licenceDemand(detonators, { ...licence, unit: 'items' })).toEqual({ goodsIndices: [0], quantity: 40 });
    expect(checkCitedLicence(detonators, cite()[0]!, '2026-11-20T00:00:00Z')).toMatchObject({ ok: true, quantity: 480 });
  });

  it('parses licence files and names every bad field', () => {
    expect(parseLicenceRecords(licence)).toEqual({ ok: true, licences: [licence] });
    const bad = parseLicenceRecords([licence, { ...licence, hsCodes: ['36.03'], validTo: '2025-01-01', extra: 1 }]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['[1].hsCodes[0]', '[1]']));
  });
});
