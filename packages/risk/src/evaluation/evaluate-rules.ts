/**
 * `npm run evaluate:rules [-- --count 10000 --seed 1 --proposed rules.yaml --json]`
 *
 * Assesses a GENERATED day of traffic (see generate-day.ts for what is real-derived and what is
 * assumed) with the starter rule set through `assessConsignment`, the code the service runs, with the
 * shipped UN and OFAC lists, and prints the share per lane and outcome, per rule, the officer
 * workload and how far that is from the target shares. `--proposed` assesses the same day with a
 * proposed rule set too and prints the shadow-mode comparison. A second stream of precursor-chemical
 * trade shows what the second-indicator rules change against selecting on the HS code alone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Assessment } from '@safe-screen/domain';
import { assessConsignment } from '../assessment/assess-consignment.js';
import { DEFAULT_POLICY, type AssessmentPolicy } from '../assessment/assessment-policy.js';
import { compareAssessments } from '../assessment/compare-assessments.js';
import { compileRuleSet, type CompiledRuleSet } from '../rules/compile-rule-set.js';
import { loadStarterRuleSet } from '../rules/load-starter-rule-set.js';
import type { RuleSet } from '../rules/rule-set-schema.js';
import { parseRuleSetText } from '../rules/validate-rule-set.js';
import { loadShippedSanctionsLists } from '../sanctions/load-sanctions-file.js';
import { buildSanctionsIndex, type SanctionsIndex } from '../sanctions/sanctions-index.js';
import { createScreeningCache } from '../sanctions/screening-cache.js';
import { generateDay, readKcsRows, type KcsRow } from './generate-day.js';
import { buildSelectionReport, DEFAULT_TARGETS, MINUTES_PER_CASE, tuningAdvice, type SelectionReport } from './selection-report.js';

const KCS = ['df_syn_train_eng.csv', 'df_syn_valid_eng.csv'].map((f) => fileURLToPath(new URL(`../../../learning/data/kcs/${f}`, import.meta.url)));
const NOW = '2026-12-05T08:00:00Z';
const DAY_FROM = '2021-01-01';

export function evaluationPolicy(): AssessmentPolicy {
  return { ...DEFAULT_POLICY, importingCountry: 'NL', outboundInspectionCountries: ['CN', 'US'], nowIso: NOW };
}

/** HS prefixes of every licensable rule's lists, for the generator's licence citations. */
export function licensablePrefixes(ruleSet: RuleSet): string[] {
  const names = new Set<string>();
  const walk = (c: unknown): void => {
    if (c === null || typeof c !== 'object') return;
    for (const [k, v] of Object.entries(c)) {
      if (k === 'list' && typeof v === 'string') names.add(v);
      else if (k === 'prefixes' && Array.isArray(v)) for (const p of v) names.add(`=${String(p)}`);
      else walk(v);
    }
  };
  for (const rule of ruleSet.rules) if (rule.licensable) walk(rule.condition);
  return [...names].flatMap((n) => (n.startsWith('=') ? [n.slice(1)] : ruleSet.lists[n]?.kind === 'hsPrefixes' ? ruleSet.lists[n].items : []));
}

export function assessAll(inputs: ReturnType<typeof generateDay>['inputs'], ruleSet: CompiledRuleSet, sanctions: SanctionsIndex, screen = createScreeningCache(sanctions).screen): Assessment[] {
  const policy = evaluationPolicy();
  return inputs.map((input) => assessConsignment(input, { ruleSet, sanctions, screen, policy }));
}

