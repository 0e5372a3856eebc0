/**
 * The lifecycle's one transition function: given a consignment's state, an event and who caused
 * it, either a refusal with a stable code or every effect of the event as data (new state, notices
 * to the filer and the loading carrier, typed outbox messages, audit entries, request and approval
 * changes). The database applies the effects in one transaction (packages/db `applyCaseTransition`).
 *
 * The rules a customs officer expects, enforced here and checked by the property test:
 * - only customs (officer, supervisor, partner result, the policy's decision) lower a hold; nothing
 *   a filer sends changes a hold at all;
 * - arrival is a recorded fact, bounded in time, never a release;
 * - invalidation and amendment of a consignment under control are refused;
 * - a stricter hold cancels pending approvals that would loosen it;
 * - every inspection result, in any order, leads to a defined next state; duplicate or late
 *   outbound requests are refused; expiry and release close open requests and tell export customs;
 * - an outbound inspection is never visible to the filer (no tip-off).
 *
 * Pure and total: it never throws for a well-typed input (the only throw is an outbox message
 * failing its topic schema, which is a bug the property test would catch).
 */
import type { InspectionMethod, Outcome } from '@safe-screen/domain';
import type { ShareableReason } from '@safe-screen/kafka/topics';
import { MAY_CAUSE, SCREENING_METHODS, SCREENING_RESULTS, actorId, isCustoms, type Actor, type AssessmentDecision, type CaseEvent, type InformationReply, type ScreeningReport } from './events.js';
import { filerStatusOf } from './filer-status.js';
import { cargoIdentification, outboxMessage, requirementOf, type OutboxMessage } from './messages.js';
import {
  isControlled,
  isOpenRequest,
  holdRank,
  loadingTimeOf,
  stricterHold,
  type CaseState,
  type HoldStatus,
  type InspectionOutcome,
  type InspectionRequestState,
  type NoticeKind,
  type RequestStatus,
} from './states.js';

export const REFUSAL_CODES = [
  'ACTOR_NOT_ALLOWED',
  'ACTION_NOT_ALLOWED',
  'FILING_INVALIDATED',
  'FILING_AMENDMENT_REFUSED',
  'FILING_INVALIDATION_REFUSED',
  'ARRIVAL_TIME_INVALID',
  'APPROVAL_ALREADY_PENDING',
  'APPROVAL_NOT_FOUND',
  'FOUR_EYES_REQUIRED',
  'REQUEST_INVALID',
  'INSPECTION_REQUEST_NOT_FOUND',
  'INSPECTION_ALREADY_REQUESTED',
  'INSPECTION_TOO_LATE',
  'INSPECTION_REQUEST_CLOSED',
  'INSPECTION_RESULT_DUPLICATE',
  'REPLY_NOT_EXPECTED',
  'SCREENING_REPORT_INVALID',
  'INSPECTION_TIME_INVALID',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  code: RefusalCode;
  message: string;
}

export interface TransitionEnv {
  /** ISO 8601 time of the event. */
  now: string;
  newId: () => string;
  /** This administration's ISO country code (the requesting country of outbound inspections). */
  administrationCountry: string;
  /** How far a reported arrival may lie in the future (clock skew); default 5 minutes. */
  clockSkewMs?: number;
}

export interface Notice {
  id: string;
  recipient: 'filer' | 'loading_carrier';
  recipientId: string;
  mrn: string;
  consignmentId: string;
  kind: NoticeKind;
  message: string;
}

export interface AuditEffect {
  action: string;
  details: Record<string, unknown>;
}

export interface NewInspectionRequest {
  id: string;
  exportCountry: string;
  methods: InspectionMethod[];
  reasons: ShareableReason[];
  deadline: string;
}

export interface RequestChange {
  id: string;
  status: RequestStatus;
  /** A result to record on the request (absent: status change only). */
  outcome?: InspectionOutcome;
  escalationReason?: 'not_inspected' | 'deadline_passed';
  acknowledged?: boolean;
}

export interface Effects {
  state: CaseState;
  previousHold: HoldStatus;
  notices: Notice[];
  outbox: OutboxMessage[];
  audit: AuditEffect[];
  newRequest?: NewInspectionRequest;
  requestChanges: RequestChange[];
  openApproval?: { id: string; action: 'release' };
  decideApproval?: { id: string; status: 'approved' | 'rejected' };
  /** Pending approvals a stricter hold made moot. */
  cancelApprovals: string[];
  arrival?: { at: string };
  invalidation?: { reason: string };
  /** Queue a new assessment of the consignment (amendment, list-edition re-screening). */
  reassess: boolean;
  /** An inspected result the targeting model learns from. */
  label?: { requestId: string; outcome: Exclude<InspectionOutcome, 'not_inspected'>; by: 'partner' | 'officer' };
}

