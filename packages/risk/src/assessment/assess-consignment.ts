/**
 * One consignment in, one explainable decision out. Steps, in order:
 * 1. rules valid today fire with evidence (weights as in the rule set);
 * 2. every party and the vessel are screened; dismissed (party, entry) pairs are skipped;
 * 3. AEO: a recognised security-type AEO of a party in `aeoRoles` removes `aeoReduction` of the
 *    NON-intelligence rule score (a negative "aeo" hit); sanctions and intelligence hits are never
 *    reduced; unknown/suspended/revoked statuses are shown as zero-weight hits;
 * 4. score = sum of weights (never below 0), lane from thresholds;
 * 5. outcome, strongest first: Do Not Load (a do_not_load rule, or a sanctions match confirmed by a
 *    strong identifier: IMO, birth date, exact entity name plus country; see strongIdentifier; goods not
 *    yet loaded) > potential sanctions match on name alone: red, held for an officer's review > red lane: outbound inspection request when the export administration accepts them,
 *    else screening request (hold for examination at arrival) > request for information (a rule with
 *    action request_for_information) > yellow: screening request > random control selection >
 *    assessment complete.
 * Pure: the same input, rule set, index and policy give the same assessment.
 */
import { describeMissing, findMissingElements } from '@safe-screen/domain';
import type { Assessment, Evidence, InspectionMethod, Lane, MissingElement, Outcome, Party, RiskHit } from '@safe-screen/domain';
import { checkCitedLicence } from '../licences/check-licence.js';
import type { CompiledRuleSet, FiredRule } from '../rules/compile-rule-set.js';
import { buildConsignmentFacts } from '../rules/consignment-facts.js';
import { sanctionsFingerprint } from '../sanctions/sanctions-fingerprint.js';
import type { SanctionsIndex } from '../sanctions/sanctions-index.js';
import { screenParty, type SanctionsMatch, type ScreeningQuery } from '../sanctions/screen-party.js';
import { strongIdentifier } from '../sanctions/strong-identifier.js';
import type { ScreenFn } from '../sanctions/screening-cache.js';
import type { AssessmentInput } from './assessment-input.js';
import type { AssessmentPolicy } from './assessment-policy.js';
import { partyKey } from './party-key.js';

export interface AssessmentContext {
  ruleSet: CompiledRuleSet;
  sanctions: SanctionsIndex;
  policy: AssessmentPolicy;
  /** Screening function; defaults to `screenParty`. Workers pass a cached one (see screening-cache.ts). */
  screen?: ScreenFn;
}

const UN_SHAREABLE = 'A party matches an entry of the UN Security Council Consolidated List.';

function ruleHit(fired: FiredRule): RiskHit {
  const hit: RiskHit = {
    source: 'rule',
    ruleId: fired.rule.id,
    description: fired.rule.description,
    category: fired.rule.category,
    weight: fired.rule.weight,
    evidence: fired.evidence,
  };
  if (fired.rule.shareableReason !== undefined) hit.shareableReason = fired.rule.shareableReason;
  if (fired.rule.intelligence) hit.intelligence = true;
  return hit;
}

interface ScreenedSubject {
  query: ScreeningQuery;
  evidence: Evidence;
  label: string;
}

function screeningSubjects(input: AssessmentInput): ScreenedSubject[] {
  const subjects: ScreenedSubject[] = [];
  const addParty = (party: Party, path: string) => {
    if (party.name === undefined || party.name.trim() === '') return;
    const query: ScreeningQuery = { name: party.name };
    if (party.address?.country !== undefined) query.country = party.address.country;
    const evidence: Evidence = { field: `${path}.name`, value: party.name };
    if (party.location !== undefined) evidence.location = party.location;
    subjects.push({ query, evidence, label: `${party.role} "${party.name}"` });
  };
  input.consignment.parties.forEach((p, i) => addParty(p, `parties[${i}]`));
  input.filing.parties.forEach((p, i) => addParty(p, `filing.parties[${i}]`));
  const conveyance = input.filing.conveyance;
  if (conveyance.mode === 'sea' && (conveyance.name !== undefined || conveyance.identifier !== undefined)) {
    const query: ScreeningQuery = { name: conveyance.name ?? '', type: 'vessel' };
    if (conveyance.identifier !== undefined) query.imo = conveyance.identifier;
    subjects.push({ query, evidence: { field: 'conveyance', value: [conveyance.name, conveyance.identifier].filter(Boolean).join(' ') }, label: `vessel ${conveyance.name ?? conveyance.identifier ?? ''}` });
  }
  return subjects;
}

