/**
 * Turns an assessment into everything that follows from it, as data: the consignment's hold status,
 * the outbound inspection request to the export country, the filer's notification and the outbox
 * messages. Pure, so the whole consequence of a decision is written in one transaction by the caller.
 *
 * An outbound inspection is customs-to-customs: the filer is not told (no tip-off), only the export
 * administration receives the request; the filer hears the outcome when the hold is decided.
 */
import type { Assessment, Outcome } from '@safe-screen/domain';
import type { ClaimedJob, DecisionWrite } from '@safe-screen/db';

const HOLD_STATUS: Record<Outcome, string> = {
  incomplete: 'open',
  assessment_complete: 'released',
  request_for_information: 'open',
  screening_request: 'held',
  outbound_inspection: 'inspection_requested',
  do_not_load: 'do_not_load',
};

const FILER_NOTICE: Partial<Record<Outcome, { kind: string; text: (a: Assessment) => string }>> = {
  assessment_complete: { kind: 'assessment_complete', text: () => 'Assessment complete: no action required.' },
  request_for_information: { kind: 'request_for_information', text: (a) => `Request for information: ${a.summary}` },
  screening_request: {
    kind: 'screening_request',
    text: (a) => `High-risk cargo screening requested before loading${a.requestedMethods.length > 0 ? ` (methods: ${a.requestedMethods.join(', ')})` : ''}.`,
  },
  do_not_load: { kind: 'do_not_load', text: () => 'Do Not Load: this consignment must not be loaded. Contact the customs risk office.' },
};

export interface PlanInput {
  job: ClaimedJob;
  assessment: Assessment;
  incompleteReason: string | undefined;
  now: string;
  administrationCountry: string;
  newId: () => string;
}

export function planDecision(input: PlanInput): DecisionWrite {
  const { job, now, newId } = input;
  const assessment: Assessment =
    input.incompleteReason === undefined
      ? input.assessment
      : { ...input.assessment, outcome: 'incomplete', summary: `Incomplete: ${input.incompleteReason}. Not assessed as low risk until the missing parts arrive.` };
  const outcome = assessment.outcome;
  const write: DecisionWrite = {
    jobId: job.jobId,
    consignmentId: job.consignmentId,
    filingVersion: job.filingVersion,
    assessment,
    state: outcome === 'incomplete' ? 'incomplete' : 'assessed',
    holdStatus: HOLD_STATUS[outcome],
    notifications: [],
    outbox: [],
  };

  const notice = outcome === 'incomplete'
    ? { kind: 'request_for_information', text: () => `Filing incomplete: ${input.incompleteReason}.` }
    : FILER_NOTICE[outcome];
  if (notice !== undefined) {
    const notificationId = newId();
    const message = notice.text(assessment);
    write.notifications.push({ id: notificationId, filerId: job.filerId, mrn: job.mrn, kind: notice.kind, message, webhook: true });
    write.outbox.push({
      topic: 'carrierNotifications',
      key: job.filerId,
      requestId: job.requestId,
      payload: { schemaVersion: 1, notificationId, filerId: job.filerId, mrn: job.mrn, consignmentId: job.consignmentId, kind: notice.kind, message, issuedAt: now },
    });
  }

  if (outcome === 'outbound_inspection') {
    const consignment = job.consignment;
    const exportCountry = consignment.placeOfLoading?.country ?? consignment.placeOfLoading?.unlocode?.slice(0, 2) ?? consignment.routingCountries[0];
    if (exportCountry !== undefined) {
      const requestId = newId();
      const loadingAt = job.filing.conveyance.expectedLoadingAt ?? job.filing.conveyance.expectedDepartureAt;
      const deadline = loadingAt ?? new Date(Date.parse(now) + 24 * 3600_000).toISOString();
      const reasons = assessment.hits
        .filter((h) => h.shareableReason !== undefined)
        .map((h) => ({ code: h.ruleId, text: h.shareableReason! }));
      const containerNumbers = [...new Set(consignment.equipment.map((e) => e.containerNumber))];
      write.inspectionRequest = { id: requestId, mrn: job.mrn, exportCountry, methods: assessment.requestedMethods, reasons, deadline };
      write.outbox.push({
        topic: 'inspectionRequests',
        key: exportCountry,
        requestId: job.requestId,
        payload: {
          schemaVersion: 1,
          requestId,
          mrn: job.mrn,
          consignmentId: job.consignmentId,
          transportDocumentNumber: job.transportDocumentNumber ?? consignment.transportDocument?.number ?? '',
          containerNumbers,
          exportCountry,
          requestingCountry: input.administrationCountry,
          placeOfLoading: consignment.placeOfLoading?.unlocode ?? '',
          ...(loadingAt === undefined ? {} : { expectedLoadingAt: loadingAt }),
          deadline,
          reasons,
          requestedMethods: assessment.requestedMethods.length > 0 ? assessment.requestedMethods : ['xray'],
          issuedAt: now,
        },
      });
    }
  }
  return write;
}
