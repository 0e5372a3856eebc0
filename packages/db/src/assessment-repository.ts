/**
 * The assessment queue and the decision write. Jobs are claimed with FOR UPDATE SKIP LOCKED and a
 * lease (available_at pushed forward): several assessor instances share the queue without taking the
 * same job, and a job whose instance died comes back when its lease runs out.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Assessment, Consignment, Filing } from '@safe-screen/domain';
import type { Db } from './client.js';
import { applyDecisionTransitions, type DecisionTransition } from './case-transition-repository.js';
import type { FilingTiming } from './filing-repository.js';
import {
  assessmentJobs,
  assessments,
  commodityMassStats,
  consignments,
  filings,
  filingVersions,
  partyHistory,
  sanctionsDismissals,
} from './schema.js';

export interface ClaimedJob {
  jobId: number;
  attempts: number;
  consignmentId: string;
  filingId: string;
  filingVersion: number;
  mrn: string;
  filerId: string;
  consignment: Consignment;
  /** The filing header: everything but the consignments. */
  filing: Filing;
  timing: FilingTiming;
  receivedAt: string;
  issues: { code: string; severity: string; location: string; message: string }[];
  masterDocumentNumber: string | null;
  transportDocumentNumber: string | null;
  level: string;
  requestId: string | null;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * The claim's only sensible plan walks the partial index of pending jobs. With statistics gathered
 * while most jobs were pending (a fresh table, or before autovacuum's next analysis) the planner
 * took a sequential scan of the whole table instead, history included; the claim forbids it.
 */
export const CLAIM_SETTINGS = sql`set local enable_seqscan = off`;

/** The claim's statement (also EXPLAINed by hot-queries.ts): due job ids in turn order, locked. */
export function claimDueJobsSql(limit: number): SQL {
  return sql`
    with recursive filers(filer_id) as (
      (select filer_id from assessment_jobs where status = 'pending' order by filer_id limit 1)
      union all
      select (select j.filer_id from assessment_jobs j where j.status = 'pending' and j.filer_id > f.filer_id order by j.filer_id limit 1)
      from filers f where f.filer_id is not null
    ), heads as (
      select h.id, h.turn, h.available_at
      from filers f cross join lateral (
        select j.id, j.available_at, row_number() over (order by j.available_at, j.id) as turn
        from assessment_jobs j
        where j.status = 'pending' and j.filer_id = f.filer_id and j.available_at <= now()
        order by j.available_at, j.id
        limit ${limit * 4}
      ) h
      where f.filer_id is not null
    )
    select j.id from assessment_jobs j join heads h on h.id = j.id
    where j.status = 'pending' and j.available_at <= now()
    order by h.turn, h.available_at, h.id
    limit ${limit}
    for update of j skip locked`;
}

/**
 * Claims up to `limit` due jobs for `leaseMs`, taking turns between filers: every filer's oldest due
 * job first, then every filer's second, and so on (oldest first within a turn). First in, first out
 * across filers made another filer's small filing, a Do Not Load among it, wait behind the whole of a
 * 5,000-consignment manifest. The filers with pending jobs are found by a skip scan of the partial
 * index on (filer_id, available_at, id), and each filer's head is read from the same index, so the
 * claim costs per filer waiting, not per job waiting. Each filer's head holds four claims' worth, so
 * concurrent claims (rounds, instances) that skip each other's locked rows still fill up.
 */
export async function claimAssessmentJobs(db: Db, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
  const claimed = await db.transaction(async (tx) => {
    await tx.execute(CLAIM_SETTINGS);
    const due = rowsOf<{ id: number | string }>(await tx.execute(claimDueJobsSql(limit)));
    if (due.length === 0) return [];
    const turn = new Map(due.map((d, i) => [Number(d.id), i]));
    const rows = await tx
      .update(assessmentJobs)
      .set({ attempts: sql`${assessmentJobs.attempts} + 1`, availableAt: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
      // Ids as one jsonb parameter: drizzle builds and type-checks a bound parameter per value of an
      // inArray (its `is` was the largest self time on the assessor's main thread); as an array, which
      // the planner always looks up by primary key (`in (select ...)` may become a hash join).
      .where(sql`${assessmentJobs.id} = any(array(select jsonb_array_elements_text(${JSON.stringify([...turn.keys()])}::jsonb)::bigint))`)
      .returning();
    // In turn order, so the first batch of the round holds every filer's first job.
    return rows.sort((a, b) => (turn.get(a.id) ?? 0) - (turn.get(b.id) ?? 0));
  });
  if (claimed.length === 0) return [];
  const rows = await selectAssessable(db).where(sql`${consignments.id} = any(array(select jsonb_array_elements_text(${JSON.stringify(claimed.map((j) => j.consignmentId))}::jsonb)::uuid))`);
  const byConsignment = new Map(rows.map((r) => [r.consignment.id, r]));
  return claimed.flatMap((job) => {
    const row = byConsignment.get(job.consignmentId);
    return row === undefined ? [] : [toClaimedJob(row, { jobId: job.id, attempts: job.attempts, filingVersion: job.filingVersion, requestId: job.requestId })];
  });
}

/**
 * A consignment's current version with what the assessor needs of its filing: the one query behind
 * both queued assessments and re-assessments of stored ones (shadow runs, replays).
 */
export function selectAssessable(db: Db) {
  return db
    .select({
      consignment: consignments,
      filing: { id: filings.id, mrn: filings.mrn, filerId: filings.filerId, level: filings.level },
      version: { header: filingVersions.header, timing: filingVersions.timing, receivedAt: filingVersions.receivedAt, issues: filingVersions.issues },
    })
    .from(consignments)
    .innerJoin(filings, eq(filings.id, consignments.filingId))
    .innerJoin(filingVersions, and(eq(filingVersions.filingId, consignments.filingId), eq(filingVersions.version, consignments.version)))
    .$dynamic();
}

type AssessableRow = Awaited<ReturnType<typeof selectAssessable>>[number];

export function toClaimedJob(row: AssessableRow, job: Pick<ClaimedJob, 'jobId' | 'attempts' | 'filingVersion' | 'requestId'>): ClaimedJob {
  return {
    ...job,
    consignmentId: row.consignment.id,
    filingId: row.filing.id,
    mrn: row.filing.mrn,
    filerId: row.filing.filerId,
    consignment: row.consignment.content,
    filing: row.version.header,
    timing: row.version.timing,
    receivedAt: row.version.receivedAt.toISOString(),
    issues: row.version.issues,
    masterDocumentNumber: row.consignment.masterDocumentNumber,
    transportDocumentNumber: row.consignment.transportDocumentNumber,
    level: row.filing.level,
  };
}

export interface DecisionWrite {
  jobId: number;
  consignmentId: string;
  filingVersion: number;
  assessment: Assessment;
  /** Consignment state after this decision: assessed, or incomplete while parts of a multiple filing are missing. */
  state: 'assessed' | 'incomplete';
  /**
   * What the decision means for the consignment's life: applied by the lifecycle (`@safe-screen/cases`
   * through `applyDecisionTransitions`), which alone writes holds, inspection requests, notices and
   * outbox rows.
   */
  lifecycle: Omit<DecisionTransition, 'consignmentId'>;
}

/**
 * Stores decisions and closes the jobs, and has the lifecycle apply what each decision means (hold,
 * inspection request, notices, outbox rows): all in one transaction. A job whose consignment has
 * moved on to a newer filing version is closed without writing a stale decision.
 */
export async function storeDecisions(db: Db, decisions: DecisionWrite[]): Promise<{ stored: number; superseded: number }> {
  if (decisions.length === 0) return { stored: 0, superseded: 0 };
  return db.transaction(async (tx) => {
    const current = await tx
      .select({ id: consignments.id, version: consignments.version })
      .from(consignments)
      .where(inArray(consignments.id, decisions.map((d) => d.consignmentId)));
    const versionOf = new Map(current.map((c) => [c.id, c.version]));
    const fresh = decisions.filter((d) => versionOf.get(d.consignmentId) === d.filingVersion);
    if (fresh.length > 0) {
      // The assessments and the consignments' new state in one statement, the rows travelling as one
      // jsonb parameter: building this as bound parameters (one UPDATE per consignment at first, then
      // seven parameters per row) was the largest JavaScript cost of the decision write.
      const rows = JSON.stringify(fresh.map((d) => ({ id: d.consignmentId, v: d.filingVersion, s: d.state, a: d.assessment })));
      await tx.execute(sql`
        with input as (
          select (e->>'id')::uuid as id, (e->>'v')::int as version, e->>'s' as state, e->'a' as a
          from jsonb_array_elements(${rows}::jsonb) as e
        ), stored as (
          insert into ${assessments} (consignment_id, filing_version, outcome, lane, score, rule_set_version, result)
          select id, version, a->>'outcome', a->>'lane', (a->>'score')::double precision, a->>'ruleSetVersion', a from input
        )
        update ${consignments} as c
        set state = i.state, outcome = i.a->>'outcome', lane = i.a->>'lane', score = (i.a->>'score')::double precision,
            control_group = coalesce((i.a->>'controlGroup')::boolean, false), updated_at = now()
        from input as i
        where c.id = i.id`);
      await applyDecisionTransitions(tx, fresh.map((d) => ({ consignmentId: d.consignmentId, ...d.lifecycle })));
    }
    await tx.update(assessmentJobs).set({ status: 'done', lastError: null }).where(inArray(assessmentJobs.id, decisions.map((d) => d.jobId)));
    return { stored: fresh.length, superseded: decisions.length - fresh.length };
  });
}

/** A job that failed: retried once after `retryMs`, then marked failed and its consignment made visible as failed. */
export async function failAssessmentJob(db: Db, input: { jobId: number; consignmentId: string; attempts: number; error: string; maxAttempts: number; retryMs: number }): Promise<'retry' | 'failed'> {
  if (input.attempts < input.maxAttempts) {
    await db
      .update(assessmentJobs)
      .set({ lastError: input.error, availableAt: sql`now() + make_interval(secs => ${input.retryMs / 1000})` })
      .where(eq(assessmentJobs.id, input.jobId));
    return 'retry';
  }
  await db.transaction(async (tx) => {
    await tx.update(assessmentJobs).set({ status: 'failed', lastError: input.error }).where(eq(assessmentJobs.id, input.jobId));
    await tx.update(consignments).set({ state: 'failed', updatedAt: sql`now()` }).where(eq(consignments.id, input.consignmentId));
  });
  return 'failed';
}

export async function countPendingJobs(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(assessmentJobs).where(eq(assessmentJobs.status, 'pending'));
  return row?.n ?? 0;
}

/** History facts for a batch: which party keys were first seen in which filing, and mass statistics per HS6. */
export async function loadHistoryFacts(db: Db, partyKeys: string[], hs6Codes: string[]) {
  const parties = new Map<string, { firstFilingId: string | null; filings: number }>();
  for (let start = 0; start < partyKeys.length; start += 1000) {
    const chunk = partyKeys.slice(start, start + 1000);
    // Keys as one jsonb parameter rather than a bound parameter each (see claimAssessmentJobs), as an
    // array: `in (select ...)` was planned as a hash join over the whole table.
    const rows = await db.select().from(partyHistory).where(sql`${partyHistory.partyKey} = any(array(select jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb)))`);
    for (const row of rows) parties.set(row.partyKey, { firstFilingId: row.firstFilingId, filings: row.filings });
  }
  const mass = new Map<string, { count: number; mean: number; stdev: number }>();
  if (hs6Codes.length > 0) {
    const rows = await db.select().from(commodityMassStats).where(sql`${commodityMassStats.hs6} = any(array(select jsonb_array_elements_text(${JSON.stringify(hs6Codes)}::jsonb)))`);
    for (const row of rows) {
      const mean = row.sumKg / Math.max(1, row.count);
      const variance = Math.max(0, row.sumSquaresKg / Math.max(1, row.count) - mean * mean);
      mass.set(row.hs6, { count: row.count, mean, stdev: Math.sqrt(variance) });
    }
  }
  return { parties, mass };
}

/** Adds assessed goods masses to the per-HS6 statistics (after the decision, so an item never judges itself). */
export async function recordCommodityMasses(db: Db, items: { hs6: string; kg: number }[]): Promise<void> {
  const grouped = new Map<string, { count: number; sum: number; squares: number }>();
  for (const item of items) {
    const g = grouped.get(item.hs6) ?? { count: 0, sum: 0, squares: 0 };
    g.count++;
    g.sum += item.kg;
    g.squares += item.kg * item.kg;
    grouped.set(item.hs6, g);
  }
  if (grouped.size === 0) return;
  // One upsert for the batch (one row per HS6, sorted so concurrent batches lock rows in the same order).
  await db
    .insert(commodityMassStats)
    .values([...grouped].sort(([a], [b]) => a.localeCompare(b)).map(([hs6, g]) => ({ hs6, count: g.count, sumKg: g.sum, sumSquaresKg: g.squares })))
    .onConflictDoUpdate({
      target: commodityMassStats.hs6,
      set: {
        count: sql`${commodityMassStats.count} + excluded.count`,
        sumKg: sql`${commodityMassStats.sumKg} + excluded.sum_kg`,
        sumSquaresKg: sql`${commodityMassStats.sumSquaresKg} + excluded.sum_squares_kg`,
      },
    });
}

export async function loadDismissals(db: Db): Promise<string[]> {
  const rows = await db.select({ fingerprint: sanctionsDismissals.fingerprint }).from(sanctionsDismissals);
  return rows.map((r) => r.fingerprint);
}

/**
 * Other consignments of a multiple filing: houses under a master document, or the master of a house.
 * The filing's level and status are read per matching consignment (a subquery on the primary key),
 * not joined: with statistics gathered while the tables were small, the join was planned as a scan
 * of every filing with an index probe each (1.6 s at 50,000 filings, on every assessment round).
 */
export async function findLinkedParts(db: Db, documentNumbers: string[]) {
  if (documentNumbers.length === 0) return { masters: new Set<string>(), housesUnder: new Map<string, number>() };
  const masters = await db
    .select({ number: consignments.transportDocumentNumber })
    .from(consignments)
    .where(and(inArray(consignments.transportDocumentNumber, documentNumbers), sql`(select f.level in ('master', 'complete') and f.status = 'registered' from ${filings} f where f.id = ${consignments.filingId})`));
  const houses = await db
    .select({ master: consignments.masterDocumentNumber, n: sql<number>`count(*)::int` })
    .from(consignments)
    .where(and(inArray(consignments.masterDocumentNumber, documentNumbers), sql`(select f.level = 'house' and f.status = 'registered' from ${filings} f where f.id = ${consignments.filingId})`))
    .groupBy(consignments.masterDocumentNumber);
  return {
    masters: new Set(masters.map((m) => m.number).filter((n): n is string => n !== null)),
    housesUnder: new Map(houses.filter((h) => h.master !== null).map((h) => [h.master!, h.n])),
  };
}

/** Re-queues the incomplete parts linked to these document numbers, once their counterpart arrived. */
export async function requeueLinkedIncomplete(db: Db, documentNumbers: string[]): Promise<number> {
  if (documentNumbers.length === 0) return 0;
  const rows = await db
    .select({ id: consignments.id, version: consignments.version })
    .from(consignments)
    .where(and(eq(consignments.state, 'incomplete'), sql`(${inArray(consignments.masterDocumentNumber, documentNumbers)} or ${inArray(consignments.transportDocumentNumber, documentNumbers)})`));
  if (rows.length === 0) return 0;
  await db.insert(assessmentJobs).values(rows.map((r) => ({ consignmentId: r.id, filingVersion: r.version })));
  return rows.length;
}

/**
 * After a new sanctions list edition is loaded: every consignment still open (registered filing,
 * not arrived, not released) is queued for re-assessment, so a party added to a list is caught before
 * loading. One statement; safe to run from any instance. Returns how many were queued.
 */
export async function requeueOpenConsignments(db: Db, reason: string): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`
    insert into assessment_jobs (consignment_id, filing_version, request_id, filer_id)
    select c.id, c.version, ${reason}, f.filer_id
    from consignments c join filings f on f.id = c.filing_id
    where f.status = 'registered' and f.arrived_at is null
      and (c.hold_status in ('open', 'held', 'inspection_requested') or (c.hold_status = 'released' and c.outcome = 'assessment_complete'))
      and not exists (select 1 from assessment_jobs j where j.consignment_id = c.id and j.status = 'pending')
    returning id`);
  return Array.isArray(rows) ? rows.length : ((rows as { rows?: unknown[] }).rows?.length ?? 0);
}
