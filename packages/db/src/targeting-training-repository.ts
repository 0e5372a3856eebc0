/**
 * What the retraining job reads and the lease that keeps it to one instance at a time.
 *
 * The lease is a `settings` row rather than a session advisory lock: training takes seconds to
 * minutes on a worker thread, and a pooled connection cannot be held for that long. Claiming is one
 * INSERT … ON CONFLICT … WHERE, so of several instances polling at once exactly one gets the row;
 * a holder that dies simply lets the lease expire. The same row carries when training last ran, so
 * the schedule is shared by the deployment, not per instance.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { inspectionOutcomes } from './schema.js';

const LEASE_KEY = 'targeting.retrain';

export interface ImportedOutcomeRow {
  source: string;
  outcome: string;
  features: Record<string, unknown>;
  /** The declaration id in the imported file. */
  reference: string;
  /** YYYY-MM-DD */
  observedOn: string;
}

/** Stores imported history; a row already imported (same source and reference) is left as it is. */
export async function importInspectionOutcomes(db: Db, rows: readonly ImportedOutcomeRow[]): Promise<{ inserted: number }> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const done = await db
      .insert(inspectionOutcomes)
      .values(rows.slice(i, i + 1000).map((r) => ({ consignmentId: null, ...r })))
      .onConflictDoNothing()
      .returning({ id: inspectionOutcomes.id });
    inserted += done.length;
  }
  return { inserted };
}

export interface TrainingOutcome {
  id: number;
  consignmentId: string | null;
  reference: string | null;
  source: string;
  outcome: string;
  features: Record<string, unknown>;
  /** YYYY-MM-DD: the declaration date of an import, the recording date otherwise. */
  date: string;
}

function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Every labelled outcome except those of consignments waiting to be (re)assessed: the model must
 * never carry the label of a row it is about to score.
 */
export async function listTrainingExamples(db: Db): Promise<TrainingOutcome[]> {
  return rows<TrainingOutcome>(
    await db.execute(sql`
      select o.id::int as id, o.consignment_id as "consignmentId", o.reference, o.source, o.outcome, o.features,
        coalesce(o.observed_on, to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD')) as date
      from inspection_outcomes o
      left join consignments c on c.id = o.consignment_id
      where c.id is null or c.state <> 'pending'
      order by o.id`),
  );
}

/**
 * Takes the retraining lease for `leaseMs` if nobody holds it; with `dueEveryMs` only when the last
 * run is at least that old (the schedule). Returns whether this holder got it.
 */
export async function claimRetrainLease(db: Db, input: { holder: string; leaseMs: number; dueEveryMs?: number }): Promise<boolean> {
  const due = input.dueEveryMs === undefined
    ? sql`true`
    : sql`coalesce((settings.value::jsonb->>'lastRunAt')::timestamptz, '-infinity') <= now() - make_interval(secs => ${input.dueEveryMs / 1000}::float8)`;
  const claimed = rows<{ key: string }>(
    await db.execute(sql`
      insert into settings (key, value, updated_at)
      values (${LEASE_KEY}, jsonb_build_object('holder', ${input.holder}::text, 'leaseUntil', now() + make_interval(secs => ${input.leaseMs / 1000}::float8), 'lastRunAt', null)::text, now())
      on conflict (key) do update
        set value = jsonb_build_object('holder', ${input.holder}::text, 'leaseUntil', now() + make_interval(secs => ${input.leaseMs / 1000}::float8), 'lastRunAt', settings.value::jsonb->'lastRunAt')::text,
            updated_at = now()
        where (settings.value::jsonb->>'leaseUntil')::timestamptz < now() and ${due}
      returning key`),
  );
  return claimed.length > 0;
}

/** Gives the lease back and records the run (a skipped run counts: the schedule waits a full interval). */
export async function releaseRetrainLease(db: Db, input: { holder: string }): Promise<void> {
  await db.execute(sql`
    update settings
      set value = jsonb_build_object('holder', null, 'leaseUntil', now(), 'lastRunAt', now())::text, updated_at = now()
      where key = ${LEASE_KEY} and settings.value::jsonb->>'holder' = ${input.holder}`);
}
