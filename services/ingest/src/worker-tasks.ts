/**
 * The catalog of tasks the worker pool runs: name -> input -> output. Both sides import this file,
 * so the boundary is typed. The functions are pure given the risk snapshot; worker.ts only binds
 * them to the snapshot it received as workerData.
 */
import { randomUUID } from 'node:crypto';
import type { Assessment, Consignment, Filing, ParseOutcome, RiskHit, ValidationIssue } from '@safe-screen/domain';
import { checkFilingTiming, parseFiling } from '@safe-screen/manifest';
import {
  assessConsignment,
  buildSanctionsIndex,
  createScreeningCache,
  type ScreenFn,
  evaluateAeo,
  unknownAeoTreatment,
  type AeoAuthorisation,
  type MraTable,
  type PartyAeoResult,
  compileRuleSet,
  drawForConsignment,
  partyKey,
  screenParty,
  type SanctionsMatch,
  type ScreeningQuery,
  type AssessmentPolicy,
  validateRuleSet,
  type AssessmentContext,
  type CitedLicence,
  type SanctionsList,
} from '@safe-screen/risk';
import type { ClaimedJob, DecisionWrite } from '@safe-screen/db';
import type { TargetingModel } from '@safe-screen/learning';
import { learnedRiskHits } from './learned-risk.js';
import { planDecision } from './plan-decision.js';

/** What every worker needs to assess: versions fixed for the life of one pool. */
export interface RiskSnapshot {
  ruleSetDocument: unknown;
  sanctionsLists: SanctionsList[];
  policy: Omit<AssessmentPolicy, 'nowIso'>;
  mra: MraTable;
  /** The active targeting model learned from inspection outcomes, when one has been trained. */
  model?: TargetingModel;
  /** Salt of the control-group draw; changing it per period stops filers learning which references are never selected. */
  drawSalt: string;
}

export interface ParseTaskInput {
  body: Uint8Array;
  receivedAt: string;
}

export type ParseTaskOutput = ParseOutcome & { timing?: { deadline?: string; late: boolean; hoursBeforeLoading?: number } };

export interface AssessFacts {
  /** partyKey -> first filing that introduced it and how many filings it appeared in. */
  parties: Record<string, { firstFilingId: string | null; filings: number }>;
  massByHs6: Record<string, { count: number; mean: number; stdev: number }>;
  /** Operator identifier -> its AEO authorisations on record. */
  aeo: Record<string, AeoAuthorisation[]>;
  /** Set when the AEO registry could not be read: parties get "status unknown", never a crash. */
  aeoLookupError?: string;
  dismissals: string[];
  /** Per consignment id: why it cannot be assessed yet (multiple filing parts missing), if so. */
  incomplete: Record<string, string>;
  amendmentCounts: Record<string, number>;
  /** Per consignment id: the licences it cites as the register has them (licence-facts.ts). */
  licences?: Record<string, CitedLicence[]>;
}

export interface AssessTaskInput {
  jobs: ClaimedJob[];
  facts: AssessFacts;
  now: string;
}

export interface AssessTaskOutput {
  decisions: DecisionWrite[];
  failures: { jobId: number; consignmentId: string; attempts: number; error: string }[];
}

export interface ScreenTaskInput {
  query: ScreeningQuery;
  threshold?: number;
  limit?: number;
}

export interface ScreenTaskOutput {
  editions: string[];
  threshold: number;
  matches: SanctionsMatch[];
}

export interface WorkerTasks {
  parse(input: ParseTaskInput): Promise<ParseTaskOutput>;
  assess(input: AssessTaskInput): Promise<AssessTaskOutput>;
  screen(input: ScreenTaskInput): Promise<ScreenTaskOutput>;
}

/** Ad-hoc party screening with the same index and matcher the assessments use. */
export function runScreen(engine: PreparedEngine, input: ScreenTaskInput): ScreenTaskOutput {
  const threshold = input.threshold ?? engine.policy.sanctionsThreshold;
  return {
    editions: engine.sanctions.editions,
    threshold,
    matches: screenParty(engine.sanctions, input.query, { threshold, limit: input.limit ?? 10 }),
  };
}

export async function runParse(input: ParseTaskInput): Promise<ParseTaskOutput> {
  const receivedAt = new Date(input.receivedAt);
  const outcome = await parseFiling(Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength), { now: receivedAt });
  if (!outcome.ok) return outcome;
  return { ...outcome, timing: checkFilingTiming(outcome.filing, receivedAt) };
}