export type TransitionResult = { ok: true; effects: Effects } | { ok: false; refusal: Refusal };

const DEFAULT_SKEW_MS = 5 * 60_000;

const DECIDED_HOLD: Record<Outcome, HoldStatus> = {
  incomplete: 'open',
  assessment_complete: 'released',
  request_for_information: 'open',
  screening_request: 'held',
  outbound_inspection: 'inspection_requested',
  do_not_load: 'do_not_load',
};

const MESSAGES = {
  assessment_complete: 'Assessment complete: no action required.',
  released: 'Released: the consignment may be loaded and will not be held on arrival for this risk.',
  do_not_load: 'Do Not Load: this consignment must not be loaded. Contact the customs risk office.',
} as const;

function refuse(code: RefusalCode, message: string): TransitionResult {
  return { ok: false, refusal: { code, message } };
}

/** What an operations desk needs on a notice: its references, the equipment, what is required and by when. */
function noticeFacts(s: CaseState, kind: NoticeKind) {
  const text = (v: string | null | undefined, max: number) => (v === null || v === undefined || v.trim() === '' ? undefined : v.trim().slice(0, max));
  const lrn = text(s.lrn, 70);
  const document = text(s.cargo.transportDocumentNumber, 70);
  const master = text(s.masterDocumentNumber, 70);
  const equipment = [...new Set(s.cargo.equipment.map((e) => text(e, 35)).filter((e): e is string => e !== undefined))];
  const { required, dueBy } = requirementOf(kind, s.consignmentId, loadingTimeOf(s));
  return {
    ...(lrn === undefined ? {} : { lrn }),
    ...(document === undefined ? {} : { transportDocumentNumber: document }),
    ...(master === undefined ? {} : { masterDocumentNumber: master }),
    ...(equipment.length === 0 ? {} : { equipment }),
    ...(required === null ? {} : { required }),
    ...(dueBy === null ? {} : { dueBy }),
  };
}

/** Accumulates the effects of one transition. */
class Builder {
  readonly effects: Effects;

  constructor(
    private readonly from: CaseState,
    private readonly env: TransitionEnv,
  ) {
    this.effects = {
      state: { ...from, approvals: [...from.approvals], requests: from.requests.map((r) => ({ ...r })) },
      previousHold: from.hold,
      notices: [],
      outbox: [],
      audit: [],
      requestChanges: [],
      cancelApprovals: [],
      reassess: false,
    };
  }

  get state(): CaseState {
    return this.effects.state;
  }

  audit(action: string, details: Record<string, unknown> = {}): void {
    this.effects.audit.push({ action, details });
  }

  /** Moves the hold; a stricter hold cancels every pending release approval (they would loosen it). */
  setHold(hold: HoldStatus): void {
    const previous = this.state.hold;
    if (hold === previous) return;
    this.state.hold = hold;
    if (holdRank(hold) > holdRank(previous)) this.cancelApprovals('a stricter hold superseded the request');
    this.audit('consignment.hold_changed', { from: previous, to: hold });
  }

  cancelApprovals(why: string): void {
    for (const approval of this.state.approvals) {
      this.effects.cancelApprovals.push(approval.id);
      this.audit('approval.cancelled', { approvalId: approval.id, why });
    }
    this.state.approvals = [];
  }

  /**
   * Tells the filer and, for the notices that decide whether cargo is loaded, the loading carrier
   * when it is someone else (a forwarder's house filing travels in the carrier's container).
   */
  notify(kind: NoticeKind, message: string): void {
    const s = this.state;
    const recipients: { recipient: Notice['recipient']; id: string }[] = [{ recipient: 'filer', id: s.filerId }];
    const loadingDecision = kind === 'do_not_load' || kind === 'released' || kind === 'screening_request';
    if (loadingDecision && s.loadingCarrierId !== null && s.loadingCarrierId !== s.filerId) recipients.push({ recipient: 'loading_carrier', id: s.loadingCarrierId });
    for (const r of recipients) {
      const id = this.env.newId();
      this.effects.notices.push({ id, recipient: r.recipient, recipientId: r.id, mrn: s.mrn, consignmentId: s.consignmentId, kind, message });
      this.effects.outbox.push(outboxMessage('carrierNotifications', {
        schemaVersion: 1, notificationId: id, filerId: r.id, mrn: s.mrn, consignmentId: s.consignmentId, kind, message, issuedAt: this.env.now, ...noticeFacts(s, kind),
      }));
    }
    s.told = kind;
    s.answered = null;
  }

