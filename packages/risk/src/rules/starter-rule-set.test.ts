import { describe, expect, it } from 'vitest';
import type { Consignment, GoodsItem } from '@safe-screen/domain';
import type { AssessmentInput } from '../assessment/assessment-input.js';
import { buildAssessmentInput, buildConsignment, TEST_NOW } from '../testing/build-assessment-input.js';
import { compileRuleSet } from './compile-rule-set.js';
import { buildConsignmentFacts } from './consignment-facts.js';
import { loadStarterRuleSet } from './load-starter-rule-set.js';

const ruleSet = compileRuleSet(loadStarterRuleSet());

function fired(input: AssessmentInput): string[] {
  return ruleSet.evaluate(buildConsignmentFacts(input), TEST_NOW).map((f) => f.rule.id);
}

const base = buildConsignment();
const item = (overrides: Partial<GoodsItem>): Consignment => buildConsignment({ goods: [{ ...base.goods[0]!, ...overrides }] });
const withConsignment = (consignment: Consignment, extra: Partial<AssessmentInput> = {}) => buildAssessmentInput({ consignment, ...extra });
const consignee = (overrides: object) => buildConsignment({ parties: [base.parties[0]!, { ...base.parties[1]!, ...overrides }] });
const withRouting = (overrides: Partial<Consignment>) => buildConsignment(overrides);

interface RuleCase {
  rule: string;
  positive: AssessmentInput;
  negative: AssessmentInput;
}

