/**
 * What a filer is told about its consignments: what ICS2 tells a carrier, never the risk analysis
 * behind it. Scores, lanes, hits with their weights, holds and the rule set version stay with
 * customs: a carrier who could read them could learn the targeting rules by filing variations, and
 * one who saw "outbound inspection" would be tipped off before export customs reach the container.
 *
 * A filer's status is what the filer has been told: the latest notice issued for the consignment
 * (the same notices as on the carrier-notification topic and the webhook), or, before any, whether
 * it is still waiting for the other part of a multiple filing or under assessment.
 */
export const FILER_STATUSES = ['under_assessment', 'incomplete', 'assessment_complete', 'request_for_information', 'screening_request', 'do_not_load'] as const;
export type FilerStatus = (typeof FILER_STATUSES)[number];

/** Notice kinds as the decision and the case actions issue them, and the status each leaves the filer with. */
const STATUS_AFTER_NOTICE: Readonly<Record<string, FilerStatus>> = {
  assessment_complete: 'assessment_complete',
  released: 'assessment_complete',
  request_for_information: 'request_for_information',
  screening_request: 'screening_request',
  do_not_load: 'do_not_load',
};

export function filerStatusOf(consignment: { state: string }, latestNoticeKind: string | undefined): FilerStatus {
  // An amended consignment is assessed again: what the filer was told about the earlier version no longer holds.
  if (consignment.state === 'pending') return 'under_assessment';
  const told = latestNoticeKind === undefined ? undefined : STATUS_AFTER_NOTICE[latestNoticeKind];
  if (told !== undefined) return told;
  return consignment.state === 'incomplete' ? 'incomplete' : 'under_assessment';
}

/** The latest notice kind per consignment, from notices listed oldest first. */
export function latestNoticeByConsignment(notices: readonly { consignmentId: string | null; kind: string }[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const notice of notices) if (notice.consignmentId !== null) latest.set(notice.consignmentId, notice.kind);
  return latest;
}