/** The precursor codes and the 2026.11 behaviour (selection on the code alone, weight 45) for comparison. */
export function precursorComparison(starter: RuleSet): { codes: string[]; hsOnly: RuleSet } {
  const codes = [...(starter.lists['ied_precursors']?.items ?? []), ...(starter.lists['drug_precursors_common']?.items ?? [])];
  const hsOnly: RuleSet = {
    ...starter,
    version: `${starter.version}-hs-only`,
    rules: [...starter.rules, { id: 'PRECURSOR-HS-ONLY', description: 'Selection on the precursor HS code alone (the 2026.11 rule).', category: 'security', weight: 45, intelligence: false, licensable: false, validFrom: '2026-01-01', suggestedMethods: ['documentary', 'sampling'], condition: { goods: { commodity: { prefixes: codes } } } }],
  };
  return { codes, hsOnly };
}

const pct = (n: number, total: number) => `${((n / Math.max(1, total)) * 100).toFixed(2)} %`;

function printReport(title: string, r: SelectionReport, out: (line: string) => void): void {
  out(`\n## ${title}: ${r.total} consignments`);
  out('\n| lane | consignments | share |\n|---|---|---|');
  for (const lane of ['green', 'yellow', 'red'] as const) out(`| ${lane} | ${r.lanes[lane]} | ${pct(r.lanes[lane], r.total)} |`);
  out('\n| outcome | consignments | share |\n|---|---|---|');
  for (const [outcome, n] of Object.entries(r.outcomes)) if (n > 0) out(`| ${outcome} | ${n} | ${pct(n, r.total)} |`);
  out(`| (of which random control group) | ${r.controlGroup} | ${pct(r.controlGroup, r.total)} |`);
  out('\n| rule | weight | fired | share | on selected |\n|---|---|---|---|---|');
  for (const rule of r.rules) out(`| ${rule.ruleId} | ${rule.weight} | ${rule.fired} | ${pct(rule.fired, r.total)} | ${rule.onSelected} |`);
  out('\n| officer work | cases | minutes |\n|---|---|---|');
  for (const [kind, w] of Object.entries(r.workload.byKind)) out(`| ${kind} | ${w.cases} | ${w.minutes} |`);
  out(`| total | | ${r.workload.minutes} min = ${r.workload.officerDays} officer-days of 7.5 h |`);
}

