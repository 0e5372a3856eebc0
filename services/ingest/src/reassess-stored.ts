/**
 * Re-assesses stored consignments with another rule set, in this process and without writing:
 * the basis of `rules shadow` and `replay`. Each consignment is assessed as of the time it was
 * received (rule validity dates), with today's registry facts (party history, commodity masses,
 * AEO registry, dismissals) and the sanctions editions active now. The control-group draw uses the
 * salt of the stored decision's rule set, so random selections do not show up as differences.
 */
import { createHash } from 'node:crypto';
import type { Config } from '@safe-screen/config';
import type { Assessment } from '@safe-screen/domain';
import { loadDismissals, loadHistoryFacts, type Database, type StoredDecisionCase } from '@safe-screen/db';
import { compareAssessments, partyKey, type AeoAuthorisation, type AssessmentChange } from '@safe-screen/risk';
import { loadAeoRegistry } from './aeo-registry.js';
import { lookupLicenceFacts } from './licence-facts.js';
import { loadRiskSnapshot } from './risk-snapshot.js';
import { prepareEngine, runAssess, type AssessFacts } from './worker-tasks.js';

export interface OutcomeTransition {
  from: string;
  to: string;
  count: number;
}

export interface ReassessmentReport {
  assessed: number;
  failed: number;
  /** Every stored -> proposed outcome pair with its count, changed pairs first. */
  transitions: OutcomeTransition[];
  changed: (AssessmentChange & { mrn: string; sequence: number })[];
}

function saltFor(ruleSetVersion: string): string {
  return createHash('sha256').update(ruleSetVersion).digest('hex').slice(0, 16);
}

async function gatherFacts(database: Database, cases: StoredDecisionCase[]): Promise<AssessFacts> {
  const keys = new Set<string>();
  const hs6 = new Set<string>();
  for (const { job } of cases) {
    for (const party of [...job.filing.parties, ...job.consignment.parties]) keys.add(partyKey(party));
    for (const goods of job.consignment.goods) if (goods.commodityCode !== undefined) hs6.add(goods.commodityCode.slice(0, 6));
  }
  const history = await loadHistoryFacts(database.db, [...keys], [...hs6]);
  const aeo: Record<string, AeoAuthorisation[]> = Object.fromEntries(await loadAeoRegistry(database));
  return {
    parties: Object.fromEntries(history.parties),
    massByHs6: Object.fromEntries(history.mass),
    aeo,
    dismissals: await loadDismissals(database.db),
    // Only assessed consignments are replayed: their multiple-filing parts were complete.
    incomplete: {},
    amendmentCounts: {},
    licences: await lookupLicenceFacts(database.db, cases.map(({ job }) => job), new Date().toISOString()),
  };
}

export async function reassessStored(database: Database, config: Config, ruleSetDocument: unknown, cases: StoredDecisionCase[]): Promise<ReassessmentReport> {
  const { snapshot } = await loadRiskSnapshot(database, config);
  const engine = prepareEngine({ ...snapshot, ruleSetDocument });
  const facts = await gatherFacts(database, cases);
  const pairs: { consignmentId: string; active: Assessment; proposed: Assessment }[] = [];
  const where = new Map<string, { mrn: string; sequence: number }>();
  let failed = 0;
  for (const { job, stored } of cases) {
    const output = runAssess({ ...engine, drawSalt: saltFor(stored.ruleSetVersion) }, { jobs: [job], facts, now: job.receivedAt });
    const decision = output.decisions[0];
    if (decision === undefined) {
      failed++;
      continue;
    }
    pairs.push({ consignmentId: job.consignmentId, active: stored, proposed: decision.assessment });
    where.set(job.consignmentId, { mrn: job.mrn, sequence: job.consignment.sequence });
  }
  const counts = new Map<string, OutcomeTransition>();
  for (const { active, proposed } of pairs) {
    const key = `${active.outcome}>${proposed.outcome}`;
    const entry = counts.get(key) ?? { from: active.outcome, to: proposed.outcome, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const transitions = [...counts.values()].sort((a, b) => Number(a.from === a.to) - Number(b.from === b.to) || b.count - a.count);
  const comparison = compareAssessments(pairs);
  return {
    assessed: pairs.length,
    failed,
    transitions,
    changed: comparison.changed.map((c) => ({ ...c, ...where.get(c.consignmentId)! })),
  };
}

/** The report as text: transition counts, then up to `examples` changed consignments. */
export function formatReassessment(report: ReassessmentReport, examples: number): string {
  const lines = [`${report.assessed} consignment(s) re-assessed${report.failed > 0 ? `, ${report.failed} could not be` : ''}`, 'outcome transitions (stored -> proposed):'];
  for (const t of report.transitions) lines.push(`  ${t.from} -> ${t.to}: ${t.count}${t.from === t.to ? '' : '  (changed)'}`);
  const outcomeChanges = report.changed.filter((c) => c.outcomeChanged || c.laneChanged);
  lines.push(`${outcomeChanges.length} outcome or lane change(s), ${report.changed.length - outcomeChanges.length} score/rule-only change(s)`);
  for (const c of outcomeChanges.slice(0, examples)) {
    lines.push(`  ${c.mrn} #${c.sequence}: ${c.active.outcome}/${c.active.lane} ${c.active.score} -> ${c.proposed.outcome}/${c.proposed.lane} ${c.proposed.score}` +
      `${c.rulesAdded.length > 0 ? `  +${c.rulesAdded.join(',')}` : ''}${c.rulesRemoved.length > 0 ? `  -${c.rulesRemoved.join(',')}` : ''}`);
  }
  return lines.join('\n') + '\n';
}