  changeRequest(change: RequestChange): void {
    const request = this.state.requests.find((r) => r.id === change.id);
    if (request === undefined) return;
    request.status = change.status;
    if (change.outcome !== undefined) request.lastOutcome = change.outcome;
    if (change.acknowledged === true) request.acknowledged = true;
    this.effects.requestChanges.push(change);
  }

  /** Withdraws every open request and tells each export administration it is no longer needed. */
  withdrawOpenRequests(why: 'RISK_RESOLVED' | 'FILING_INVALIDATED'): void {
    for (const request of this.state.requests.filter(isOpenRequest)) {
      this.changeRequest({ id: request.id, status: 'withdrawn' });
      this.effects.outbox.push(outboxMessage('inspectionWithdrawals', {
        schemaVersion: 1,
        requestId: request.id,
        mrn: this.state.mrn,
        exportCountry: request.exportCountry,
        requestingCountry: this.env.administrationCountry,
        reason: why === 'RISK_RESOLVED'
          ? { code: 'RISK_RESOLVED', text: 'The requesting administration has resolved the risk; the inspection is no longer needed' }
          : { code: 'FILING_INVALIDATED', text: 'The entry summary declaration was invalidated; the inspection is no longer needed' },
        withdrawnAt: this.env.now,
      }));
      this.audit('inspection_request.withdrawn', { inspectionRequestId: request.id, exportCountry: request.exportCountry, why });
    }
  }

  /** Asks export customs to inspect; the caller has checked the request may be made. */
  requestInspection(exportCountry: string, methods: InspectionMethod[], reasons: ShareableReason[]): void {
    const s = this.state;
    const id = this.env.newId();
    const loadingAt = loadingTimeOf(s);
    const deadline = loadingAt ?? new Date(Date.parse(this.env.now) + 24 * 3600_000).toISOString();
    const requestedMethods: InspectionMethod[] = methods.length > 0 ? [...new Set(methods)] : ['xray'];
    this.effects.newRequest = { id, exportCountry, methods: requestedMethods, reasons, deadline };
    s.requests.push({ id, exportCountry, status: 'requested', deadline, acknowledged: false, lastOutcome: null });
    this.effects.outbox.push(outboxMessage('inspectionRequests', {
      schemaVersion: 1,
      requestId: id,
      mrn: s.mrn,
      consignmentId: s.consignmentId,
      ...cargoIdentification(s.cargo, s.transportMode),
      ...(s.cargo.details ?? {}),
      exportCountry,
      requestingCountry: this.env.administrationCountry,
      ...(loadingAt === null ? {} : { expectedLoadingAt: loadingAt }),
      deadline,
      reasons,
      requestedMethods,
      issuedAt: this.env.now,
    }));
    this.audit('inspection_request.created', { inspectionRequestId: id, exportCountry, methods: requestedMethods });
  }

  /** Lifts the hold: withdraws open requests, tells the filer (and the loading carrier). */
  release(): void {
    this.withdrawOpenRequests('RISK_RESOLVED');
    this.setHold('released');
    this.notify('released', MESSAGES.released);
  }

  done(): TransitionResult {
    return { ok: true, effects: this.effects };
  }
}

/** Why an outbound inspection cannot be asked for now, or undefined when it can. */
function inspectionBlocked(state: CaseState, now: string): Refusal | undefined {
  if (state.arrivedAt !== null) return { code: 'INSPECTION_TOO_LATE', message: 'the consignment has arrived: a pre-loading inspection is too late' };
  const loadingAt = loadingTimeOf(state);
  if (loadingAt !== null && Date.parse(loadingAt) <= Date.parse(now)) return { code: 'INSPECTION_TOO_LATE', message: `loading was expected at ${loadingAt}: a pre-loading inspection is too late` };
  if (state.requests.some(isOpenRequest)) return { code: 'INSPECTION_ALREADY_REQUESTED', message: 'an outbound inspection request for this consignment is still open' };
  if (state.cargo.exportCountry === null) return { code: 'ACTION_NOT_ALLOWED', message: 'the consignment has no known export country to ask' };
  return undefined;
}