function sanctionsHit(subject: ScreenedSubject, match: SanctionsMatch, weight: number): RiskHit {
  const features = match.evidence.map((f) => `${f.feature} ${f.score.toFixed(2)}${f.adjustment !== 0 ? ` (${f.adjustment > 0 ? '+' : ''}${f.adjustment})` : ''}: ${f.detail}`);
  const hit: RiskHit = {
    source: 'sanctions',
    ruleId: `SANCTIONS:${match.entry.source}:${match.entry.id}`,
    description: `${subject.label} matches ${match.entry.source} entry ${match.entry.id} "${match.entry.primaryName}" (${match.entry.programs.join(', ')}) via ${match.matchedNameKind.replace('_', ' ')} "${match.matchedName}", score ${match.score.toFixed(2)}`,
    category: 'security',
    weight: Math.round(weight * match.score * 100) / 100,
    evidence: [{ ...subject.evidence, note: `list edition ${match.entry.edition}; ${features.join('; ')}` }],
  };
  if (match.entry.source === 'UN') hit.shareableReason = UN_SHAREABLE;
  return hit;
}

interface AeoOutcome {
  hits: RiskHit[];
}

function applyAeo(input: AssessmentInput, policy: AssessmentPolicy, mitigableScore: number): AeoOutcome {
  const roles = new Set<string>(policy.aeoRoles);
  const parties = [...input.consignment.parties, ...input.filing.parties].filter((p) => roles.has(p.role));
  const hits: RiskHit[] = [];
  let best: { party: Party; reason: string; operatorId?: string } | undefined;
  for (const party of parties) {
    const key = partyKey(party);
    const result = input.aeo?.find((r) => r.partyKey === key);
    if (result === undefined) continue;
    const t = result.treatment;
    if (t.securityTreatment) {
      best ??= { party, reason: t.reason, ...(t.operatorId === undefined ? {} : { operatorId: t.operatorId }) };
      continue;
    }
    if (t.status === 'none' && party.aeoCertificate === undefined) continue;
    const evidence: Evidence = { field: `party ${party.role}`, value: t.operatorId ?? party.aeoCertificate ?? party.identifier ?? party.name ?? '', note: t.reason };
    if (party.location !== undefined) evidence.location = party.location;
    hits.push({
      source: 'aeo',
      ruleId: t.status === 'unknown' ? 'AEO-STATUS-UNKNOWN' : 'AEO-NO-TREATMENT',
      description: t.status === 'unknown' ? `AEO status of the ${party.role} is unknown; no AEO treatment applied` : `AEO of the ${party.role} earns no treatment: ${t.reason}`,
      category: 'security',
      weight: 0,
      evidence: [evidence],
    });
  }
  if (best !== undefined) {
    const reduction = Math.round(mitigableScore * policy.aeoReduction * 100) / 100;
    const evidence: Evidence = { field: `party ${best.party.role}`, value: best.operatorId ?? best.party.identifier ?? best.party.name ?? '', note: best.reason };
    if (best.party.location !== undefined) evidence.location = best.party.location;
    hits.unshift({
      source: 'aeo',
      ruleId: 'AEO-SECURITY-TREATMENT',
      description: `Recognised security AEO (${best.party.role}): non-intelligence rule score lowered by ${Math.round(policy.aeoReduction * 100)}%; sanctions and intelligence hits unchanged`,
      category: 'security',
      weight: reduction === 0 ? 0 : -reduction,
      evidence: [evidence],
    });
  }
  return { hits };
}

