/**
 * Drains the assessment queue: claims due jobs (SKIP LOCKED, with a lease), gathers the facts the
 * risk engine needs (party history, commodity mass history, AEO registry, dismissals, multiple-filing
 * completeness), runs the batches on the worker pool, and writes each decision with its consequences
 * in one transaction. Any number of instances may run this loop against one database.
 *
 * Failure handling: a failed or timed-out batch is retried job by job once (attempts are counted per
 * job), then the job is marked failed and its consignment shows as failed to officers: never lost.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { LaneQuotas } from '@safe-screen/config';
import {
  claimAssessmentJobs,
  failAssessmentJob,
  findCompletedParts,
  loadDismissals,
  loadHistoryFacts,
  recordCommodityMasses,
  requeueLinkedIncomplete,
  reserveLaneCapacity,
  storeDecisions,
  type ClaimedJob,
  type Database,
  type DecisionWrite,
} from '@safe-screen/db';
import { vacuumQueueTables } from '@safe-screen/db/queue-maintenance-repository';
import { exemptFromQuota, moveDownForQuota, partyKey, quotaLaneOf, type AeoAuthorisation, type QuotaLane } from '@safe-screen/risk';
import { planDecision } from './plan-decision.js';
import { PollingLoop } from '@safe-screen/relay';
import { loadAeoRegistry } from './aeo-registry.js';
import type { WorkerPool } from './worker-pool.js';
import type { AssessFacts, AssessTaskOutput } from './worker-tasks.js';
import { gatherLicenceFacts } from './licence-facts.js';

export interface AssessorOptions {
  database: Database;
  /** Daily selections per lane (LANE_QUOTAS); empty = no quotas. */
  laneQuotas?: LaneQuotas;
  /** This administration's country, for decisions re-planned after a quota moved them. */
  administrationCountry?: string;
  pool: WorkerPool;
  logger: Logger;
  batchSize: number;
  /** Batches in flight at once: normally the number of worker threads. */
  parallelBatches: number;
  pollMs: number;
  /** Seconds a claimed job stays invisible to other instances. */
  leaseSeconds?: number;
  /**
   * Claim-assess-store rounds in flight at once (default 2). With one, the workers sat idle while a
   * round's decisions were written and the next claim read, and the database idled while workers ran;
   * two overlap those phases. Rounds never share jobs (SKIP LOCKED claims, as between instances).
   */
  concurrentRounds?: number;
  onDecisions?: (count: number, outcomes: Record<string, number>, durationsMs: number[]) => void;
}

const MAX_ATTEMPTS = 2;
const AEO_CACHE_MS = 60_000;
/** Jobs handled between two vacuums of the queue tables (see vacuumQueueTables): bounds their dead entries. */
const VACUUM_EVERY_JOBS = 10_000;

export class Assessor extends PollingLoop {
  private aeoCache: { at: number; byOperator: Map<string, AeoAuthorisation[]> } | undefined;
  private jobsSinceVacuum = 0;

  constructor(private readonly options: AssessorOptions) {
    super({ pollMs: options.pollMs, logger: options.logger, name: 'assessment', concurrency: options.concurrentRounds ?? 2 });
  }

  /** One round: claim, assess, store. Returns how many jobs it handled. */
  async tick(): Promise<number> {
    const { database, batchSize, parallelBatches } = this.options;
    // claimAssessmentJobs takes the lease in milliseconds; passing seconds made it 0.3 s, so a slow batch
    // became claimable again by another instance while still being assessed.
    const jobs = await claimAssessmentJobs(database.db, batchSize * parallelBatches, (this.options.leaseSeconds ?? 300) * 1000);
    if (jobs.length === 0) return 0;
    const facts = await this.gatherFacts(jobs);
    const batches: ClaimedJob[][] = [];
    for (let i = 0; i < jobs.length; i += batchSize) batches.push(jobs.slice(i, i + batchSize));
    const now = new Date().toISOString();
    await Promise.all(batches.map((batch) => this.assessBatch(batch, facts, now)));
    this.jobsSinceVacuum += jobs.length;
    if (this.jobsSinceVacuum >= VACUUM_EVERY_JOBS) {
      this.jobsSinceVacuum = 0;
      const started = performance.now();
      try {
        await vacuumQueueTables(database.db);
        this.options.logger.info({ ms: Math.round(performance.now() - started) }, 'queue tables vacuumed');
      } catch (error) {
        this.options.logger.warn({ err: error }, 'vacuum of the queue tables failed');
      }
    }
    return jobs.length;
  }