function decide(b: Builder, decision: AssessmentDecision, now: string): void {
  const s = b.state;
  const previous = s.hold;
  const previousAssessment = s.assessment;
  const incomplete = decision.incompleteReason !== undefined;
  s.assessment = incomplete ? 'incomplete' : 'assessed';
  s.lane = decision.lane;
  if (s.filing === 'invalidated') {
    b.audit('assessment.recorded_after_invalidation', { outcome: decision.outcome });
    return;
  }
  let target: HoldStatus = incomplete ? 'open' : DECIDED_HOLD[decision.outcome];
  let inspect = target === 'inspection_requested';
  const blocked = inspect ? inspectionBlocked(s, now) : undefined;
  if (blocked?.code === 'INSPECTION_ALREADY_REQUESTED') inspect = false;
  else if (blocked !== undefined) {
    // Too late or nowhere to ask: held for an officer to examine instead.
    target = 'held';
    inspect = false;
    b.audit('assessment.inspection_not_requested', { why: blocked.message });
  }
  // The same cargo filed again: held at least as strictly as the earlier filing (its inspection
  // request, if any, stays with the earlier filing; this one is held for the officer).
  if (decision.inheritedHold !== undefined) target = stricterHold(target, decision.inheritedHold === 'inspection_requested' ? 'held' : decision.inheritedHold);
  // A decision never loosens a customs control already in force (re-screening, a late decision).
  const next = isControlled(previous) ? stricterHold(previous, target) : target;
  b.setHold(next);
  if (next === 'inspection_requested' && inspect && s.cargo.exportCountry !== null) {
    b.requestInspection(s.cargo.exportCountry, decision.requestedMethods, decision.reasons);
  }
  const notice = noticeFor(next, decision);
  // Notices only on change: a re-assessment (a list reload, an amendment assessed the same) that
  // leaves the hold and what the filer reads unchanged tells nobody again ("released" reads as
  // "assessment complete"; a Do Not Load in force reads as Do Not Load whatever came after it).
  const readsSame = notice !== undefined && next === previous
    && filerStatusOf({ assessment: previousAssessment, hold: previous, told: s.told }) === filerStatusOf({ assessment: s.assessment, hold: next, told: notice.kind });
  if (notice !== undefined && !readsSame) b.notify(notice.kind, notice.message);
  b.audit('assessment.decided', { outcome: decision.outcome, lane: decision.lane, hold: next, ...(decision.inheritedHold === undefined ? {} : { inheritedHold: decision.inheritedHold }) });
}

/** What the filer is told after a decision; nothing for an outbound inspection (no tip-off). */
function noticeFor(hold: HoldStatus, decision: AssessmentDecision): { kind: NoticeKind; message: string } | undefined {
  switch (hold) {
    case 'released':
      return { kind: 'assessment_complete', message: MESSAGES.assessment_complete };
    case 'open':
      return decision.incompleteReason !== undefined
        ? { kind: 'request_for_information', message: `Filing incomplete: ${decision.incompleteReason}.` }
        : { kind: 'request_for_information', message: `Request for information: ${decision.summary}` };
    case 'held': {
      const methods = decision.requestedMethods;
      return { kind: 'screening_request', message: `High-risk cargo screening requested before loading${methods.length > 0 ? ` (methods: ${methods.join(', ')})` : ''}.` };
    }
    case 'inspection_requested':
      return undefined;
    case 'do_not_load':
      return { kind: 'do_not_load', message: MESSAGES.do_not_load };
  }
}

function findRequest(state: CaseState, actor: Actor, requestId: string): InspectionRequestState | undefined {
  const request = state.requests.find((r) => r.id === requestId);
  // A partner reaches only the requests addressed to its country; others look absent.
  if (request === undefined || (actor.kind === 'partner' && actor.country !== request.exportCountry)) return undefined;
  return request;
}

