/**
 * SAFE performance measures for the console: volumes per day, time from filing to first decision,
 * lane shares, inspection outcomes and hit rate per rule, and the random control group beside the
 * targeted selection. Aggregated in SQL so the page costs a handful of queries at any volume.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

export interface PerformanceReport {
  since: string;
  filingsPerDay: { day: string; count: number }[];
  consignmentsPerDay: { day: string; count: number }[];
  decisionSeconds: { count: number; p50: number | null; p90: number | null; max: number | null };
  lanes: { lane: string; count: number }[];
  outcomes: { outcome: string; count: number }[];
  inspections: { outcome: string; count: number }[];
  rules: { ruleId: string; fired: number; inspected: number; positive: number; hitRate: number | null }[];
  selection: { group: 'random' | 'targeted'; inspected: number; positive: number; hitRate: number | null }[];
}

/** Outcome labels counted as a find (anything else inspected counts as no find). */
export const POSITIVE_OUTCOMES = ['irregularity', 'serious_finding', 'positive', 'seizure', 'discrepancy', 'found', 'hit'];

function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function loadPerformance(db: Db, input: { days: number }): Promise<PerformanceReport> {
  const since = new Date(Date.now() - input.days * 86_400_000);
  const positive = sql.join(POSITIVE_OUTCOMES.map((p) => sql`${p}`), sql`, `);
  const filingsPerDay = rows<{ day: string; count: number }>(await db.execute(sql`
    select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, count(*)::int as count
    from filings where created_at >= ${since} group by 1 order by 1`));
  const consignmentsPerDay = rows<{ day: string; count: number }>(await db.execute(sql`
    select to_char(date_trunc('day', f.created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, count(*)::int as count
    from consignments c join filings f on f.id = c.filing_id where f.created_at >= ${since} group by 1 order by 1`));
  const [decision] = rows<{ count: number; p50: number | null; p90: number | null; max: number | null }>(await db.execute(sql`
    with first_decision as (
      select a.consignment_id, min(a.created_at) as decided_at from assessments a group by a.consignment_id
    )
    select count(*)::int as count,
      percentile_cont(0.5) within group (order by extract(epoch from d.decided_at - fv.received_at))::float8 as p50,
      percentile_cont(0.9) within group (order by extract(epoch from d.decided_at - fv.received_at))::float8 as p90,
      max(extract(epoch from d.decided_at - fv.received_at))::float8 as max
    from first_decision d
    join consignments c on c.id = d.consignment_id
    join filing_versions fv on fv.filing_id = c.filing_id and fv.version = 1
    where fv.received_at >= ${since}`));
  const lanes = rows<{ lane: string; count: number }>(await db.execute(sql`
    select c.lane, count(*)::int as count from consignments c join filings f on f.id = c.filing_id
    where c.lane is not null and f.created_at >= ${since} group by 1 order by 1`));
  const outcomes = rows<{ outcome: string; count: number }>(await db.execute(sql`
    select c.outcome, count(*)::int as count from consignments c join filings f on f.id = c.filing_id
    where c.outcome is not null and f.created_at >= ${since} group by 1 order by 2 desc`));
  const inspections = rows<{ outcome: string; count: number }>(await db.execute(sql`
    select outcome, count(*)::int as count from inspection_outcomes where created_at >= ${since} group by 1 order by 2 desc`));
  const rules = rows<{ ruleId: string; fired: number; inspected: number; positive: number }>(await db.execute(sql`
    with latest as (
      select distinct on (a.consignment_id) a.consignment_id, a.result from assessments a
      where a.created_at >= ${since} order by a.consignment_id, a.id desc
    ), inspected as (
      select consignment_id, bool_or(outcome in (${positive})) as positive from inspection_outcomes group by consignment_id
    )
    select h->>'ruleId' as "ruleId", count(distinct l.consignment_id)::int as fired,
      count(distinct i.consignment_id)::int as inspected,
      count(distinct i.consignment_id) filter (where i.positive)::int as positive
    from latest l cross join lateral jsonb_array_elements(l.result->'hits') h
    left join inspected i on i.consignment_id = l.consignment_id
    where h->>'source' in ('rule', 'sanctions', 'indicator', 'history')
    group by 1 order by 2 desc limit 200`));
  const selection = rows<{ group: 'random' | 'targeted'; inspected: number; positive: number }>(await db.execute(sql`
    with inspected as (
      select consignment_id, bool_or(outcome in (${positive})) as positive from inspection_outcomes
      where created_at >= ${since} group by consignment_id
    )
    select case when c.control_group then 'random' else 'targeted' end as "group",
      count(*)::int as inspected, count(*) filter (where i.positive)::int as positive
    from inspected i join consignments c on c.id = i.consignment_id group by 1 order by 1`));
  const rate = (p: number, n: number) => (n === 0 ? null : p / n);
  const groups = (['random', 'targeted'] as const).map((group) => {
    const found = selection.find((s) => s.group === group);
    return { group, inspected: found?.inspected ?? 0, positive: found?.positive ?? 0, hitRate: rate(found?.positive ?? 0, found?.inspected ?? 0) };
  });
  return {
    since: since.toISOString(),
    filingsPerDay,
    consignmentsPerDay,
    decisionSeconds: decision ?? { count: 0, p50: null, p90: null, max: null },
    lanes,
    outcomes,
    inspections,
    rules: rules.map((r) => ({ ...r, hitRate: rate(r.positive, r.inspected) })),
    selection: groups,
  };
}
