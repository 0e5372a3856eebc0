/**
 * Lane quotas: an administration can examine only so many consignments a day. When a lane's quota
 * for the day is used up, further selections move one lane down (red to yellow: documentary
 * screening instead of examination; yellow to green: assessment complete), the lowest-scored first,
 * and the decision says why. Some selections are never moved: Do Not Load, a sanctions match, an
 * intelligence rule, the random control group (moving it would bias the measure it exists for).
 * They still use the lane's capacity. Pure: the caller reserves capacity (atomically, across
 * instances) and applies `moveDownForQuota` to what did not fit.
 *
 * A quota makes a decision depend on what else was decided that day, so "same input, same
 * decision" holds per day's order of arrival, not in isolation; the quota hit records why.
 */
import type { Assessment, InspectionMethod, Lane, RiskHit } from '@safe-screen/domain';

export type QuotaLane = Extract<Lane, 'red' | 'yellow'>;

/** The lane whose capacity this decision would use, or undefined when it uses none. */
export function quotaLaneOf(assessment: Assessment): QuotaLane | undefined {
  // A request for information asks the filer, not an examiner: it uses no capacity, and moving it
  // down would turn inadequate data into "assessment complete".
  if (assessment.outcome === 'incomplete' || assessment.outcome === 'assessment_complete' || assessment.outcome === 'request_for_information') return undefined;
  return assessment.lane === 'red' || assessment.lane === 'yellow' ? assessment.lane : undefined;
}

/** Selections a quota must never move. */
export function exemptFromQuota(assessment: Assessment): boolean {
  return (
    assessment.outcome === 'do_not_load' ||
    assessment.controlGroup === true ||
    assessment.hits.some((h) => h.source === 'sanctions' || h.intelligence === true)
  );
}

export function moveDownForQuota(assessment: Assessment, quota: { lane: QuotaLane; perDay: number; day: string }): Assessment {
  const hit: RiskHit = {
    source: 'indicator',
    ruleId: `LANE-QUOTA-${quota.lane.toUpperCase()}`,
    description: `${quota.lane === 'red' ? 'Red' : 'Yellow'}-lane capacity for ${quota.day} used up (${quota.perDay} a day): moved one lane down`,
    category: 'security',
    weight: 0,
    evidence: [{ field: 'laneQuota', value: `${quota.lane}=${quota.perDay}`, note: `day ${quota.day} (UTC)` }],
  };
  const hits = [...assessment.hits, hit];
  if (quota.lane === 'red') {
    const requestedMethods: InspectionMethod[] = ['documentary'];
    return {
      ...assessment,
      lane: 'yellow',
      outcome: 'screening_request',
      requestedMethods,
      hits,
      summary: `Score ${assessment.score} (red, moved to yellow: the day's red-lane quota of ${quota.perDay} is used up): screening requested (documentary).`,
    };
  }
  return {
    ...assessment,
    lane: 'green',
    outcome: 'assessment_complete',
    requestedMethods: [],
    hits,
    summary: `Score ${assessment.score} (yellow, moved to green: the day's yellow-lane quota of ${quota.perDay} is used up): assessment complete.`,
  };
}
