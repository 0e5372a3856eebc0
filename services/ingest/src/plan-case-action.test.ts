import { describe, expect, it } from 'vitest';
import type { CaseActionContext, CaseApproval } from '@safe-screen/db';
import { encodeMessage, type TopicMessage } from '@safe-screen/kafka';
import { planApprovalDecision, planConfirmHold, planDoNotLoad, planInspectionRequest, planRelease, planRequestForInformation } from './plan-case-action.js';

const env = { actorId: 'officer-a', now: '2026-05-01T10:00:00Z', administrationCountry: 'NL', newId: () => 'id-1' };

function context(over: Partial<CaseActionContext> = {}): CaseActionContext {
  return {
    consignmentId: 'c-1', filerId: 'filer-1', mrn: '26NL00000000000SE1', holdStatus: 'held', lane: 'yellow', outcome: 'screening_request', exportCountry: 'CN',
    consignment: { sequence: 1, parties: [], routingCountries: ['CN'], goods: [], equipment: [{ containerNumber: 'MSCU1234565', seals: [] }], placeOfLoading: { unlocode: 'CNSHA', country: 'CN' }, transportDocument: { number: 'BL1' } },
    header: { format: 'canonical', level: 'complete', lrn: 'L1', parties: [], consignments: [], conveyance: { mode: 'sea', routingCountries: [], itinerary: [], expectedLoadingAt: '2026-05-03T00:00:00Z' } },
    pendingApprovals: [],
    openInspectionRequests: [],
    ...over,
  };
}

const approval = (requestedBy: string): CaseApproval => ({
  id: 'ap-1', consignmentId: 'c-1', action: 'release', status: 'pending', requestedBy, requestedByName: requestedBy, reason: 'checked',
  decidedBy: null, decidedByName: null, decisionReason: null, decidedAt: null, createdAt: new Date(0),
});

describe('officer case actions', () => {
  it('releases a yellow-lane hold at once and tells the filer', () => {
    const write = planRelease(context(), env);
    expect(write.holdStatus).toBe('released');
    expect(write.requestApproval).toBeUndefined();
    expect(write.notifications[0]?.kind).toBe('released');
    expect(write.outbox[0]?.topic).toBe('carrierNotifications');
  });

  it('withdraws the open inspection requests of a released consignment and tells each export administration', () => {
    const requests = [{ id: '5b0f3c1e-8f1a-4d55-9b8e-2a1c3d4e5f60', exportCountry: 'CN' }, { id: '0c4f9d2a-1b3e-4a5f-8c7d-6e5f4a3b2c1d', exportCountry: 'VN' }];
    const write = planRelease(context({ holdStatus: 'inspection_requested', openInspectionRequests: requests }), env);
    expect(write.holdStatus).toBe('released');
    expect(write.withdrawInspectionRequests).toEqual(requests.map((r) => r.id));
    const withdrawals = write.outbox.filter((m) => m.topic === 'inspectionWithdrawals');
    expect(withdrawals.map((m) => m.key)).toEqual(['CN', 'VN']);
    for (const message of withdrawals) {
      // What the relay will publish must pass the topic's schema.
      expect(() => encodeMessage('inspectionWithdrawals', message.payload as TopicMessage<'inspectionWithdrawals'>)).not.toThrow();
    }
    // Customs-to-customs: the filer hears of the release, not of the inspection.
    expect(JSON.stringify(write.notifications)).not.toContain('inspection');
    // Four eyes: nothing is withdrawn until the second officer approves.
    const pending = planRelease(context({ lane: 'red', holdStatus: 'inspection_requested', openInspectionRequests: requests }), env);
    expect(pending.withdrawInspectionRequests).toBeUndefined();
    expect(pending.outbox).toEqual([]);
    const approved = planApprovalDecision(context({ lane: 'red', openInspectionRequests: requests, pendingApprovals: [approval('officer-a')] }), { ...env, actorId: 'officer-b' }, { approvalId: 'ap-1', approve: true });
    expect(approved.withdrawInspectionRequests).toEqual(requests.map((r) => r.id));
  });

  it('turns the release of a red-lane or Do Not Load hold into a four-eyes request', () => {
    for (const over of [{ lane: 'red' }, { holdStatus: 'do_not_load' }]) {
      const write = planRelease(context(over), env);
      expect(write.holdStatus).toBeUndefined();
      expect(write.requestApproval).toEqual({ action: 'release' });
      expect(write.notifications).toEqual([]);
    }
    expect(() => planRelease(context({ lane: 'red', pendingApprovals: [approval('officer-a')] }), env)).toThrow(expect.objectContaining({ code: 'APPROVAL_ALREADY_PENDING' }));
  });

  it('refuses the requester approving their own release; another officer releases', () => {
    const ctx = context({ lane: 'red', pendingApprovals: [approval('officer-a')] });
    expect(() => planApprovalDecision(ctx, env, { approvalId: 'ap-1', approve: true })).toThrow(expect.objectContaining({ code: 'FOUR_EYES_REQUIRED' }));
    const write = planApprovalDecision(ctx, { ...env, actorId: 'officer-b' }, { approvalId: 'ap-1', approve: true });
    expect(write.holdStatus).toBe('released');
    expect(write.decideApproval).toEqual({ id: 'ap-1', status: 'approved' });
    const rejected = planApprovalDecision(ctx, { ...env, actorId: 'officer-b' }, { approvalId: 'ap-1', approve: false });
    expect(rejected.holdStatus).toBeUndefined();
    expect(rejected.decideApproval?.status).toBe('rejected');
  });

  it('confirms an open case as held and keeps stronger holds as they are', () => {
    expect(planConfirmHold(context({ holdStatus: 'open' })).holdStatus).toBe('held');
    expect(planConfirmHold(context({ holdStatus: 'do_not_load' })).holdStatus).toBe('do_not_load');
    expect(() => planConfirmHold(context({ holdStatus: 'released' }))).toThrow(expect.objectContaining({ code: 'ACTION_NOT_ALLOWED' }));
  });

  it('asks the export country for the chosen methods without telling the filer', () => {
    const write = planInspectionRequest(context(), env, { methods: ['xray', 'physical'], reason: 'internal suspicion' });
    expect(write.holdStatus).toBe('inspection_requested');
    expect(write.inspectionRequest).toMatchObject({ exportCountry: 'CN', methods: ['xray', 'physical'], deadline: '2026-05-03T00:00:00Z' });
    expect(write.notifications).toEqual([]);
    expect(write.outbox[0]).toMatchObject({ topic: 'inspectionRequests', key: 'CN' });
    expect(JSON.stringify(write.outbox)).not.toContain('internal suspicion');
    expect(() => planInspectionRequest(context(), env, { methods: ['dowsing'], reason: 'x' })).toThrow(expect.objectContaining({ code: 'REQUEST_INVALID' }));
  });

  it('issues Do Not Load with a filer notice, and an RFI reopens a released case', () => {
    const dnl = planDoNotLoad(context(), env);
    expect(dnl.holdStatus).toBe('do_not_load');
    expect(dnl.notifications[0]?.kind).toBe('do_not_load');
    const rfi = planRequestForInformation(context({ holdStatus: 'released' }), env, { question: 'Send the commercial invoice' });
    expect(rfi.holdStatus).toBe('open');
    expect(rfi.notifications[0]?.message).toContain('commercial invoice');
  });
});