function recordResult(b: Builder, actor: Actor, request: InspectionRequestState, outcome: InspectionOutcome): TransitionResult {
  const s = b.state;
  if (request.status === 'completed') return refuse('INSPECTION_RESULT_DUPLICATE', 'this inspection request already has a result');
  const closed = request.status === 'withdrawn' || request.status === 'expired';
  const othersOpen = s.requests.some((r) => r.id !== request.id && isOpenRequest(r));
  b.audit('inspection_request.result_recorded', { inspectionRequestId: request.id, outcome, by: actor.kind, previousStatus: request.status });
  if (outcome === 'not_inspected') {
    // The real result may still come; an officer decides meanwhile. The filer is not told.
    b.changeRequest({ id: request.id, status: closed ? request.status : 'escalated', outcome, escalationReason: 'not_inspected' });
    if (!closed && s.hold === 'inspection_requested' && !othersOpen) b.setHold('held');
    return b.done();
  }
  // A result that comes after a withdrawal or the deadline is still recorded (it completes the
  // request), but only a find changes the hold then.
  b.changeRequest({ id: request.id, status: 'completed', outcome, acknowledged: true });
  b.effects.label = { requestId: request.id, outcome, by: actor.kind === 'partner' ? 'partner' : 'officer' };
  if (outcome === 'no_anomaly') {
    // Lifts only the hold that waited for this inspection (held after its "not inspected" counts);
    // another control stays.
    const waitedForThis = s.hold === 'inspection_requested' || (s.hold === 'held' && request.lastOutcome === 'not_inspected');
    if (!closed && waitedForThis && !othersOpen) {
      b.setHold('released');
      b.notify('assessment_complete', MESSAGES.assessment_complete);
    }
    return b.done();
  }
  // A find: cargo not yet loaded must not be; cargo already arrived is held for examination.
  const next = s.arrivedAt === null ? 'do_not_load' : stricterHold(s.hold, 'held');
  if (next !== s.hold) {
    b.setHold(next);
    if (next === 'do_not_load') b.notify('do_not_load', MESSAGES.do_not_load);
  }
  return b.done();
}