function main(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const count = Number(arg('count') ?? 10_000);
  const seed = Number(arg('seed') ?? 1);
  const json = argv.includes('--json');
  const lines: string[] = [];
  const out = (line: string) => lines.push(line);

  const started = Date.now();
  const starter = loadStarterRuleSet();
  const active = compileRuleSet(starter);
  const sanctions = buildSanctionsIndex(loadShippedSanctionsLists());
  const screen = createScreeningCache(sanctions).screen;
  const rows: KcsRow[] = readKcsRows(KCS);
  const prefixes = licensablePrefixes(starter);
  const day = generateDay({ rows, dayFrom: DAY_FROM, count, seed, importingCountry: 'NL', nowIso: NOW, licensableHsPrefixes: prefixes });
  const assessed = assessAll(day.inputs, active, sanctions, screen);
  const weights = new Map(starter.rules.map((r) => [r.id, r.weight]));
  const report = buildSelectionReport(assessed, weights);

  const modes = new Map<string, number>();
  for (const input of day.inputs) modes.set(input.filing.conveyance.mode, (modes.get(input.filing.conveyance.mode) ?? 0) + 1);
  out(`# Selection rates of rule set ${starter.version} on a GENERATED day (seed ${seed})`);
  out(`Mix from KCS declarations 2021-Q1 (${rows.filter((r) => r.date >= DAY_FROM).length} rows; history ${rows.filter((r) => r.date < DAY_FROM).length} earlier rows): ${[...modes].map(([m, n]) => `${m} ${pct(n, count)}`).join(', ')}; ${day.licences} controlled-goods consignments cite a licence.`);
  out(`First-time consignee (importer) ${pct(day.inputs.filter((i) => Object.values(i.history?.parties ?? {})[1]?.firstSeen === true).length, count)} of consignments; assumptions in generate-day.ts.`);
  printReport('Starter rule set', report, out);
  out('\n## Against the targets');
  out(`Targets: red <= ${DEFAULT_TARGETS.redMax * 100} %, yellow <= ${DEFAULT_TARGETS.yellowMax * 100} %, requests for information <= ${DEFAULT_TARGETS.rfiMax * 100} %. Minutes per case (assumed): ${JSON.stringify(MINUTES_PER_CASE)}.`);
  for (const line of tuningAdvice(report, DEFAULT_TARGETS)) out(`- ${line}`);

  const proposedFile = arg('proposed');
  let shadow: ReturnType<typeof compareAssessments> | undefined;
  if (proposedFile !== undefined) {
    const parsed = parseRuleSetText(readFileSync(proposedFile, 'utf8'));
    if (!parsed.ok) throw new Error(`${proposedFile}: ${parsed.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    const proposedAssessed = assessAll(day.inputs, compileRuleSet(parsed.ruleSet), sanctions, screen);
    shadow = compareAssessments(day.inputs.map((input, i) => ({ consignmentId: input.consignmentId, active: assessed[i]!, proposed: proposedAssessed[i]! })));
    printReport(`Proposed rule set ${parsed.ruleSet.version} (shadow mode)`, buildSelectionReport(proposedAssessed, new Map(parsed.ruleSet.rules.map((r) => [r.id, r.weight]))), out);
    const decided = shadow.changed.filter((c) => c.laneChanged || c.outcomeChanged).length;
    out(`\nShadow mode: ${decided} consignments change lane or outcome (${shadow.changed.length} change score or fired rules); lanes active ${JSON.stringify(shadow.lanes.active)} -> proposed ${JSON.stringify(shadow.lanes.proposed)}.`);
  }

  // Precursor trade: the same generator, every consignment's HS code a precursor's.
  const { codes, hsOnly } = precursorComparison(starter);
  const stream = generateDay({ rows, dayFrom: DAY_FROM, count: Math.max(500, Math.round(count / 5)), seed: seed + 1, importingCountry: 'NL', nowIso: NOW, licensableHsPrefixes: prefixes, hsOverride: codes });
  const selected = (list: Assessment[]) => list.filter((a) => a.outcome !== 'assessment_complete' && a.controlGroup !== true).length;
  const withSecond = assessAll(stream.inputs, active, sanctions, screen);
  const codeAlone = assessAll(stream.inputs, compileRuleSet(hsOnly), sanctions, screen);
  const fired = (list: Assessment[], id: string) => list.filter((a) => a.hits.some((h) => h.ruleId === id)).length;
  out(`\n## Precursor chemicals: ${stream.inputs.length} consignments of ${codes.length} precursor codes (fertilisers, acetone, peroxide, chlorates, acetic anhydride, permanganate...)`);
  out('| rule set | selected (not assessment complete, control group excluded) | share |\n|---|---|---|');
  out(`| code alone (2026.11 behaviour: weight 45 on the HS code) | ${selected(codeAlone)} | ${pct(selected(codeAlone), stream.inputs.length)} |`);
  out(`| ${starter.version}: second indicator required | ${selected(withSecond)} | ${pct(selected(withSecond), stream.inputs.length)} |`);
  for (const id of ['PGS-PRECURSOR-MONITORED', 'IED-PRECURSOR-UNKNOWN-CONSIGNEE', 'IED-PRECURSOR-SMALL-LOT', 'IED-PRECURSOR-CONCENTRATED', 'IED-PRECURSOR-RISK-ROUTE', 'DRUG-PRECURSOR-SECOND-INDICATOR', 'FIRST-TIME-PARTY']) {
    out(`| - fired ${id} | ${fired(withSecond, id)} | ${pct(fired(withSecond, id), stream.inputs.length)} |`);
  }
  out(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (json) process.stdout.write(`${JSON.stringify({ report, shadow, precursors: { count: stream.inputs.length, codeAlone: selected(codeAlone), secondIndicator: selected(withSecond) } }, null, 2)}\n`);
  else process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
