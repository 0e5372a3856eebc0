/**
 * What a filer sees of its consignment: what ICS2 tells a carrier, never the risk analysis. The
 * status is a function of what the filer has been told and of nothing customs keep to themselves:
 * a consignment under outbound inspection reads exactly like one whose outcome is still pending
 * (no tip-off before export customs reach the container), and a control customs lowered or an
 * officer's internal hold shows only through the notices actually sent.
 */
import type { AssessmentState, HoldStatus, NoticeKind } from './states.js';

export const FILER_STATUSES = ['under_assessment', 'incomplete', 'assessment_complete', 'request_for_information', 'screening_request', 'do_not_load'] as const;
export type FilerStatus = (typeof FILER_STATUSES)[number];

const STATUS_AFTER_NOTICE: Record<NoticeKind, FilerStatus> = {
  assessment_complete: 'assessment_complete',
  released: 'assessment_complete',
  request_for_information: 'request_for_information',
  screening_request: 'screening_request',
  do_not_load: 'do_not_load',
};

export interface FilerVisible {
  assessment: AssessmentState;
  hold: HoldStatus;
  /** The latest notice the filer was given, if any. */
  told: NoticeKind | null;
}

export function filerStatusOf(view: FilerVisible): FilerStatus {
  // An amended consignment is assessed again: what the filer was told about the earlier version no longer holds.
  if (view.assessment === 'pending') return 'under_assessment';
  // A Do Not Load in force is always what the filer sees (it was told so when it was issued): a
  // later request for information does not replace it.
  if (view.hold === 'do_not_load') return 'do_not_load';
  if (view.told !== null) {
    const status = STATUS_AFTER_NOTICE[view.told];
    // Told "do not load" earlier but released since: the release notice came after it.
    return status === 'do_not_load' ? 'assessment_complete' : status;
  }
  return view.assessment === 'incomplete' ? 'incomplete' : 'under_assessment';
}