/**
 * Inadequate data is not low risk (SAFE): a consignment lacking a required element (consignor,
 * consignee, HS code...) gets a zero-weight hit naming what is missing, and the decision below can
 * then never be "assessment complete" or a green lane, whatever the rule set contains.
 */
function inadequateDataHit(input: AssessmentInput, missing: readonly MissingElement[]): RiskHit {
  const location = input.consignment.location;
  return {
    source: 'indicator',
    ruleId: 'DATA-INADEQUATE',
    description: `Required data missing (${describeMissing(missing)}): the data do not allow a risk assessment`,
    category: 'security',
    weight: 0,
    evidence: missing.map((m) => {
      const item = m.goodsIndex === undefined ? undefined : input.consignment.goods[m.goodsIndex];
      const evidence: Evidence = { field: m.goodsIndex === undefined ? m.element : `goods[${m.goodsIndex}].${m.element}`, value: '', note: 'required element missing' };
      const at = item?.location ?? location;
      if (at !== undefined) evidence.location = at;
      return evidence;
    }),
    shareableReason: 'Required consignment data missing; the data do not allow a risk assessment.',
  };
}

interface LicenceOutcome {
  /** Licensable rules whose goods a matching licence covers: their weight and hold are lifted. */
  covered: Set<string>;
  /** Every licensable rule is covered: the hold becomes a documentary check. */
  matched: boolean;
  hits: RiskHit[];
}

const goodsIndicesOf = (evidence: readonly Evidence[]): number[] =>
  [...new Set(evidence.map((e) => /^goods\[(\d+)\]/.exec(e.field)?.[1]).filter((i): i is string => i !== undefined).map(Number))];

/**
 * Controlled goods move legally under licences. A cited licence that fits (register, validity,
 * holder, HS codes, quantity left) lifts the weight and any Do Not Load of the licensable rules whose
 * goods it covers, leaving a documentary check of the licence; no licence or a mismatch leaves the
 * hold, with the reasons shown.
 */
function applyLicences(input: AssessmentInput, fired: readonly FiredRule[], nowIso: string): LicenceOutcome {
  const licensable = fired.filter((f) => f.rule.licensable);
  if (licensable.length === 0) return { covered: new Set(), matched: false, hits: [] };
  const verdicts = (input.licences ?? []).map((cited) => checkCitedLicence(input.consignment, cited, nowIso));
  const coveredItems = new Set(verdicts.flatMap((v) => (v.ok ? v.goodsIndices : [])));
  const covered = new Set(
    licensable
      .filter((f) => {
        const items = goodsIndicesOf(f.evidence);
        return items.length > 0 && items.every((i) => coveredItems.has(i));
      })
      .map((f) => f.rule.id),
  );
  const hits: RiskHit[] = [];
  const good = verdicts.filter((v) => v.ok);
  if (covered.size > 0) {
    const lifted = licensable.filter((f) => covered.has(f.rule.id)).reduce((s, f) => s + f.rule.weight, 0);
    hits.push({
      source: 'indicator',
      ruleId: 'LICENCE-MATCHED',
      description: `Licence ${good.map((v) => `${v.licence.issuingCountry} ${v.licence.number}`).join(', ')} covers the controlled goods (${[...covered].join(', ')}): documentary check of the licence instead of a hold`,
      category: 'security',
      weight: -lifted,
      evidence: good.map((v) => ({ field: 'licences', value: v.licence.number, note: `holder ${v.licence.holderName}; HS ${v.licence.hsCodes.join(', ')}; draws ${v.quantity} ${v.licence.unit}; valid ${v.licence.validFrom} to ${v.licence.validTo}`, ...(v.citation.location === undefined ? {} : { location: v.citation.location }) })),
    });
  }
  const uncovered = licensable.filter((f) => !covered.has(f.rule.id));
  if (uncovered.length > 0) {
    const bad = verdicts.filter((v) => !v.ok);
    hits.push({
      source: 'indicator',
      ruleId: bad.length > 0 ? 'LICENCE-MISMATCH' : 'LICENCE-MISSING',
      description:
        bad.length > 0
          ? `Cited licence does not cover the controlled goods (${uncovered.map((f) => f.rule.id).join(', ')}): ${bad.flatMap((v) => v.reasons).join('; ')}`
          : `No licence cited for the controlled goods (${uncovered.map((f) => f.rule.id).join(', ')})`,
      category: 'security',
      weight: 0,
      evidence:
        bad.length > 0
          ? bad.map((v) => ({ field: 'licences', value: v.citation.number, note: v.reasons.join('; '), ...(v.citation.location === undefined ? {} : { location: v.citation.location }) }))
          : [{ field: 'licences', value: '', note: 'no licence cited' }],
      shareableReason: 'Controlled goods without a matching licence.',
    });
  }
  return { covered, matched: uncovered.length === 0, hits };
}

