import { describe, expect, it } from 'vitest';
import { transition } from '@safe-screen/cases';
import type { Assessment } from '@safe-screen/domain';
import type { ClaimedJob } from '@safe-screen/db';
import { planDecision } from './plan-decision.js';

const job: ClaimedJob = {
  jobId: 7, attempts: 1, consignmentId: 'c-1', filingId: 'f-1', filingVersion: 2, mrn: '26NL0000000000SE0', filerId: 'filer-1',
  consignment: {
    sequence: 3, transportDocument: { number: 'HBL3' }, parties: [], placeOfLoading: { unlocode: 'CNSHA', country: 'CN' },
    routingCountries: ['CN', 'NL'], goods: [], equipment: [{ containerNumber: 'MSCU6639870', seals: [] }, { containerNumber: 'MSCU6639870', seals: [] }],
  },
  filing: { format: 'canonical', level: 'complete', lrn: 'L', parties: [], consignments: [], conveyance: { mode: 'sea', routingCountries: [], itinerary: [], expectedLoadingAt: '2026-12-01T06:00:00Z' } },
  timing: { late: false }, receivedAt: '2026-11-22T00:00:00Z', issues: [], masterDocumentNumber: 'MBL', transportDocumentNumber: 'HBL3', level: 'complete', requestId: 'req-1',
};

const base: Assessment = {
  score: 90, lane: 'red', outcome: 'outbound_inspection', requestedMethods: ['xray'], ruleSetVersion: 'v1', assessedAt: '2026-11-22T00:00:00Z', summary: 's',
  hits: [
    { source: 'rule', ruleId: 'ARMS-MUNITIONS', description: 'd', category: 'security', weight: 90, evidence: [], shareableReason: 'Goods declared as munitions.' },
    { source: 'rule', ruleId: 'INTERNAL-ONLY', description: 'd', category: 'security', weight: 5, evidence: [] },
  ],
};

describe('planDecision', () => {
  it('hands the lifecycle only shareable reasons, never weights', () => {
    const write = planDecision({ job, assessment: base, incompleteReason: undefined, now: '2026-11-22T00:00:00Z', administrationCountry: 'NL' });
    expect(write.lifecycle.decision.reasons).toEqual([{ code: 'ARMS-MUNITIONS', text: 'Goods declared as munitions.' }]);
    expect(JSON.stringify(write.lifecycle)).not.toContain('weight');
    expect(write.lifecycle).toMatchObject({ requestId: 'req-1', administrationCountry: 'NL' });
  });

  it('never lets an incomplete multiple filing pass as assessed', () => {
    const write = planDecision({ job, assessment: { ...base, outcome: 'assessment_complete', lane: 'green', score: 0 }, incompleteReason: 'house filings missing', now: '2026-11-22T00:00:00Z', administrationCountry: 'NL' });
    expect(write.state).toBe('incomplete');
    expect(write.assessment.outcome).toBe('incomplete');
    expect(write.lifecycle.decision.incompleteReason).toBe('house filings missing');
  });

  it('the lifecycle turns it into a request for the export country and tells the filer nothing', () => {
    const write = planDecision({ job, assessment: base, incompleteReason: undefined, now: '2026-11-22T00:00:00Z', administrationCountry: 'NL' });
    let n = 0;
    const state = {
      consignmentId: '4f1c2d3e-0000-4000-8000-000000000003', mrn: '26NLPF7P3ECI28HSE8', filerId: 'filer-1', loadingCarrierId: null, transportMode: 'sea' as const,
      hold: 'open' as const, assessment: 'assessed' as const, lane: null, filing: 'live' as const, arrivedAt: null, expectedLoadingAt: '2026-12-01T06:00:00Z', expectedDepartureAt: null,
      approvals: [], requests: [], told: null,
      cargo: { transportDocumentNumber: 'HBL3', equipment: ['MSCU6639870', 'MSCU6639870'], containerised: true, placeOfLoading: { unlocode: 'CNSHA', country: 'CN', name: null }, exportCountry: 'CN' },
    };
    const result = transition(state, { kind: 'assessment_decided', decision: write.lifecycle.decision }, { kind: 'policy' }, { now: write.lifecycle.now, newId: () => `00000000-0000-4000-8000-00000000000${++n}`, administrationCountry: 'NL' });
    if (!result.ok) throw new Error(result.refusal.code);
    expect(result.effects.state.hold).toBe('inspection_requested');
    expect(result.effects.notices).toEqual([]);
    const message = result.effects.outbox.find((m) => m.topic === 'inspectionRequests')!;
    expect(message.key).toBe('CN');
    expect(message.payload).toMatchObject({ containerNumbers: ['MSCU6639870'], requestingCountry: 'NL', placeOfLoading: 'CNSHA', deadline: '2026-12-01T06:00:00Z' });
  });
});
