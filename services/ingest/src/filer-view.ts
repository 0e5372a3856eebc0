/**
 * What a filer is told about its consignments: what ICS2 tells a carrier, never the risk analysis
 * behind it. Scores, lanes, hits with their weights, holds and the rule set version stay with
 * customs: a carrier who could read them could learn the targeting rules by filing variations, and
 * one who saw "outbound inspection" would be tipped off before export customs reach the container.
 *
 * The status itself is the lifecycle package's (`filerStatusOf` in `@safe-screen/cases`): the
 * latest notice the filer was given, a Do Not Load in force above any later notice, and "under
 * assessment" for a consignment under outbound inspection exactly as for one still being assessed.
 */
import { filerStatusOf as lifecycleFilerStatus, parseAssessmentState, parseHoldStatus, parseNoticeKind, type FilerStatus } from '@safe-screen/cases';

export { FILER_STATUSES, type FilerStatus } from '@safe-screen/cases';

export function filerStatusOf(consignment: { state: string; holdStatus: string; outcome: string | null }, latestNoticeKind: string | undefined): FilerStatus {
  return lifecycleFilerStatus({
    assessment: parseAssessmentState(consignment.state),
    hold: parseHoldStatus(consignment.holdStatus, consignment.outcome),
    told: parseNoticeKind(latestNoticeKind),
  });
}

/** The latest notice kind per consignment, from notices listed oldest first. */
export function latestNoticeByConsignment(notices: readonly { consignmentId: string | null; kind: string }[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const notice of notices) if (notice.consignmentId !== null) latest.set(notice.consignmentId, notice.kind);
  return latest;
}
