import { describe, expect, it } from 'vitest';
import { parseTopicMessage } from '@safe-screen/kafka/topics';
import { filerStatusOf } from './filer-status.js';
import { transition, type Effects, type TransitionEnv } from './transition.js';
import type { Actor, CaseEvent } from './events.js';
import type { CaseState } from './states.js';
import { caseState, decision, idSequence } from './testing/case-state.js';

const NOW = '2026-12-05T10:00:00.000Z';
const env = (): TransitionEnv => ({ now: NOW, newId: idSequence(), administrationCountry: 'NL' });
const officer: Actor = { kind: 'officer', id: 'officer-a' };
const officerB: Actor = { kind: 'officer', id: 'officer-b' };
const filer: Actor = { kind: 'filer', filerId: 'filer-1' };
const policy: Actor = { kind: 'policy' };

function apply(state: CaseState, event: CaseEvent, actor: Actor, e = env()): Effects {
  const result = transition(state, event, actor, e);
  if (!result.ok) throw new Error(`refused: ${result.refusal.code} ${result.refusal.message}`);
  return result.effects;
}

function refusal(state: CaseState, event: CaseEvent, actor: Actor) {
  const result = transition(state, event, actor, env());
  return result.ok ? undefined : result.refusal.code;
}

const decided = (outcome: Parameters<typeof decision>[0], overrides: Partial<CaseState> = {}) =>
  apply(caseState(overrides), { kind: 'assessment_decided', decision: decision(outcome) }, policy).state;

