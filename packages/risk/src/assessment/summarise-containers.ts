/**
 * Per-container view of per-consignment decisions: a container carrying several house consignments
 * takes the strictest lane and outcome among them (a held B/L holds the box), with the reasons.
 */
import type { Assessment, Consignment, Lane, Outcome } from '@safe-screen/domain';

export interface ContainerDecision {
  containerNumber: string;
  lane: Lane;
  outcome: Outcome;
  score: number;
  consignmentIds: string[];
  /** Consignments that set the lane/outcome. */
  decidedBy: string[];
}

const LANE_RANK: Readonly<Record<Lane, number>> = { green: 0, yellow: 1, red: 2 };
const OUTCOME_RANK: Readonly<Record<Outcome, number>> = {
  assessment_complete: 0,
  request_for_information: 1,
  incomplete: 2,
  screening_request: 3,
  outbound_inspection: 4,
  do_not_load: 5,
};

export function summariseContainers(items: ReadonlyArray<{ consignmentId: string; consignment: Consignment; assessment: Assessment }>): ContainerDecision[] {
  const byContainer = new Map<string, ContainerDecision>();
  for (const { consignmentId, consignment, assessment } of items) {
    const containers = new Set([...consignment.equipment.map((e) => e.containerNumber), ...consignment.goods.flatMap((g) => g.containerNumbers)]);
    for (const containerNumber of containers) {
      const current = byContainer.get(containerNumber);
      if (current === undefined) {
        byContainer.set(containerNumber, { containerNumber, lane: assessment.lane, outcome: assessment.outcome, score: assessment.score, consignmentIds: [consignmentId], decidedBy: [consignmentId] });
        continue;
      }
      current.consignmentIds.push(consignmentId);
      const stricter = OUTCOME_RANK[assessment.outcome] - OUTCOME_RANK[current.outcome] || LANE_RANK[assessment.lane] - LANE_RANK[current.lane];
      if (stricter > 0) {
        current.lane = assessment.lane;
        current.outcome = assessment.outcome;
        current.decidedBy = [consignmentId];
      } else if (stricter === 0 && assessment.outcome === current.outcome && assessment.lane === current.lane) current.decidedBy.push(consignmentId);
      current.score = Math.max(current.score, assessment.score);
    }
  }
  return [...byContainer.values()].sort((a, b) => a.containerNumber.localeCompare(b.containerNumber));
}
