/**
 * What each officer action does to a case, as data: pure functions from the locked case state to the
 * write (hold status, inspection request, filer notice, outbox messages, four-eyes approval). The
 * repository applies the write and its audit entry in one transaction.
 *
 * Four eyes: releasing a Do Not Load or a red-lane hold only opens an approval request; a different
 * officer or supervisor must approve it, and the approval is what releases. An outbound inspection
 * request is customs-to-customs, so the filer is not told about it (no tip-off). A release withdraws
 * the consignment's open inspection requests and tells each export administration, so nobody abroad
 * inspects cargo the requesting side has already cleared.
 */
import { AppError, INSPECTION_METHODS, type InspectionMethod } from '@safe-screen/domain';
import type { CaseActionContext, CaseActionWrite, OutboxMessage } from '@safe-screen/db';

export const CASE_ACTIONS = ['release', 'confirm_hold', 'request_inspection', 'do_not_load', 'request_information', 'dismiss_sanctions'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export interface PlanEnv {
  actorId: string;
  now: string;
  administrationCountry: string;
  newId: () => string;
}

const CLOSED = new Set(['released', 'arrived']);

function filerNotice(context: CaseActionContext, env: PlanEnv, kind: string, message: string): Pick<CaseActionWrite, 'notifications' | 'outbox'> {
  const id = env.newId();
  return {
    notifications: [{ id, filerId: context.filerId, mrn: context.mrn, kind, message, webhook: true }],
    outbox: [{
      topic: 'carrierNotifications',
      key: context.filerId,
      payload: { schemaVersion: 1, notificationId: id, filerId: context.filerId, mrn: context.mrn, consignmentId: context.consignmentId, kind, message, issuedAt: env.now },
    }],
  };
}

/** A release needs a second officer when the consignment is Do Not Load or in the red lane. */
export function needsFourEyes(context: Pick<CaseActionContext, 'holdStatus' | 'lane'>): boolean {
  return context.holdStatus === 'do_not_load' || context.lane === 'red';
}

function releaseWrite(context: CaseActionContext, env: PlanEnv, details: Record<string, unknown>): CaseActionWrite {
  const notice = filerNotice(context, env, 'released', 'Released: the consignment may be loaded and will not be held on arrival for this risk.');
  const withdrawn = context.openInspectionRequests;
  return {
    auditAction: 'case.released',
    auditDetails: withdrawn.length === 0 ? details : { ...details, withdrawnInspectionRequests: withdrawn.map((r) => r.id) },
    holdStatus: 'released',
    notifications: notice.notifications,
    outbox: [...notice.outbox, ...withdrawn.map((request) => withdrawalMessage(context, env, request))],
    ...(withdrawn.length === 0 ? {} : { withdrawInspectionRequests: withdrawn.map((r) => r.id) }),
  };
}

/** The customs-to-customs notice that an inspection is no longer needed: a neutral, shareable reason. */
function withdrawalMessage(context: CaseActionContext, env: PlanEnv, request: { id: string; exportCountry: string }): OutboxMessage {
  return {
    topic: 'inspectionWithdrawals',
    key: request.exportCountry,
    payload: {
      schemaVersion: 1,
      requestId: request.id,
      mrn: context.mrn,
      exportCountry: request.exportCountry,
      requestingCountry: env.administrationCountry,
      reason: { code: 'RISK_RESOLVED', text: 'The requesting administration has resolved the risk; the inspection is no longer needed' },
      withdrawnAt: env.now,
    },
  };
}

export function planRelease(context: CaseActionContext, env: PlanEnv): CaseActionWrite {
  if (CLOSED.has(context.holdStatus)) throw new AppError('ACTION_NOT_ALLOWED', `the consignment is already ${context.holdStatus}`);
  if (!needsFourEyes(context)) return releaseWrite(context, env, {});
  if (context.pendingApprovals.some((a) => a.action === 'release')) {
    throw new AppError('APPROVAL_ALREADY_PENDING', 'a release of this consignment is already waiting for approval');
  }
  return { auditAction: 'case.release_requested', auditDetails: { fourEyes: true }, notifications: [], outbox: [], requestApproval: { action: 'release' } };
}

/** The second officer's decision on a pending four-eyes release. */
export function planApprovalDecision(context: CaseActionContext, env: PlanEnv, input: { approvalId: string; approve: boolean }): CaseActionWrite {
  const approval = context.pendingApprovals.find((a) => a.id === input.approvalId);
  if (approval === undefined) throw new AppError('APPROVAL_NOT_FOUND', 'no pending approval with this id for the consignment');
  if (approval.requestedBy === env.actorId) throw new AppError('FOUR_EYES_REQUIRED', 'a different officer must approve or reject this request');
  const decision = { id: approval.id, status: input.approve ? ('approved' as const) : ('rejected' as const) };
  if (!input.approve) return { auditAction: 'case.release_rejected', auditDetails: { requestedBy: approval.requestedByName }, notifications: [], outbox: [], decideApproval: decision };
  if (CLOSED.has(context.holdStatus)) throw new AppError('ACTION_NOT_ALLOWED', `the consignment is already ${context.holdStatus}`);
  return { ...releaseWrite(context, env, { fourEyes: true, requestedBy: approval.requestedByName, requestReason: approval.reason }), auditAction: 'case.release_approved', decideApproval: decision };
}

export function planConfirmHold(context: CaseActionContext): CaseActionWrite {
  if (CLOSED.has(context.holdStatus)) throw new AppError('ACTION_NOT_ALLOWED', `the consignment is already ${context.holdStatus}`);
  // A Do Not Load or a running inspection stays what it is; an open case becomes an explicit hold.
  const holdStatus = context.holdStatus === 'open' ? 'held' : context.holdStatus;
  return { auditAction: 'case.hold_confirmed', auditDetails: {}, holdStatus, notifications: [], outbox: [] };
}

export function exportCountryOf(context: Pick<CaseActionContext, 'exportCountry' | 'consignment'>): string | undefined {
  return context.exportCountry ?? context.consignment.placeOfLoading?.country ?? context.consignment.routingCountries[0];
}

export function planInspectionRequest(context: CaseActionContext, env: PlanEnv, input: { methods: string[]; reason: string }): CaseActionWrite {
  if (CLOSED.has(context.holdStatus) || context.holdStatus === 'do_not_load') throw new AppError('ACTION_NOT_ALLOWED', `the consignment is ${context.holdStatus.replace(/_/g, ' ')}`);
  const methods = [...new Set(input.methods)];
  const unknown = methods.filter((m) => !(INSPECTION_METHODS as readonly string[]).includes(m));
  if (methods.length === 0 || unknown.length > 0) {
    throw new AppError('REQUEST_INVALID', `choose inspection methods among ${INSPECTION_METHODS.join(', ')}${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  }
  const exportCountry = exportCountryOf(context);
  if (exportCountry === undefined) throw new AppError('ACTION_NOT_ALLOWED', 'the consignment has no known export country to ask');
  const conveyance = context.header.conveyance;
  const loadingAt = conveyance.expectedLoadingAt ?? conveyance.expectedDepartureAt;
  const deadline = loadingAt ?? new Date(Date.parse(env.now) + 24 * 3600_000).toISOString();
  const id = env.newId();
  // The officer's own reason stays internal; the partner gets a neutral, shareable text.
  const reasons = [{ code: 'OFFICER_REQUEST', text: 'Risk officer request for pre-loading inspection' }];
  const message: OutboxMessage = {
    topic: 'inspectionRequests',
    key: exportCountry,
    payload: {
      schemaVersion: 1,
      requestId: id,
      mrn: context.mrn,
      consignmentId: context.consignmentId,
      transportDocumentNumber: context.consignment.transportDocument?.number ?? '',
      containerNumbers: [...new Set(context.consignment.equipment.map((e) => e.containerNumber))],
      exportCountry,
      requestingCountry: env.administrationCountry,
      placeOfLoading: context.consignment.placeOfLoading?.unlocode ?? '',
      ...(loadingAt === undefined ? {} : { expectedLoadingAt: loadingAt }),
      deadline,
      reasons,
      requestedMethods: methods as InspectionMethod[],
      issuedAt: env.now,
    },
  };
  return {
    auditAction: 'case.inspection_requested',
    auditDetails: { inspectionRequestId: id, exportCountry, methods },
    holdStatus: 'inspection_requested',
    inspectionRequest: { id, exportCountry, methods, reasons, deadline },
    notifications: [],
    outbox: [message],
  };
}

export function planDoNotLoad(context: CaseActionContext, env: PlanEnv): CaseActionWrite {
  if (context.holdStatus === 'do_not_load') throw new AppError('ACTION_NOT_ALLOWED', 'the consignment is already Do Not Load');
  if (context.holdStatus === 'arrived') throw new AppError('ACTION_NOT_ALLOWED', 'the consignment has arrived');
  return {
    auditAction: 'case.do_not_load_issued',
    auditDetails: {},
    holdStatus: 'do_not_load',
    ...filerNotice(context, env, 'do_not_load', 'Do Not Load: this consignment must not be loaded. Contact the customs risk office.'),
  };
}

/** A request for information goes to the filer; the case stays (or comes back) in the queue until answered. */
export function planRequestForInformation(context: CaseActionContext, env: PlanEnv, input: { question: string }): CaseActionWrite {
  if (context.holdStatus === 'arrived') throw new AppError('ACTION_NOT_ALLOWED', 'the consignment has arrived');
  const question = input.question.trim();
  if (question === '') throw new AppError('REQUEST_INVALID', 'the request for information needs a question for the filer');
  return {
    auditAction: 'case.information_requested',
    auditDetails: { question },
    holdStatus: context.holdStatus === 'released' ? 'open' : context.holdStatus,
    ...filerNotice(context, env, 'request_for_information', `Request for information: ${question}`),
  };
}

export function planSanctionsDismissal(context: CaseActionContext, input: { fingerprint: string; entryId: string; partyName: string; ruleId: string }): CaseActionWrite {
  return {
    auditAction: 'case.sanctions_match_dismissed',
    auditDetails: { ruleId: input.ruleId, entryId: input.entryId, partyName: input.partyName, fingerprint: input.fingerprint },
    notifications: [],
    outbox: [],
    dismissal: { fingerprint: input.fingerprint, entryId: input.entryId, partyName: input.partyName },
  };
}