const CASES: RuleCase[] = [
  { rule: 'ARMS-MUNITIONS', positive: withConsignment(item({ commodityCode: '930630', description: 'Cartridges for rifles' })), negative: withConsignment(item({ commodityCode: '930320', description: 'Sporting shotguns' })) },
  { rule: 'ARMS-FIREARMS', positive: withConsignment(item({ commodityCode: '930320', description: 'Sporting shotguns' })), negative: withConsignment(item({ commodityCode: '950300', description: 'Wooden toy trains' })) },
  { rule: 'ARMOURED-VEHICLES', positive: withConsignment(item({ commodityCode: '871000', description: 'Armoured personnel carrier' })), negative: withConsignment(item({ commodityCode: '870323', description: 'Passenger cars' })) },
  { rule: 'IED-DETONATORS', positive: withConsignment(item({ commodityCode: '360300', description: 'Electric detonators for mining' })), negative: withConsignment(item({ commodityCode: '360500', description: 'Safety matches' })) },
  { rule: 'EXPLOSIVES', positive: withConsignment(item({ commodityCode: '360200', description: 'Emulsion explosives for quarrying' })), negative: withConsignment(item({ commodityCode: '360410', description: 'Fireworks' })) },
  { rule: 'PGS-PRECURSOR-MONITORED', positive: withConsignment(item({ commodityCode: '310230', description: 'Ammonium nitrate fertiliser' })), negative: withConsignment(item({ commodityCode: '310520', description: 'NPK fertiliser' })) },
  {
    rule: 'IED-PRECURSOR-CONCENTRATED',
    positive: withConsignment(item({ commodityCode: '284700', description: 'Hydrogen peroxide solution 35 % w/w' })),
    negative: withConsignment(item({ commodityCode: '284700', description: 'Hydrogen peroxide solution 8%' })),
  },
  {
    rule: 'IED-PRECURSOR-UNKNOWN-CONSIGNEE',
    positive: withConsignment(item({ commodityCode: '310230', description: 'Ammonium nitrate fertiliser' }), { history: { parties: { 'id:NL812345678': { firstSeen: true } } } }),
    negative: withConsignment(item({ commodityCode: '310230', description: 'Ammonium nitrate fertiliser' })),
  },
  {
    rule: 'IED-PRECURSOR-SMALL-LOT',
    positive: withConsignment(item({ commodityCode: '310230', description: 'Ammonium nitrate 34.5 % N', grossMassKg: 50 })),
    negative: withConsignment(item({ commodityCode: '310230', description: 'Ammonium nitrate 34.5 % N', grossMassKg: 24_000 })),
  },
  { rule: 'DRUG-PRECURSOR-SCHEDULED', positive: withConsignment(item({ commodityCode: '293942', description: 'Pseudoephedrine hydrochloride' })), negative: withConsignment(item({ commodityCode: '293930', description: 'Caffeine anhydrous' })) },
  {
    rule: 'DRUG-PRECURSOR-SECOND-INDICATOR',
    positive: withConsignment(buildConsignment({ goods: [{ ...base.goods[0]!, commodityCode: '291524', description: 'Acetic anhydride' }], paymentMethod: 'A' })),
    negative: withConsignment(item({ commodityCode: '291524', description: 'Acetic anhydride' })),
  },
  {
    rule: 'IED-PRECURSOR-RISK-ROUTE',
    positive: withConsignment({ ...item({ commodityCode: '282911', description: 'Sodium chlorate' }), routingCountries: ['CN', 'IR', 'NL'] }),
    negative: withConsignment(item({ commodityCode: '282911', description: 'Sodium chlorate' })),
  },
  {
    rule: 'DUAL-USE-RISK-ROUTE',
    positive: withConsignment({ ...item({ commodityCode: '848180', description: 'Industrial valves' }), routingCountries: ['CN', 'AE', 'NL'] }),
    negative: withConsignment(item({ commodityCode: '848180', description: 'Industrial valves' })),
  },
  {
    rule: 'CHP-CIRCUMVENTION',
    positive: withConsignment({ ...item({ commodityCode: '854231', description: 'Microcontrollers' }), placeOfLoading: { unlocode: 'AEJEA', country: 'AE' } }),
    negative: withConsignment({ ...item({ commodityCode: '940360', description: 'Oak tables' }), placeOfLoading: { unlocode: 'AEJEA', country: 'AE' } }),
  },
  { rule: 'ROUTING-SANCTIONED', positive: withConsignment(withRouting({ routingCountries: ['CN', 'RU', 'NL'] })), negative: withConsignment(withRouting({ routingCountries: ['CN', 'SG', 'NL'] })) },
  { rule: 'TRANSSHIPMENT', positive: withConsignment(withRouting({ routingCountries: ['CN', 'SG', 'LK', 'NL'] })), negative: withConsignment(withRouting({ routingCountries: ['CN', 'SG', 'NL'] })) },
  { rule: 'ORIGIN-NOT-LOADING', positive: withConsignment(item({ originCountry: 'VN' })), negative: withConsignment(item({ originCountry: 'CN' })) },
  {
    rule: 'FIRST-TIME-PARTY',
    positive: buildAssessmentInput({ history: { parties: { 'id:NL812345678': { firstSeen: true } } } }),
    negative: buildAssessmentInput({ history: { parties: { 'id:NL812345678': { firstSeen: false } } } }),
  },
  { rule: 'TO-ORDER-CONSIGNEE', positive: withConsignment(consignee({ name: 'TO THE ORDER OF Bank Mellat' })), negative: withConsignment(consignee({ name: 'Ordermann Interieur' })) },
  { rule: 'FORWARDER-CONSIGNEE', positive: withConsignment(consignee({ name: 'Rapid Freight Forwarding BV' })), negative: withConsignment(consignee({ name: 'Freeman Interieur' })) },
  { rule: 'PARTY-ADDRESS-WEAK', positive: withConsignment(consignee({ address: { city: 'Utrecht', country: 'NL' } })), negative: buildAssessmentInput() },
  { rule: 'CONSIGNEE-NO-IDENTIFIER', positive: withConsignment(consignee({ identifier: undefined })), negative: buildAssessmentInput() },
  { rule: 'CASH-PAYMENT', positive: withConsignment(buildConsignment({ paymentMethod: 'A' })), negative: withConsignment(buildConsignment({ paymentMethod: 'B' })) },
  { rule: 'VAGUE-DESCRIPTION', positive: withConsignment(item({ description: 'General cargo, 40 pkgs' })), negative: withConsignment(item({ description: 'Spare parts: brake discs for trucks' })) },
  {
    rule: 'PARTY-PLACEHOLDER',
    positive: buildAssessmentInput({ indicators: [{ severity: 'warning', code: 'PARTY_NAME_PLACEHOLDER', message: 'placeholder', location: '/x', value: 'UNKNOWN' }] }),
    negative: buildAssessmentInput({ indicators: [{ severity: 'warning', code: 'ROUTING_INCOMPLETE', message: 'r', location: '/y' }] }),
  },
  { rule: 'HS-DESCRIPTION-MISMATCH', positive: withConsignment(item({ commodityCode: '930690', description: 'Plastic toys' })), negative: withConsignment(item({ commodityCode: '950300', description: 'Plastic toys' })) },
  {
    rule: 'SEALS-MISSING',
    positive: withConsignment(buildConsignment({ equipment: [{ containerNumber: 'CSQU3054383', packedStatus: 'full', seals: [] }] })),
    negative: withConsignment(buildConsignment({ equipment: [{ containerNumber: 'CSQU3054383', packedStatus: 'empty', seals: [] }], goods: [{ ...base.goods[0]!, containerNumbers: [] }] })),
  },
  {
    rule: 'SEAL-COUNT-MISMATCH',
    positive: withConsignment(buildConsignment({ equipment: [{ containerNumber: 'CSQU3054383', packedStatus: 'full', sealCount: 2, seals: ['SL1'] }] })),
    negative: buildAssessmentInput(),
  },
  {
    rule: 'CONTAINER-NUMBER-INVALID',
    positive: withConsignment(buildConsignment({ equipment: [{ containerNumber: 'CSQU3054384', packedStatus: 'full', sealCount: 1, seals: ['S1'] }] })),
    negative: buildAssessmentInput(),
  },
  {
    rule: 'IDENTIFIER-INVALID',
    positive: buildAssessmentInput({ filing: { ...buildAssessmentInput().filing, conveyance: { mode: 'sea', identifier: '9074728', routingCountries: [], itinerary: [] } } }),
    negative: buildAssessmentInput(),
  },
  {
    rule: 'EMPTY-CONTAINER-WITH-GOODS',
    positive: withConsignment(buildConsignment({ equipment: [{ containerNumber: 'CSQU3054383', packedStatus: 'empty', seals: ['S1'], sealCount: 1 }] })),
    negative: buildAssessmentInput(),
  },
  {
    rule: 'WEIGHT-ANOMALY-HISTORY',
    positive: buildAssessmentInput({ history: { massByHs6: { '940360': { meanKg: 300, stdevKg: 100, samples: 500 } } } }),
    negative: buildAssessmentInput({ history: { massByHs6: { '940360': { meanKg: 1100, stdevKg: 200, samples: 500 } } } }),
  },
  { rule: 'MASS-PER-PACKAGE-IMPLAUSIBLE', positive: withConsignment(item({ grossMassKg: 1, packages: [{ count: 40 }] })), negative: buildAssessmentInput() },
  { rule: 'TOTALS-MISMATCH', positive: withConsignment(buildConsignment({ totalPackages: 41 })), negative: buildAssessmentInput() },
  { rule: 'VALUE-ANOMALY', positive: withConsignment(item({ commodityCode: '847130', description: 'Laptop computers', value: { amount: 500, currency: 'EUR' } })), negative: withConsignment(item({ commodityCode: '847130', description: 'Laptop computers' })) },
  {
    rule: 'LATE-FILING',
    positive: buildAssessmentInput({ timing: { receivedAt: TEST_NOW, late: true, hoursBeforeLoading: 10, amendmentCount: 0 } }),
    negative: buildAssessmentInput(),
  },
  {
    rule: 'FREQUENT-AMENDMENTS',
    positive: buildAssessmentInput({ timing: { receivedAt: TEST_NOW, late: false, hoursBeforeLoading: 30, amendmentCount: 3 } }),
    negative: buildAssessmentInput({ timing: { receivedAt: TEST_NOW, late: false, hoursBeforeLoading: 30, amendmentCount: 2 } }),
  },
  {
    rule: 'DANGEROUS-GOODS-UNDECLARED',
    positive: withConsignment(item({ commodityCode: '850760', description: 'Lithium ion batteries for e-bikes' })),
    negative: withConsignment(item({ commodityCode: '850760', description: 'Lithium ion batteries for e-bikes', dangerousGoodsUn: '3480' })),
  },
  { rule: 'COUNTERFEIT-PRONE', positive: withConsignment(item({ commodityCode: '910211', description: 'Replica wrist watches' })), negative: withConsignment(item({ commodityCode: '910211', description: 'Quartz wrist watches' })) },
  { rule: 'WATCHLIST-PARTY', positive: withConsignment(consignee({ name: 'Northern Star Dual Trading LLC', identifier: undefined })), negative: buildAssessmentInput() },
];