  private async assessBatch(batch: ClaimedJob[], facts: AssessFacts, now: string): Promise<void> {
    const started = performance.now();
    let output: AssessTaskOutput;
    try {
      output = await this.options.pool.run('assess', { jobs: batch, facts, now });
    } catch (error) {
      // The whole task failed (worker crash, timeout): each job counts an attempt and is retried alone.
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn({ err: error, jobs: batch.length }, 'assessment task failed');
      output = { decisions: [], failures: batch.map((j) => ({ jobId: j.jobId, consignmentId: j.consignmentId, attempts: j.attempts, error: message })) };
    }
    const { database } = this.options;
    if (output.decisions.length > 0) output = { ...output, decisions: await this.applyLaneQuotas(batch, output.decisions, now) };
    if (output.decisions.length > 0) {
      await storeDecisions(database.db, output.decisions);
      const masses = batch.flatMap((job) =>
        job.consignment.goods.flatMap((g) => (g.commodityCode !== undefined && g.grossMassKg !== undefined && g.grossMassKg > 0 ? [{ hs6: g.commodityCode.slice(0, 6), kg: g.grossMassKg }] : [])),
      );
      await recordCommodityMasses(database.db, masses);
      // A newly complete part may complete others: re-queue the incomplete ones linked to it.
      const completedDocs = output.decisions
        .filter((d) => d.state === 'assessed')
        .flatMap((d) => {
          const job = batch.find((j) => j.jobId === d.jobId);
          return job === undefined ? [] : [job.transportDocumentNumber, job.masterDocumentNumber].filter((n): n is string => n !== null);
        });
      await requeueLinkedIncomplete(database.db, [...new Set(completedDocs)]);
      const outcomes: Record<string, number> = {};
      for (const d of output.decisions) outcomes[d.assessment.outcome] = (outcomes[d.assessment.outcome] ?? 0) + 1;
      const perJob = (performance.now() - started) / batch.length;
      this.options.onDecisions?.(output.decisions.length, outcomes, output.decisions.map(() => perJob));
      // Under the same key fastify logs requests with (reqId), so one search follows a filing from its registration to each decision.
      const jobsById = new Map(batch.map((j) => [j.jobId, j]));
      for (const d of output.decisions) {
        const job = jobsById.get(d.jobId);
        this.options.logger.info({ reqId: job?.requestId ?? undefined, mrn: job?.mrn, consignmentId: d.consignmentId, outcome: d.assessment.outcome, lane: d.assessment.lane, ruleSetVersion: d.assessment.ruleSetVersion }, 'consignment assessed');
      }
    }
    for (const failure of output.failures) {
      const result = await failAssessmentJob(database.db, { ...failure, maxAttempts: MAX_ATTEMPTS, retryMs: 2000 });
      this.options.logger.warn({ consignmentId: failure.consignmentId, result, error: failure.error }, 'assessment of a consignment failed');
    }
  }

  /**
   * Lane quotas (see packages/risk lane-quota.ts): per lane, red first so what it moves down competes
   * for yellow, exempt selections take their places unconditionally and the rest are granted places
   * highest score first; what does not fit is re-planned one lane down.
   */
  private async applyLaneQuotas(batch: ClaimedJob[], decisions: DecisionWrite[], now: string): Promise<DecisionWrite[]> {
    const quotas = this.options.laneQuotas ?? {};
    if (quotas.red === undefined && quotas.yellow === undefined) return decisions;
    const day = now.slice(0, 10);
    const jobs = new Map(batch.map((j) => [j.jobId, j]));
    let current = decisions;
    for (const lane of ['red', 'yellow'] as const satisfies readonly QuotaLane[]) {
      const perDay = quotas[lane];
      if (perDay === undefined) continue;
      const inLane = current.filter((d) => quotaLaneOf(d.assessment) === lane);
      if (inLane.length === 0) continue;
      const forced = inLane.filter((d) => exemptFromQuota(d.assessment)).length;
      const candidates = inLane.filter((d) => !exemptFromQuota(d.assessment)).sort((a, b) => b.assessment.score - a.assessment.score);
      const granted = await reserveLaneCapacity(this.options.database.db, { day, lane, perDay, wanted: candidates.length, forced });
      const moved = new Set(candidates.slice(granted));
      if (moved.size === 0) continue;
      this.options.logger.info({ lane, day, perDay, moved: moved.size }, 'lane quota used up: selections moved one lane down');
      current = current.map((d) => {
        const job = jobs.get(d.jobId);
        if (!moved.has(d) || job === undefined) return d;
        const assessment = moveDownForQuota(d.assessment, { lane, perDay, day });
        return planDecision({ job, assessment, incompleteReason: undefined, now, administrationCountry: this.options.administrationCountry ?? '', newId: randomUUID });
      });
    }
    return current;
  }

