/**
 * Test builders: a plain, low-risk sea consignment (Rotterdam-bound furniture from Shanghai) that
 * tests change one fact at a time, and a policy with fixed time.
 */
import type { Consignment, Filing } from '@safe-screen/domain';
import type { AssessmentInput } from '../assessment/assessment-input.js';
import { DEFAULT_POLICY, type AssessmentPolicy } from '../assessment/assessment-policy.js';

export const TEST_NOW = '2026-11-20T10:00:00Z';

export function buildConsignment(overrides: Partial<Consignment> = {}): Consignment {
  return {
    sequence: 1,
    transportDocument: { type: 'N705', number: 'HBL123456' },
    parties: [
      { role: 'consignor', name: 'Ningbo Oak Furniture Manufacturing', identifier: 'CN913302001234567X', address: { street: '88 Jiangnan Road', city: 'Ningbo', country: 'CN' } },
      { role: 'consignee', name: 'Hendriks Interieur', identifier: 'NL812345678', address: { street: 'Kerkstraat 12', city: 'Utrecht', country: 'NL' } },
    ],
    placeOfLoading: { unlocode: 'CNSHA', country: 'CN' },
    placeOfUnloading: { unlocode: 'NLRTM', country: 'NL' },
    routingCountries: ['CN', 'NL'],
    goods: [
      {
        itemNumber: 1,
        description: 'Oak dining tables, assembled',
        commodityCode: '940360',
        grossMassKg: 1200,
        packages: [{ kind: 'PK', count: 40 }],
        containerNumbers: ['CSQU3054383'],
        originCountry: 'CN',
        value: { amount: 24000, currency: 'EUR' },
      },
    ],
    equipment: [{ containerNumber: 'CSQU3054383', packedStatus: 'full', sealCount: 1, seals: ['SL123456'] }],
    containerised: true,
    totalPackages: 40,
    paymentMethod: 'D',
    ...overrides,
  };
}

export function buildAssessmentInput(overrides: Partial<AssessmentInput> = {}): AssessmentInput {
  const filing: Omit<Filing, 'consignments'> = {
    format: 'ens-cc315a',
    level: 'complete',
    lrn: 'LRN-TEST-0001',
    parties: [{ role: 'carrier', name: 'Blue Ocean Container Line', identifier: 'NL000000001' }],
    conveyance: { mode: 'sea', identifier: '9074729', name: 'EVER GIVING', routingCountries: ['CN', 'NL'], itinerary: [] },
  };
  return {
    consignmentId: 'TEST-1',
    filing,
    consignment: buildConsignment(),
    timing: { receivedAt: '2026-11-19T08:00:00Z', late: false, hoursBeforeLoading: 48, amendmentCount: 0 },
    indicators: [],
    randomDraw: 0.5,
    ...overrides,
  };
}

export function buildPolicy(overrides: Partial<AssessmentPolicy> = {}): AssessmentPolicy {
  return { ...DEFAULT_POLICY, importingCountry: 'NL', nowIso: TEST_NOW, outboundInspectionCountries: ['CN', 'US'], ...overrides };
}