/** Applies one event. Never throws for well-typed input; see the module header. */
export function transition(state: CaseState, event: CaseEvent, actor: Actor, env: TransitionEnv): TransitionResult {
  if (!MAY_CAUSE[event.kind].includes(actor.kind)) {
    return refuse('ACTOR_NOT_ALLOWED', `a ${actor.kind} may not cause ${event.kind.replace(/_/g, ' ')}`);
  }
  // The loading carrier is told screening requests for the cargo it loads, so it may report the screening.
  const carrierReport = event.kind === 'screening_reported' && state.loadingCarrierId !== null && actor.kind === 'filer' && actor.filerId === state.loadingCarrierId;
  if (actor.kind === 'filer' && actor.filerId !== state.filerId && !carrierReport) return refuse('ACTOR_NOT_ALLOWED', 'only the filer of a filing may act on it');
  const b = new Builder(state, env);
  const s = b.state;
  const invalidated = s.filing === 'invalidated';
  const customsAction = isCustoms(actor) && actor.kind !== 'partner' && actor.kind !== 'policy';
  if (invalidated && customsAction && event.kind !== 'inspection_result') return refuse('FILING_INVALIDATED', 'the filing was invalidated');

  switch (event.kind) {
    case 'assessment_decided':
      decide(b, event.decision, env.now);
      return b.done();

    case 'release_requested': {
      if (s.hold === 'released') return refuse('ACTION_NOT_ALLOWED', 'the consignment is already released');
      const fourEyes = s.hold === 'do_not_load' || s.lane === 'red';
      if (!fourEyes) {
        b.audit('case.released', {});
        b.release();
        return b.done();
      }
      if (s.approvals.length > 0) return refuse('APPROVAL_ALREADY_PENDING', 'a release of this consignment is already waiting for approval');
      const id = env.newId();
      b.effects.openApproval = { id, action: 'release' };
      s.approvals.push({ id, action: 'release', requestedBy: actorId(actor), requestedAtHold: s.hold });
      b.audit('case.release_requested', { fourEyes: true, approvalId: id });
      return b.done();
    }

    case 'approval_decided': {
      const approval = s.approvals.find((a) => a.id === event.approvalId);
      if (approval === undefined) return refuse('APPROVAL_NOT_FOUND', 'no pending approval with this id for the consignment');
      if (approval.requestedBy === actorId(actor)) return refuse('FOUR_EYES_REQUIRED', 'a different officer must approve or reject this request');
      s.approvals = s.approvals.filter((a) => a.id !== approval.id);
      b.effects.decideApproval = { id: approval.id, status: event.approve ? 'approved' : 'rejected' };
      if (!event.approve) {
        b.audit('case.release_rejected', { approvalId: approval.id });
        return b.done();
      }
      if (s.hold === 'released') return refuse('ACTION_NOT_ALLOWED', 'the consignment is already released');
      if (holdRank(s.hold) > holdRank(approval.requestedAtHold)) return refuse('APPROVAL_NOT_FOUND', 'the approval was superseded by a stricter hold');
      b.audit('case.release_approved', { approvalId: approval.id, fourEyes: true });
      b.release();
      return b.done();
    }

    case 'hold_confirmed': {
      // Customs may always tighten: an open or released consignment becomes an explicit hold;
      // a Do Not Load or a running inspection stays what it is.
      if (s.hold === 'open' || s.hold === 'released') b.setHold('held');
      b.audit('case.hold_confirmed', {});
      return b.done();
    }

    case 'inspection_requested': {
      if (s.hold === 'do_not_load') return refuse('ACTION_NOT_ALLOWED', 'the consignment is Do Not Load');
      if (event.methods.length === 0) return refuse('REQUEST_INVALID', 'choose at least one inspection method');
      const blocked = inspectionBlocked(s, env.now);
      if (blocked !== undefined) return { ok: false, refusal: blocked };
      b.setHold('inspection_requested');
      // The officer's own reason stays internal; the partner gets a neutral, shareable text.
      b.requestInspection(s.cargo.exportCountry!, event.methods, [{ code: 'OFFICER_REQUEST', text: 'Risk officer request for pre-loading inspection' }]);
      b.audit('case.inspection_requested', {});
      return b.done();
    }

    case 'do_not_load_issued': {
      if (s.hold === 'do_not_load') return refuse('ACTION_NOT_ALLOWED', 'the consignment is already Do Not Load');
      b.setHold('do_not_load');
      b.notify('do_not_load', MESSAGES.do_not_load);
      b.audit('case.do_not_load_issued', {});
      return b.done();
    }

    case 'information_requested': {
      const question = event.question.trim();
      if (question === '') return refuse('REQUEST_INVALID', 'the request for information needs a question for the filer');
      // The case comes back to the queue; a stronger hold stays as it is.
      if (s.hold === 'released') b.setHold('open');
      b.notify('request_for_information', `Request for information: ${question}`);
      b.audit('case.information_requested', { question });
      return b.done();
    }

    case 'partner_acknowledged': {
      const request = findRequest(s, actor, event.requestId);
      if (request === undefined) return refuse('INSPECTION_REQUEST_NOT_FOUND', 'no such inspection request for this sender');
      if (request.status === 'withdrawn' || request.status === 'expired') return refuse('INSPECTION_REQUEST_CLOSED', `the request was ${request.status}`);
      if (request.acknowledged || request.status === 'completed') return refuse('INSPECTION_RESULT_DUPLICATE', 'the request was already acknowledged');
      b.changeRequest({ id: request.id, status: 'acknowledged', acknowledged: true });
      b.audit('inspection_request.acknowledged', { inspectionRequestId: request.id });
      return b.done();
    }

    case 'inspection_result': {
      const request = findRequest(s, actor, event.requestId);
      if (request === undefined) return refuse('INSPECTION_REQUEST_NOT_FOUND', 'no such inspection request for this sender');
      if (event.inspectedAt !== undefined) {
        const at = Date.parse(event.inspectedAt);
        if (Number.isNaN(at)) return refuse('INSPECTION_TIME_INVALID', 'inspectedAt is not a date-time');
        if (at > Date.parse(env.now) + (env.clockSkewMs ?? DEFAULT_SKEW_MS)) return refuse('INSPECTION_TIME_INVALID', `inspectedAt ${event.inspectedAt} is in the future`);
      }
      return recordResult(b, actor, request, event.outcome);
    }

    case 'filing_amended': {
      if (invalidated) return refuse('FILING_AMENDMENT_REFUSED', 'the filing was invalidated');
      if (s.arrivedAt !== null) return refuse('FILING_AMENDMENT_REFUSED', 'the consignment has arrived');
      if (isControlled(s.hold) || s.requests.some(isOpenRequest)) return refuse('FILING_AMENDMENT_REFUSED', `the consignment is ${s.hold.replace(/_/g, ' ')}`);
      s.assessment = 'pending';
      b.effects.reassess = true;
      b.audit('filing.amended', {});
      return b.done();
    }

    case 'arrival_notified': {
      if (invalidated) return refuse('ACTION_NOT_ALLOWED', 'the filing was invalidated');
      const at = Date.parse(event.arrivedAt);
      if (Number.isNaN(at)) return refuse('ARRIVAL_TIME_INVALID', 'arrivedAt is not a date-time');
      const skew = env.clockSkewMs ?? DEFAULT_SKEW_MS;
      if (at > Date.parse(env.now) + skew) return refuse('ARRIVAL_TIME_INVALID', `arrivedAt ${event.arrivedAt} is in the future`);
      if (s.expectedDepartureAt !== null && at < Date.parse(s.expectedDepartureAt)) {
        return refuse('ARRIVAL_TIME_INVALID', `arrivedAt ${event.arrivedAt} is before the departure (${s.expectedDepartureAt})`);
      }
      if (s.arrivedAt !== null) return b.done();
      // A recorded fact: the hold, the queue and the requests stay exactly as they were.
      s.arrivedAt = new Date(at).toISOString();
      b.effects.arrival = { at: s.arrivedAt };
      b.audit('consignment.arrived', { arrivedAt: s.arrivedAt, hold: s.hold });
      return b.done();
    }

    case 'filing_invalidated': {
      if (invalidated) return b.done();
      if (s.arrivedAt !== null) return refuse('FILING_INVALIDATION_REFUSED', 'the consignment has arrived');
      if (isControlled(s.hold) || s.requests.some(isOpenRequest)) {
        return refuse('FILING_INVALIDATION_REFUSED', `the consignment is under customs control (${s.hold.replace(/_/g, ' ')})`);
      }
      s.filing = 'invalidated';
      b.effects.invalidation = { reason: event.reason };
      b.withdrawOpenRequests('FILING_INVALIDATED');
      b.cancelApprovals('the filing was invalidated');
      b.audit('filing.invalidated', { reason: event.reason });
      return b.done();
    }

    case 'list_edition_rescreened': {
      if (invalidated || s.arrivedAt !== null) return refuse('ACTION_NOT_ALLOWED', 'only live consignments are re-screened');
      b.effects.reassess = true;
      b.audit('assessment.rescreening_queued', {});
      return b.done();
    }

    case 'information_provided': {
      if (invalidated) return refuse('FILING_INVALIDATED', 'the filing was invalidated');
      if (s.told !== 'request_for_information') return refuse('REPLY_NOT_EXPECTED', 'no request for information is waiting for an answer on this consignment');
      const invalid = replyProblem(event.reply);
      if (invalid !== undefined) return refuse('REQUEST_INVALID', invalid);
      // Recorded for the officer, who decides: the hold and what the filer was told stay as they are.
      s.answered = 'request_for_information';
      b.audit('case.information_provided', { answers: event.reply.answers, text: event.reply.text, attachments: event.reply.attachments, hold: s.hold });
      return b.done();
    }

    case 'screening_reported': {
      if (invalidated) return refuse('FILING_INVALIDATED', 'the filing was invalidated');
      if (s.told !== 'screening_request') return refuse('REPLY_NOT_EXPECTED', 'no screening request is waiting for a report on this consignment');
      const invalid = screeningProblem(event.report, env);
      if (invalid !== undefined) return refuse('SCREENING_REPORT_INVALID', invalid);
      // Even "cleared" lifts nothing: an officer or the policy decides on the report.
      s.answered = 'screening_request';
      const r = event.report;
      b.audit('case.screening_reported', {
        methods: r.methods, result: r.result, screener: r.screener, screenedAt: new Date(Date.parse(r.screenedAt)).toISOString(),
        ...(r.remarks === undefined ? {} : { remarks: r.remarks }), reportedBy: actorId(actor), hold: s.hold,
      });
      return b.done();
    }

    case 'deadline_passed': {
      const now = Date.parse(env.now);
      const due = s.requests.filter((r) => isOpenRequest(r) && r.deadline !== null && Date.parse(r.deadline) <= now);
      for (const request of due) {
        b.changeRequest({ id: request.id, status: 'expired', escalationReason: 'deadline_passed' });
        b.audit('inspection_request.expired', { inspectionRequestId: request.id, deadline: request.deadline });
      }
      // Nobody inspected before loading: held for an officer to decide (examine on arrival, or release).
      if (due.length > 0 && s.hold === 'inspection_requested' && !s.requests.some(isOpenRequest)) b.setHold('held');
      return b.done();
    }
  }
}