function laneFor(score: number, policy: AssessmentPolicy): Lane {
  if (score >= policy.lanes.red) return 'red';
  if (score >= policy.lanes.yellow) return 'yellow';
  return 'green';
}

function methodsOf(fired: readonly FiredRule[], fallback: InspectionMethod[]): InspectionMethod[] {
  const set = new Set<InspectionMethod>(fired.flatMap((f) => f.rule.suggestedMethods));
  const ordered = (['documentary', 'xray', 'radiation', 'sampling', 'physical'] as const).filter((m) => set.has(m));
  return ordered.length > 0 ? ordered : fallback;
}

function exportCountry(input: AssessmentInput): string | undefined {
  const loading = input.consignment.placeOfLoading;
  return loading?.country ?? loading?.unlocode?.slice(0, 2);
}

export function assessConsignment(input: AssessmentInput, context: AssessmentContext): Assessment {
  const { policy } = context;
  const facts = buildConsignmentFacts(input);
  const fired = context.ruleSet.evaluate(facts, policy.nowIso);
  const hits: RiskHit[] = fired.map(ruleHit);

  const dismissed = new Set(input.sanctionsDismissals ?? []);
  const confirmed: Array<{ match: SanctionsMatch; reason: string }> = [];
  const potential: SanctionsMatch[] = [];
  for (const subject of screeningSubjects(input)) {
    for (const match of (context.screen ?? screenParty)(context.sanctions, subject.query, { threshold: policy.sanctionsThreshold })) {
      if (dismissed.has(sanctionsFingerprint(subject.query, match.entry))) continue;
      hits.push(sanctionsHit(subject, match, policy.sanctionsWeight));
      const strong = strongIdentifier(match, policy.sanctionsDoNotLoadScore);
      if (match.score >= policy.sanctionsDoNotLoadScore && strong !== undefined) confirmed.push({ match, reason: strong });
      else if (match.score >= policy.sanctionsDoNotLoadScore && policy.sanctionsDoNotLoadOnNameAlone === true) confirmed.push({ match, reason: 'policy: Do Not Load on a name match' });
      else potential.push(match);
    }
  }

  const licences = applyLicences(input, fired, policy.nowIso);
  hits.push(...licences.hits);
  // Rules whose goods a licence covers no longer count: not for AEO, Do Not Load or the methods.
  const effective = fired.filter((f) => !licences.covered.has(f.rule.id));
  const mitigable = effective.filter((f) => !f.rule.intelligence).reduce((s, f) => s + f.rule.weight, 0);
  hits.push(...applyAeo(input, policy, mitigable).hits);
  hits.push(...(input.extraHits ?? []));
  const missing = findMissingElements(input.filing, input.consignment);
  if (missing.length > 0) hits.push(inadequateDataHit(input, missing));

  const score = Math.max(0, Math.round(hits.reduce((s, h) => s + h.weight, 0) * 100) / 100);
  let lane = laneFor(score, policy);
  const loaded = input.timing.loaded ?? (input.timing.hoursBeforeLoading !== undefined && input.timing.hoursBeforeLoading <= 0);
  const dnlRules = effective.filter((f) => f.rule.action === 'do_not_load');
  const rfiRules = effective.filter((f) => f.rule.action === 'request_for_information');
  if (licences.matched && lane === 'green') lane = 'yellow';
  const exporter = exportCountry(input);

  let outcome: Outcome;
  let requestedMethods: InspectionMethod[] = [];
  let summary: string;
  let controlGroup = false;
  if (!loaded && (confirmed.length > 0 || dnlRules.length > 0)) {
    outcome = 'do_not_load';
    lane = 'red';
    summary =
      confirmed.length > 0
        ? `Do Not Load: a party matches sanctions entry ${confirmed[0]!.match.entry.source} ${confirmed[0]!.match.entry.id} (score ${confirmed[0]!.match.score.toFixed(2)}; ${confirmed[0]!.reason}).`
        : `Do Not Load: ${dnlRules.map((f) => f.rule.id).join(', ')} fired before loading.`;
  } else if (potential.length > 0) {
    // A name-only match is a potential match: held for an officer's review with the evidence, never
    // sent abroad as an outbound inspection request.
    outcome = 'screening_request';
    lane = 'red';
    requestedMethods = methodsOf(effective, ['documentary']);
    const first = potential[0]!;
    summary = `Potential sanctions match: a party resembles ${first.entry.source} entry ${first.entry.id} "${first.entry.primaryName}" (score ${first.score.toFixed(2)}, name only): held for officer review.`;
  } else if (lane === 'red') {
    requestedMethods = methodsOf(effective, ['xray', 'physical']);
    if (!loaded && exporter !== undefined && exporter !== policy.importingCountry && policy.outboundInspectionCountries.includes(exporter)) {
      outcome = 'outbound_inspection';
      summary = `Score ${score} (red): request outbound inspection by ${exporter} customs before loading.`;
    } else {
      outcome = 'screening_request';
      summary = `Score ${score} (red): hold for examination at arrival.`;
    }
  } else if (rfiRules.length > 0 || missing.length > 0) {
    // A request for information is never green: the consignment is not cleared until the data come.
    outcome = 'request_for_information';
    if (lane === 'green') lane = 'yellow';
    const reasons = [...rfiRules.map((f) => f.rule.id), ...(missing.length > 0 ? [`missing ${describeMissing(missing)}`] : [])];
    summary = `Request for information: ${reasons.join('; ')} — the data do not allow a risk assessment.`;
  } else if (lane === 'yellow') {
    outcome = 'screening_request';
    requestedMethods = methodsOf(effective, ['documentary']);
    summary = `Score ${score} (yellow): screening requested (${requestedMethods.join(', ')})${licences.matched ? '; controlled goods under a matching licence: documentary check of the licence' : ''}.`;
  } else if (input.randomDraw < policy.randomSelectionRate) {
    outcome = 'screening_request';
    requestedMethods = [...policy.controlGroupMethods];
    controlGroup = true;
    summary = `Selected at random for the control group (score ${score}); ${requestedMethods.join(', ')} requested.`;
  } else {
    outcome = 'assessment_complete';
    summary = score > 0 ? `Score ${score} (green): assessment complete.` : 'No risk indicators: assessment complete.';
  }

  const assessment: Assessment = {
    score,
    lane,
    outcome,
    hits,
    requestedMethods,
    ruleSetVersion: context.ruleSet.version,
    sanctionsEdition: context.sanctions.editions.join(' '),
    assessedAt: policy.nowIso,
    summary,
  };
  if (controlGroup) assessment.controlGroup = true;
  return assessment;
}
