import { describe, expect, it } from 'vitest';
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

let n = 0;
const newId = () => `id-${++n}`;

describe('planDecision', () => {
  it('turns an outbound inspection into a request for the export country with only shareable reasons', () => {
    const write = planDecision({ job, assessment: base, incompleteReason: undefined, now: '2026-11-22T00:00:00Z', administrationCountry: 'NL', newId });
    expect(write.holdStatus).toBe('inspection_requested');
    expect(write.inspectionRequest).toMatchObject({ exportCountry: 'CN', methods: ['xray'], deadline: '2026-12-01T06:00:00Z' });
    expect(write.inspectionRequest!.reasons).toEqual([{ code: 'ARMS-MUNITIONS', text: 'Goods declared as munitions.' }]);
    const message = write.outbox.find((m) => m.topic === 'inspectionRequests')!;
    expect(message.key).toBe('CN');
    expect(message.payload).toMatchObject({ containerNumbers: ['MSCU6639870'], requestingCountry: 'NL', placeOfLoading: 'CNSHA' });
    expect(JSON.stringify(message.payload)).not.toContain('weight');
    // No tip-off: the filer is not told about a customs-to-customs request.
    expect(write.notifications).toHaveLength(0);
  });

  it('tells the filer about Do Not Load through a notification and the carrier topic', () => {
    const write = planDecision({ job, assessment: { ...base, outcome: 'do_not_load' }, incompleteReason: undefined, now: '2026-11-22T00:00:00Z', administrationCountry: 'NL', newId });
    expect(write.holdStatus).toBe('do_not_load');
    expect(write.notifications[0]).toMatchObject({ kind: 'do_not_load', filerId: 'filer-1', mrn: job.mrn });
    expect(write.outbox.map((m) => m.topic)).toEqual(['carrierNotifications']);
  });

  it('never lets an incomplete multiple filing pass as assessed', () => {
    const write = planDecision({ job, assessment: { ...base, outcome: 'assessment_complete', lane: 'green', score: 0 }, incompleteReason: 'house filings missing', now: '2026-11-22T00:00:00Z', administrationCountry: 'NL', newId });
    expect(write.state).toBe('incomplete');
    expect(write.assessment.outcome).toBe('incomplete');
    expect(write.notifications[0]?.kind).toBe('request_for_information');
    expect(write.notifications[0]?.message).toContain('house filings missing');
  });
});