export interface PreparedEngine {
  ruleSet: AssessmentContext['ruleSet'];
  sanctions: AssessmentContext['sanctions'];
  policy: RiskSnapshot['policy'];
  mra: MraTable;
  drawSalt: string;
  model: TargetingModel | undefined;
  /** Screening memoised per snapshot: the same shippers and consignees recur across consignments. */
  screen: ScreenFn;
}

export function prepareEngine(snapshot: RiskSnapshot): PreparedEngine {
  const validated = validateRuleSet(snapshot.ruleSetDocument);
  if (!validated.ok) throw new Error(`the active rule set is invalid: ${validated.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  const sanctions = buildSanctionsIndex(snapshot.sanctionsLists);
  return {
    ruleSet: compileRuleSet(validated.ruleSet),
    sanctions,
    screen: createScreeningCache(sanctions).screen,
    policy: snapshot.policy,
    mra: snapshot.mra,
    drawSalt: snapshot.drawSalt,
    model: snapshot.model,
  };
}

function allParties(filing: Filing, consignment: Consignment) {
  return [...filing.parties, ...consignment.parties];
}

export function runAssess(engine: PreparedEngine, input: AssessTaskInput): AssessTaskOutput {
  const decisions: DecisionWrite[] = [];
  const failures: AssessTaskOutput['failures'] = [];
  // The same for every job of the batch: built once, not once per consignment (it was the largest
  // self time of the assessment task, with a few hundred HS6 codes per batch).
  const massByHs6 = Object.fromEntries(
    Object.entries(input.facts.massByHs6).map(([hs6, m]) => [hs6, { meanKg: m.mean, stdevKg: m.stdev, samples: m.count }]),
  );
  for (const job of input.jobs) {
    try {
      const incompleteReason = input.facts.incomplete[job.consignmentId];
      const parties = allParties(job.filing, job.consignment);
      const history = {
        parties: Object.fromEntries(
          parties.map((p) => {
            const key = partyKey(p);
            const seen = input.facts.parties[key];
            return [key, { firstSeen: seen === undefined || seen.firstFilingId === job.filingId }];
          }),
        ),
        massByHs6,
      };
      const { consignments: _omit, ...header } = job.filing;
      const assessment: Assessment = assessConsignment(
        {
          consignmentId: job.consignmentId,
          filing: header,
          consignment: job.consignment,
          timing: {
            receivedAt: job.receivedAt,
            late: job.timing.late,
            ...(job.timing.hoursBeforeLoading === undefined ? {} : { hoursBeforeLoading: job.timing.hoursBeforeLoading }),
            amendmentCount: input.facts.amendmentCounts[job.consignmentId] ?? job.filingVersion - 1,
          },
          indicators: job.issues.filter((i) => i.severity === 'warning') as ValidationIssue[],
          history,
          aeo: aeoFor(engine, parties, input.facts, input.now),
          sanctionsDismissals: input.facts.dismissals,
          ...(input.facts.licences?.[job.consignmentId] === undefined ? {} : { licences: input.facts.licences[job.consignmentId] }),
          randomDraw: drawForConsignment(`${job.consignmentId}:${job.filingVersion}`, engine.drawSalt),
          ...(engine.model === undefined ? {} : { extraHits: learnedRiskHits(engine.model, job.filing, job.consignment) }),
        },
        { ruleSet: engine.ruleSet, sanctions: engine.sanctions, screen: engine.screen, policy: { ...engine.policy, nowIso: input.now } },
      );
      if (engine.model !== undefined) assessment.modelVersion = engine.model.version;
      decisions.push(planDecision({ job, assessment, incompleteReason, now: input.now, administrationCountry: engine.policy.importingCountry, newId: randomUUID }));
    } catch (error) {
      failures.push({ jobId: job.jobId, consignmentId: job.consignmentId, attempts: job.attempts, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { decisions, failures };
}

/**
 * AEO treatment per identified party. The assessor looked the registry up (through a cache with a
 * bounded age); when that lookup failed, every party gets "status unknown", visible in the decision.
 */
function aeoFor(engine: PreparedEngine, parties: ReturnType<typeof allParties>, facts: AssessFacts, now: string): PartyAeoResult[] {
  const results: PartyAeoResult[] = [];
  for (const party of parties) {
    const identifier = party.identifier?.replace(/\s+/g, '').toUpperCase();
    if (identifier === undefined || identifier === '') continue;
    const treatment =
      facts.aeoLookupError !== undefined
        ? unknownAeoTreatment(facts.aeoLookupError)
        : evaluateAeo((facts.aeo[identifier] ?? []) as AeoAuthorisation[], engine.mra, now);
    results.push({ partyKey: partyKey(party), treatment });
  }
  return results;
}

export type { RiskHit };
