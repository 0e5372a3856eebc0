/**
 * Shadow mode: the same consignments assessed with the active and a proposed rule set. The service
 * runs both (pure calls) over recent filings; this says what the proposal would have changed.
 */
import type { Assessment } from '@safe-screen/domain';

export interface AssessmentChange {
  consignmentId: string;
  laneChanged: boolean;
  outcomeChanged: boolean;
  scoreDelta: number;
  rulesAdded: string[];
  rulesRemoved: string[];
  active: Pick<Assessment, 'lane' | 'outcome' | 'score'>;
  proposed: Pick<Assessment, 'lane' | 'outcome' | 'score'>;
}

export interface ShadowReport {
  activeVersion: string;
  proposedVersion: string;
  assessed: number;
  changed: AssessmentChange[];
  /** Lane counts, active vs proposed. */
  lanes: { active: Record<string, number>; proposed: Record<string, number> };
}

function ruleIds(a: Assessment): Set<string> {
  return new Set(a.hits.filter((h) => h.source === 'rule').map((h) => h.ruleId));
}

export function compareAssessments(pairs: ReadonlyArray<{ consignmentId: string; active: Assessment; proposed: Assessment }>): ShadowReport {
  const lanes = { active: { green: 0, yellow: 0, red: 0 } as Record<string, number>, proposed: { green: 0, yellow: 0, red: 0 } as Record<string, number> };
  const changed: AssessmentChange[] = [];
  for (const { consignmentId, active, proposed } of pairs) {
    lanes.active[active.lane] = (lanes.active[active.lane] ?? 0) + 1;
    lanes.proposed[proposed.lane] = (lanes.proposed[proposed.lane] ?? 0) + 1;
    const before = ruleIds(active);
    const after = ruleIds(proposed);
    const change: AssessmentChange = {
      consignmentId,
      laneChanged: active.lane !== proposed.lane,
      outcomeChanged: active.outcome !== proposed.outcome,
      scoreDelta: Math.round((proposed.score - active.score) * 100) / 100,
      rulesAdded: [...after].filter((id) => !before.has(id)).sort(),
      rulesRemoved: [...before].filter((id) => !after.has(id)).sort(),
      active: { lane: active.lane, outcome: active.outcome, score: active.score },
      proposed: { lane: proposed.lane, outcome: proposed.outcome, score: proposed.score },
    };
    if (change.laneChanged || change.outcomeChanged || change.scoreDelta !== 0 || change.rulesAdded.length > 0 || change.rulesRemoved.length > 0) changed.push(change);
  }
  return { activeVersion: pairs[0]?.active.ruleSetVersion ?? '', proposedVersion: pairs[0]?.proposed.ruleSetVersion ?? '', assessed: pairs.length, changed, lanes };
}