  private async gatherFacts(jobs: ClaimedJob[]): Promise<AssessFacts> {
    const db = this.options.database.db;
    const keys = new Set<string>();
    const hs6 = new Set<string>();
    const identifiers = new Set<string>();
    for (const job of jobs) {
      for (const party of [...job.filing.parties, ...job.consignment.parties]) {
        keys.add(partyKey(party));
        const id = party.identifier?.replace(/\s+/g, '').toUpperCase();
        if (id !== undefined && id !== '') identifiers.add(id);
      }
      for (const goods of job.consignment.goods) if (goods.commodityCode !== undefined) hs6.add(goods.commodityCode.slice(0, 6));
    }
    const history = await loadHistoryFacts(db, [...keys], [...hs6]);
    const dismissals = await loadDismissals(db);
    const incomplete = await this.completeness(jobs);
    let aeo: Record<string, AeoAuthorisation[]> = {};
    let aeoLookupError: string | undefined;
    try {
      const registry = await this.aeoRegistry();
      aeo = Object.fromEntries([...identifiers].map((id) => [id, registry.get(id) ?? []]));
    } catch (error) {
      aeoLookupError = error instanceof Error ? error.message : String(error);
    }
    return {
      parties: Object.fromEntries(history.parties),
      massByHs6: Object.fromEntries(history.mass),
      aeo,
      ...(aeoLookupError === undefined ? {} : { aeoLookupError }),
      dismissals,
      incomplete,
      amendmentCounts: {},
      licences: await gatherLicenceFacts(db, jobs, new Date().toISOString()),
    };
  }

  /** The AEO registry through a cache with a bounded age; refreshed from the database every minute. */
  private async aeoRegistry(): Promise<Map<string, AeoAuthorisation[]>> {
    const now = Date.now();
    if (this.aeoCache !== undefined && now - this.aeoCache.at < AEO_CACHE_MS) return this.aeoCache.byOperator;
    const byOperator = await loadAeoRegistry(this.options.database);
    this.aeoCache = { at: now, byOperator };
    return byOperator;
  }

  /**
   * Multiple filing: a house part needs its master filed, a master part needs at least one house
   * filing under it. Until then the consignment is incomplete, never silently low risk.
   */
  private async completeness(jobs: ClaimedJob[]): Promise<Record<string, string>> {
    // Parts count only when their parties say they belong together (same filer, or the house names
    // the master's carrier): another tenant's document number completes nothing.
    const completed = await findCompletedParts(this.options.database.db, jobs.map((job) => ({
      consignmentId: job.consignmentId, level: job.level, filerId: job.filerId, transportDocumentNumber: job.transportDocumentNumber,
      masterDocumentNumber: job.masterDocumentNumber, header: job.filing, consignment: job.consignment,
    })));
    const incomplete: Record<string, string> = {};
    for (const job of jobs) {
      if (job.level === 'house') {
        if (job.masterDocumentNumber === null) incomplete[job.consignmentId] = 'the house filing names no master transport document';
        else if (!completed.has(job.consignmentId)) incomplete[job.consignmentId] = `the carrier's master filing for transport document ${job.masterDocumentNumber} has not been received`;
      } else if (job.level === 'master') {
        const doc = job.transportDocumentNumber;
        if (doc === null) incomplete[job.consignmentId] = 'the master filing names no transport document';
        else if (!completed.has(job.consignmentId)) incomplete[job.consignmentId] = `no house filing has been received for master transport document ${doc}`;
      }
    }
    return incomplete;
  }
}