function replyProblem(reply: InformationReply): string | undefined {
  const answered = Object.values(reply.answers).some((v) => v.trim() !== '');
  if (!answered && reply.text.trim() === '' && reply.attachments.length === 0) return 'the answer is empty: give the fields asked for, a text or a document';
  const bad = reply.attachments.find((a) => !/^[0-9a-f]{64}$/.test(a.sha256));
  return bad === undefined ? undefined : `attachment ${bad.name}: sha256 must be 64 lower-case hex digits`;
}

function screeningProblem(report: ScreeningReport, env: TransitionEnv): string | undefined {
  if (report.methods.length === 0) return 'methods: give at least one screening method';
  const method = report.methods.find((m) => !(SCREENING_METHODS as readonly string[]).includes(m));
  if (method !== undefined) return `methods: unknown screening method ${method}`;
  if (!(SCREENING_RESULTS as readonly string[]).includes(report.result)) return `result: unknown screening result ${report.result}`;
  if (report.screener.name.trim() === '') return 'screener.name: who screened is required';
  const at = Date.parse(report.screenedAt);
  if (Number.isNaN(at)) return 'screenedAt is not a date-time';
  if (at > Date.parse(env.now) + (env.clockSkewMs ?? DEFAULT_SKEW_MS)) return `screenedAt ${report.screenedAt} is in the future`;
  return undefined;
}