describe('starter rule set', () => {
  it('fires nothing on a plain furniture consignment', () => {
    expect(fired(buildAssessmentInput())).toEqual([]);
  });

  it('has a positive and a negative case for every rule', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(ruleSet.rules.map((r) => r.id).sort());
  });

  it.each(CASES)('$rule fires on its indicator and not on the near miss', ({ rule, positive, negative }) => {
    expect(fired(positive)).toContain(rule);
    expect(fired(negative)).not.toContain(rule);
  });

  it('gives evidence with the field and value that made a rule fire', () => {
    const facts = buildConsignmentFacts(withConsignment(item({ commodityCode: '360300', description: 'Detonators', location: '/GOOITEGDS[1]' })));
    const hit = ruleSet.evaluate(facts, TEST_NOW).find((f) => f.rule.id === 'IED-DETONATORS');
    expect(hit?.evidence).toEqual([{ field: 'goods[0].commodityCode', value: '360300', location: '/GOOITEGDS[1]', note: 'starts with 3603' }]);
  });

  it('ignores rules outside their validity dates', () => {
    const input = withConsignment(item({ commodityCode: '360300', description: 'Detonators' }));
    expect(ruleSet.evaluate(buildConsignmentFacts(input), '2025-12-31T23:00:00Z').map((f) => f.rule.id)).not.toContain('IED-DETONATORS');
  });
});
