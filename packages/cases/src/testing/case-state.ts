/** Builders for lifecycle tests: a consignment's state with sensible defaults. */
import type { TransportMode } from '@safe-screen/domain';
import type { AssessmentDecision } from '../events.js';
import type { CaseState } from '../states.js';

export function caseState(overrides: Partial<CaseState> = {}): CaseState {
  return {
    consignmentId: '4f1c2d3e-0000-4000-8000-000000000003',
    mrn: '26NLPF7P3ECI28HSE8',
    filerId: 'filer-1',
    loadingCarrierId: null,
    transportMode: 'sea' as TransportMode,
    hold: 'open',
    assessment: 'pending',
    lane: null,
    filing: 'live',
    arrivedAt: null,
    expectedLoadingAt: '2026-12-10T06:00:00.000Z',
    expectedDepartureAt: '2026-12-10T12:00:00.000Z',
    approvals: [],
    requests: [],
    told: null,
    cargo: {
      transportDocumentNumber: 'OBLSHA26110573',
      equipment: ['TGHU7720165'],
      containerised: true,
      placeOfLoading: { unlocode: 'CNSHA', country: 'CN', name: null },
      exportCountry: 'CN',
    },
    ...overrides,
  };
}

export function decision(outcome: AssessmentDecision['outcome'], extra: Partial<AssessmentDecision> = {}): AssessmentDecision {
  const lane = outcome === 'assessment_complete' ? 'green' : outcome === 'request_for_information' || outcome === 'screening_request' ? 'yellow' : 'red';
  return { outcome, lane, summary: `decided ${outcome}`, requestedMethods: outcome === 'outbound_inspection' ? ['xray'] : [], reasons: [{ code: 'R1', text: 'shareable reason' }], ...extra };
}

/** Ids that are valid UUIDs and deterministic within a test. */
export function idSequence(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}