/** The HTTP status of each refusal (the ingest service's error map includes these). */
export const REFUSAL_HTTP_STATUS: Record<RefusalCode, number> = {
  ACTOR_NOT_ALLOWED: 403,
  ACTION_NOT_ALLOWED: 409,
  FILING_INVALIDATED: 409,
  FILING_AMENDMENT_REFUSED: 409,
  FILING_INVALIDATION_REFUSED: 409,
  ARRIVAL_TIME_INVALID: 422,
  APPROVAL_ALREADY_PENDING: 409,
  APPROVAL_NOT_FOUND: 404,
  FOUR_EYES_REQUIRED: 403,
  REQUEST_INVALID: 400,
  INSPECTION_REQUEST_NOT_FOUND: 404,
  INSPECTION_ALREADY_REQUESTED: 409,
  INSPECTION_TOO_LATE: 409,
  INSPECTION_REQUEST_CLOSED: 409,
  INSPECTION_RESULT_DUPLICATE: 409,
  REPLY_NOT_EXPECTED: 409,
  SCREENING_REPORT_INVALID: 422,
  INSPECTION_TIME_INVALID: 422,
};

/** An example message per refusal, for the API documentation. */
export const REFUSAL_EXAMPLES: Record<RefusalCode, string> = {
  ACTOR_NOT_ALLOWED: 'a filer may not cause release requested',
  ACTION_NOT_ALLOWED: 'the consignment is already released',
  FILING_INVALIDATED: 'the filing was invalidated',
  FILING_AMENDMENT_REFUSED: 'consignment 2: the consignment is do not load',
  FILING_INVALIDATION_REFUSED: 'consignment 1: the consignment is under customs control (do not load)',
  ARRIVAL_TIME_INVALID: 'arrivedAt 2030-01-01T00:00:00Z is in the future',
  APPROVAL_ALREADY_PENDING: 'a release of this consignment is already waiting for approval',
  APPROVAL_NOT_FOUND: 'no pending approval with this id for the consignment',
  FOUR_EYES_REQUIRED: 'a different officer must approve or reject this request',
  REQUEST_INVALID: 'the request for information needs a question for the filer',
  INSPECTION_REQUEST_NOT_FOUND: 'no such inspection request for this sender',
  INSPECTION_ALREADY_REQUESTED: 'an outbound inspection request for this consignment is still open',
  INSPECTION_TOO_LATE: 'loading was expected at 2026-12-01T06:00:00Z: a pre-loading inspection is too late',
  INSPECTION_REQUEST_CLOSED: 'the request was withdrawn',
  INSPECTION_RESULT_DUPLICATE: 'this inspection request already has a result',
  REPLY_NOT_EXPECTED: 'no request for information is waiting for an answer on this consignment',
  SCREENING_REPORT_INVALID: 'screenedAt 2030-01-01T00:00:00Z is in the future',
  INSPECTION_TIME_INVALID: 'inspectedAt 2030-01-01T00:00:00Z is in the future',
};
