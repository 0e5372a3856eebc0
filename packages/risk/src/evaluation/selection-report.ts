/**
 * Selection rates of a rule set on a day of traffic: share per lane and outcome, per rule (how often
 * it fires, and on how many selected consignments), and the officer workload the day implies. An
 * administration sets target shares from its examination capacity; `tuningAdvice` says how far the
 * day is from them and which rules drive the selections, the first candidates for a weight change,
 * whose effect shadow mode (`compareAssessments`) then shows before activation.
 */
import type { Assessment, Lane, Outcome } from '@safe-screen/domain';

/** Officer minutes per decision, by what it asks of an officer. ASSUMED planning figures; replace with measured ones. */
export const MINUTES_PER_CASE = {
  do_not_load: 45,
  outbound_inspection: 20,
  physical: 120,
  xray: 25,
  documentary: 12,
  request_for_information: 10,
} as const;

/** Target shares of all consignments (ASYCUDA-style expected rates); an administration sets its own. */
export interface SelectionTargets {
  redMax: number;
  yellowMax: number;
  rfiMax: number;
}

export const DEFAULT_TARGETS: SelectionTargets = { redMax: 0.02, yellowMax: 0.05, rfiMax: 0.03 };

export interface RuleRate {
  ruleId: string;
  fired: number;
  /** Fired on consignments that were selected (not assessment complete). */
  onSelected: number;
  weight: number;
}

export interface SelectionReport {
  total: number;
  lanes: Record<Lane, number>;
  outcomes: Record<Outcome, number>;
  /** `lane/outcome` -> count. */
  laneOutcomes: Record<string, number>;
  controlGroup: number;
  rules: RuleRate[];
  workload: { minutes: number; officerDays: number; byKind: Record<string, { cases: number; minutes: number }> };
}

export function minutesFor(a: Assessment): { kind: string; minutes: number } {
  switch (a.outcome) {
    case 'do_not_load':
      return { kind: 'do_not_load review', minutes: MINUTES_PER_CASE.do_not_load };
    case 'outbound_inspection':
      return { kind: 'outbound inspection request', minutes: MINUTES_PER_CASE.outbound_inspection };
    case 'request_for_information':
      return { kind: 'request for information', minutes: MINUTES_PER_CASE.request_for_information };
    case 'screening_request': {
      const m = a.requestedMethods;
      if (m.includes('physical') || m.includes('sampling')) return { kind: 'physical examination', minutes: MINUTES_PER_CASE.physical };
      if (m.includes('xray') || m.includes('radiation')) return { kind: 'x-ray scan', minutes: MINUTES_PER_CASE.xray };
      return { kind: 'documentary check', minutes: MINUTES_PER_CASE.documentary };
    }
    case 'assessment_complete':
    case 'incomplete':
      return { kind: 'none', minutes: 0 };
  }
}

/** An officer day: 7.5 hours of casework. */
const OFFICER_DAY_MINUTES = 450;

export function buildSelectionReport(assessments: readonly Assessment[], ruleWeights: ReadonlyMap<string, number>): SelectionReport {
  const lanes: Record<Lane, number> = { green: 0, yellow: 0, red: 0 };
  const outcomes: Record<Outcome, number> = { incomplete: 0, assessment_complete: 0, request_for_information: 0, screening_request: 0, outbound_inspection: 0, do_not_load: 0 };
  const laneOutcomes: Record<string, number> = {};
  const rules = new Map<string, RuleRate>();
  const byKind: Record<string, { cases: number; minutes: number }> = {};
  let minutes = 0;
  let controlGroup = 0;
  for (const a of assessments) {
    lanes[a.lane]++;
    outcomes[a.outcome]++;
    laneOutcomes[`${a.lane}/${a.outcome}`] = (laneOutcomes[`${a.lane}/${a.outcome}`] ?? 0) + 1;
    if (a.controlGroup === true) controlGroup++;
    const selected = a.outcome !== 'assessment_complete';
    for (const id of new Set(a.hits.map((h) => h.ruleId))) {
      const key = id.startsWith('SANCTIONS:') ? 'SANCTIONS (any list entry)' : id;
      const rate = rules.get(key) ?? { ruleId: key, fired: 0, onSelected: 0, weight: ruleWeights.get(id) ?? a.hits.find((h) => h.ruleId === id)?.weight ?? 0 };
      rate.fired++;
      if (selected) rate.onSelected++;
      rules.set(key, rate);
    }
    const work = minutesFor(a);
    if (work.minutes > 0) {
      const entry = (byKind[work.kind] ??= { cases: 0, minutes: 0 });
      entry.cases++;
      entry.minutes += work.minutes;
      minutes += work.minutes;
    }
  }
  return {
    total: assessments.length,
    lanes,
    outcomes,
    laneOutcomes,
    controlGroup,
    rules: [...rules.values()].sort((x, y) => y.onSelected - x.onSelected || y.fired - x.fired),
    workload: { minutes, officerDays: Math.round((minutes / OFFICER_DAY_MINUTES) * 10) / 10, byKind },
  };
}

/** How far the day is from the targets, and the rules that drive the selections in an over-target lane. */
export function tuningAdvice(report: SelectionReport, targets: SelectionTargets): string[] {
  const share = (n: number) => n / Math.max(1, report.total);
  const advice: string[] = [];
  const check = (label: string, actual: number, max: number) => {
    if (actual <= max) advice.push(`${label} ${(actual * 100).toFixed(2)} % is within the target of ${(max * 100).toFixed(1)} %.`);
    else {
      // The rules contributing most score to selected consignments: weight x selections.
      const drivers = report.rules
        .filter((r) => r.weight > 0 && r.onSelected > 0)
        .sort((x, y) => y.weight * y.onSelected - x.weight * x.onSelected)
        .slice(0, 3)
        .map((r) => `${r.ruleId} (weight ${r.weight}, on ${r.onSelected} selected)`);
      advice.push(`${label} ${(actual * 100).toFixed(2)} % is above the target of ${(max * 100).toFixed(1)} %: lower the weight of, or add a second indicator to, ${drivers.join(', ')}; check the change in shadow mode before activating it.`);
    }
  };
  check('Red lane', share(report.lanes.red), targets.redMax);
  check('Yellow lane (without requests for information)', share(report.lanes.yellow - (report.laneOutcomes['yellow/request_for_information'] ?? 0)), targets.yellowMax);
  check('Requests for information', share(report.outcomes.request_for_information), targets.rfiMax);
  return advice;
}
