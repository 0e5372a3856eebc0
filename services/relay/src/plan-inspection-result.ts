/**
 * What export customs' inspection result does to a consignment: pure, so the whole consequence is
 * written in one transaction by `recordInspectionResult` and the policy is testable on its own.
 *
 * - no_anomaly: the hold that was waiting for the inspection is lifted (released) and the filer told
 *   "assessment complete". A hold set for another reason (an officer's Do Not Load) stays.
 * - anomaly_found / seized: Do Not Load, and the filer gets the Do Not Load notice (CSI practice: the
 *   container is not laden until customs lift the hold). Cargo already arrived is held for
 *   examination on arrival instead.
 * - not_inspected: the consignment stays held and the request is escalated so an officer decides
 *   (inspect on arrival, ask again, or release); the filer is not told, to avoid a tip-off.
 *
 * Each inspected goods line becomes a labelled example for the targeting model, with the features
 * scoring uses (random_control when the consignment was drawn by lot); not_inspected is no label and
 * records nothing.
 */
import type { InspectionContext, InspectionResultWrite } from '@safe-screen/db';
import type { InspectionResult } from '@safe-screen/kafka';
import { labelInspectionOutcome, type InspectionFinding } from '@safe-screen/learning';

export type InspectionOutcome = InspectionResult['outcome'];

const FINDING: Record<Exclude<InspectionOutcome, 'not_inspected'>, InspectionFinding> = {
  no_anomaly: 'no_finding',
  anomaly_found: 'irregularity',
  seized: 'serious_finding',
};

/** Holds a result may replace; `arrived` and `released` are past the point where loading can be stopped. */
const WAITING_FOR_INSPECTION = new Set(['inspection_requested', 'open', 'held']);

export interface PlanResultInput {
  context: InspectionContext;
  outcome: InspectionOutcome;
  now: string;
  newId: () => string;
}

export function planInspectionResult(input: PlanResultInput): InspectionResultWrite {
  const { context, outcome, now, newId } = input;
  const hold = context.holdStatus;
  const write: InspectionResultWrite = { requestStatus: 'completed', notifications: [], outbox: [], outcomes: [] };

  const notify = (kind: 'assessment_complete' | 'do_not_load', message: string): void => {
    const id = newId();
    write.notifications.push({ id, filerId: context.filerId, mrn: context.mrn, kind, message, webhook: true });
    write.outbox.push({
      topic: 'carrierNotifications',
      key: context.filerId,
      payload: { schemaVersion: 1, notificationId: id, filerId: context.filerId, mrn: context.mrn, consignmentId: context.request.consignmentId, kind, message, issuedAt: now },
    });
  };

  switch (outcome) {
    case 'no_anomaly':
      if (hold === 'inspection_requested') {
        write.holdStatus = 'released';
        notify('assessment_complete', 'Assessment complete: no action required.');
      }
      break;
    case 'anomaly_found':
    case 'seized':
      if (hold === 'arrived') {
        write.holdStatus = 'held';
      } else if (WAITING_FOR_INSPECTION.has(hold) || hold === 'released') {
        write.holdStatus = 'do_not_load';
        notify('do_not_load', 'Do Not Load: this consignment must not be loaded. Contact the customs risk office.');
      }
      break;
    case 'not_inspected':
      // We withdrew the request: "not inspected" is the expected answer, nothing for officers to do.
      if (context.request.status === 'withdrawn') break;
      write.requestStatus = 'escalated';
      write.escalationReason = 'not_inspected';
      if (hold === 'inspection_requested') write.holdStatus = 'held';
      break;
  }

  if (outcome !== 'not_inspected') {
    const labels = labelInspectionOutcome({ filing: context.filing, consignment: context.consignment, finding: FINDING[outcome], inspectedBy: 'export_customs', controlGroup: context.controlGroup });
    for (const label of labels) write.outcomes.push({ source: label.source, outcome: label.outcome, features: { ...label.features } });
  }
  return write;
}