describe('lifecycle transitions (the reproductions of issue 13, pure)', () => {
  it('arrival is recorded, bounded in time, and never releases a hold', () => {
    for (const outcome of ['screening_request', 'outbound_inspection', 'do_not_load'] as const) {
      const held = decided(outcome);
      const arrived = apply(held, { kind: 'arrival_notified', arrivedAt: '2026-12-20T00:00:00Z' }, filer, { ...env(), now: '2026-12-20T01:00:00Z' });
      expect(arrived.state.hold).toBe(held.hold);
      expect(arrived.state.arrivedAt).toBe('2026-12-20T00:00:00.000Z');
      expect(arrived.notices).toEqual([]);
    }
    const held = decided('screening_request');
    expect(refusal(held, { kind: 'arrival_notified', arrivedAt: '1999-01-01T00:00:00Z' }, filer)).toBe('ARRIVAL_TIME_INVALID');
    expect(refusal(held, { kind: 'arrival_notified', arrivedAt: '2030-01-01T00:00:00Z' }, filer)).toBe('ARRIVAL_TIME_INVALID');
  });

  it('officers still act on an arrived consignment', () => {
    const arrived = apply(decided('screening_request'), { kind: 'arrival_notified', arrivedAt: '2026-12-20T00:00:00Z' }, filer, { ...env(), now: '2026-12-20T01:00:00Z' }).state;
    expect(apply(arrived, { kind: 'do_not_load_issued' }, officer).state.hold).toBe('do_not_load');
    expect(apply(arrived, { kind: 'information_requested', question: 'invoice?' }, officer).notices).toHaveLength(1);
  });

  it('refuses invalidation and amendment of a consignment under control', () => {
    const dnl = apply(decided('assessment_complete'), { kind: 'do_not_load_issued' }, officer).state;
    expect(refusal(dnl, { kind: 'filing_invalidated', reason: 'x' }, filer)).toBe('FILING_INVALIDATION_REFUSED');
    expect(refusal(dnl, { kind: 'filing_amended' }, filer)).toBe('FILING_AMENDMENT_REFUSED');
    expect(refusal(decided('outbound_inspection'), { kind: 'filing_invalidated', reason: 'x' }, filer)).toBe('FILING_INVALIDATION_REFUSED');
    const released = decided('assessment_complete');
    expect(apply(released, { kind: 'filing_invalidated', reason: 'voyage cancelled' }, filer).state.filing).toBe('invalidated');
  });

  it('a Do Not Load cancels a pending four-eyes release, so approving it later releases nothing', () => {
    const red = decided('screening_request', { lane: 'red' });
    const redState = { ...red, lane: 'red' as const };
    const requested = apply(redState, { kind: 'release_requested' }, officer);
    const approvalId = requested.openApproval!.id;
    const dnl = apply(requested.state, { kind: 'do_not_load_issued' }, officerB);
    expect(dnl.cancelApprovals).toEqual([approvalId]);
    expect(refusal(dnl.state, { kind: 'approval_decided', approvalId, approve: true }, { kind: 'supervisor', id: 'sup' })).toBe('APPROVAL_NOT_FOUND');
  });

  it('a request for information does not replace Do Not Load in the filer status', () => {
    const dnl = apply(decided('assessment_complete'), { kind: 'do_not_load_issued' }, officer).state;
    const asked = apply(dnl, { kind: 'information_requested', question: 'Who is the shipper?' }, officer).state;
    expect(asked.hold).toBe('do_not_load');
    expect(filerStatusOf(asked)).toBe('do_not_load');
  });

  it('every inspection result leads to a defined next state', () => {
    const inspecting = decided('outbound_inspection');
    const requestId = inspecting.requests[0]!.id;
    // An officer's negative result releases, as the partner's does.
    const byOfficer = apply(inspecting, { kind: 'inspection_result', requestId, outcome: 'no_anomaly' }, officer);
    expect(byOfficer.state.hold).toBe('released');
    const partner: Actor = { kind: 'partner', country: 'CN' };
    // Not inspected, then inspected: the real result is accepted.
    const notInspected = apply(inspecting, { kind: 'inspection_result', requestId, outcome: 'not_inspected' }, partner).state;
    expect(notInspected.hold).toBe('held');
    const seized = apply(notInspected, { kind: 'inspection_result', requestId, outcome: 'seized' }, partner);
    expect(seized.state.hold).toBe('do_not_load');
    expect(refusal(seized.state, { kind: 'inspection_result', requestId, outcome: 'no_anomaly' }, partner)).toBe('INSPECTION_RESULT_DUPLICATE');
    // Another country's partner cannot reach it.
    expect(refusal(inspecting, { kind: 'inspection_result', requestId, outcome: 'no_anomaly' }, { kind: 'partner', country: 'VN' })).toBe('INSPECTION_REQUEST_NOT_FOUND');
  });

  it('refuses a second outbound request and one after the loading date; expires requests at their deadline', () => {
    const inspecting = decided('outbound_inspection');
    expect(refusal(inspecting, { kind: 'inspection_requested', methods: ['xray'] }, officer)).toBe('INSPECTION_ALREADY_REQUESTED');
    const late = decided('screening_request', { expectedLoadingAt: '2026-12-01T00:00:00Z' });
    expect(refusal(late, { kind: 'inspection_requested', methods: ['xray'] }, officer)).toBe('INSPECTION_TOO_LATE');
    const expired = apply(inspecting, { kind: 'deadline_passed' }, { kind: 'system', component: 'sweep' }, { ...env(), now: '2026-12-11T00:00:00Z' });
    expect(expired.state.requests[0]!.status).toBe('expired');
    expect(expired.state.hold).toBe('held');
  });

  it('builds inspection requests every partner can parse: ULDs, trailers, no UN/LOCODE, no transport document', () => {
    const air = decided('outbound_inspection', { transportMode: 'air', cargo: { transportDocumentNumber: null, equipment: ['PMC1337XX'], containerised: false, placeOfLoading: { unlocode: null, country: 'CN', name: 'Ezhou Huahu' }, exportCountry: 'CN' } });
    expect(air.requests).toHaveLength(1);
    const road = apply(caseState({ transportMode: 'road', cargo: { transportDocumentNumber: 'CMR 2611/0042', equipment: ['WX 12345', 'B-AB 1234'], containerised: false, placeOfLoading: { unlocode: 'XX???', country: 'TR', name: null }, exportCountry: 'TR' } }), { kind: 'assessment_decided', decision: decision('outbound_inspection') }, policy);
    const message = road.outbox.find((m) => m.topic === 'inspectionRequests')!;
    expect(message.payload).toMatchObject({ equipment: [{ kind: 'trailer', identifier: 'WX 12345' }, { kind: 'trailer', identifier: 'B-AB 1234' }], placeOfLoadingName: 'XX???' });
    expect(() => parseTopicMessage('inspectionRequests', message.payload)).not.toThrow();
  });

  it("tells the loading carrier of a forwarder's house consignment about Do Not Load", () => {
    const house = decided('assessment_complete', { loadingCarrierId: 'carrier-9' });
    const dnl = apply(house, { kind: 'do_not_load_issued' }, officer);
    expect(dnl.notices.map((n) => [n.recipient, n.recipientId, n.kind])).toEqual([['filer', 'filer-1', 'do_not_load'], ['loading_carrier', 'carrier-9', 'do_not_load']]);
    expect(dnl.outbox.filter((m) => m.topic === 'carrierNotifications')).toHaveLength(2);
  });

  it('an outbound inspection looks to the filer exactly like a pending outcome', () => {
    const inspecting = apply(caseState({ assessment: 'assessed' }), { kind: 'assessment_decided', decision: decision('outbound_inspection') }, policy);
    expect(inspecting.notices).toEqual([]);
    expect(filerStatusOf(inspecting.state)).toBe(filerStatusOf(caseState()));
  });

  it('a re-screening decision never loosens a control in force, and a linked filing inherits it', () => {
    const held = decided('screening_request');
    expect(apply(held, { kind: 'assessment_decided', decision: decision('assessment_complete') }, policy).state.hold).toBe('held');
    const inherited = apply(caseState(), { kind: 'assessment_decided', decision: decision('assessment_complete', { inheritedHold: 'do_not_load' }) }, policy);
    expect(inherited.state.hold).toBe('do_not_load');
  });

  it('refuses events from actors who may not cause them', () => {
    expect(refusal(caseState(), { kind: 'release_requested' }, filer)).toBe('ACTOR_NOT_ALLOWED');
    expect(refusal(caseState(), { kind: 'assessment_decided', decision: decision('assessment_complete') }, officer)).toBe('ACTOR_NOT_ALLOWED');
    expect(refusal(caseState(), { kind: 'arrival_notified', arrivedAt: NOW }, { kind: 'filer', filerId: 'someone-else' })).toBe('ACTOR_NOT_ALLOWED');
  });
});
