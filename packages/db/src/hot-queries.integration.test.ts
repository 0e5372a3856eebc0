/**
 * The queries the pipeline runs per filing, batch or poll (hot-queries.ts) must not read a growing
 * table whole: on a database filled like one after a long run (60,000 consignments decided, their
 * jobs done, their outbox rows sent) none of their plans has a sequential scan of a growing table,
 * both with statistics gathered while the tables were still small (as between two autovacuum
 * analyses of a filling table: the multiple-filing lookup was once planned as a scan of every
 * filing then) and after ANALYZE. The claim must use the partial index of pending jobs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import { openDatabase, type Database } from './client.js';
import { createPrincipal } from './principal-repository.js';
import { registerFiling } from './filing-repository.js';
import { claimAssessmentJobs } from './assessment-repository.js';
import { HOT_QUERIES, type HotQuerySample } from './hot-queries.js';
import { sampleFiling } from './testing/sample-filing.js';

const GROWING = ['filings', 'filing_versions', 'consignments', 'assessment_jobs', 'assessments', 'outbox', 'notifications', 'submissions', 'party_history', 'audit_log'];
const FILINGS = 20_000;

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

describe('hot queries on a filled database (postgres)', () => {
  let test: TestDatabase;
  let database: Database;
  let sample: HotQuerySample;

  const plans = async () => {
    const out: { name: string; nodes: PlanNode[] }[] = [];
    for (const query of HOT_QUERIES) {
      const [row] = await database.db.transaction(async (tx) => {
        if (query.settings !== undefined) await tx.execute(query.settings);
        return rowsOf<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(await tx.execute(sql`explain (format json) ${query.sql(sample)}`));
      });
      const plan = row?.['QUERY PLAN'][0]?.Plan;
      if (plan === undefined) throw new Error(`no plan for ${query.name}`);
      out.push({ name: query.name, nodes: nodesOf(plan) });
    }
    return out;
  };
  const seqScansOfGrowingTables = (all: { name: string; nodes: PlanNode[] }[]) =>
    all.flatMap((p) => p.nodes.filter((n) => n['Node Type'] === 'Seq Scan' && GROWING.includes(n['Relation Name'] ?? '')).map((n) => `${p.name}: Seq Scan on ${n['Relation Name']}`));

  beforeAll(async () => {
    test = await createTestDatabase();
    database = openDatabase({ kind: 'postgres', url: test.url, poolSize: 2 });
    await database.migrate();
    const db = database.db;
    const filer = (await createPrincipal(db, { role: 'filer', name: 'Carrier A' })).id;
    for (let i = 0; i < 20; i++) {
      await registerFiling(db, {
        filerId: filer, principalId: filer, filing: sampleFiling(`SEED-${i}`, 3), sha256: String(i).padStart(64, '0'), archiveKey: `raw/${i}`, size: 10,
        issues: [], timing: { late: false }, receivedAt: new Date(), administrationCountry: 'GB', partyKeys: [`party-${i}`],
      });
    }
    // Statistics of the small tables, then the fill, as happens between two autovacuum analyses.
    await db.execute(sql`analyze`);
    await db.execute(sql`insert into filings (mrn, filer_id, lrn, format, level, transport_mode)
      select 'FILL' || g, ${filer}::uuid, 'FILL-' || g, 'canonical', 'complete', 'sea' from generate_series(1, ${FILINGS}) g`);
    await db.execute(sql`insert into filing_versions (filing_id, version, sha256, archive_key, document, header, issues, timing, received_at)
      select f.id, 1, md5(f.id::text), 'raw/fill', v.document, v.header, v.issues, v.timing, now()
      from filings f cross join (select * from filing_versions limit 1) v where f.mrn like 'FILL%'`);
    await db.execute(sql`insert into consignments (filing_id, sequence, version, transport_document_number, content, state, outcome, lane)
      select f.id, s, 1, f.lrn || '-' || s, c.content, 'assessed', 'assessment_complete', 'green'
      from filings f cross join generate_series(1, 3) s cross join (select content from consignments limit 1) c where f.mrn like 'FILL%'`);
    await db.execute(sql`insert into assessment_jobs (consignment_id, filing_version, status, filer_id) select id, 1, 'done', ${filer}::uuid from consignments where state = 'assessed'`);
    await db.execute(sql`insert into assessments (consignment_id, filing_version, outcome, lane, score, rule_set_version, result)
      select id, 1, 'assessment_complete', 'green', 5, 'fill', '{}'::jsonb from consignments where state = 'assessed'`);
    await db.execute(sql`insert into outbox (topic, message_key, payload, status, sent_at) select 'safe.fill', 'k' || (g % 50), '{}'::jsonb, 'sent', now() from generate_series(1, ${FILINGS}) g`);
    await db.execute(sql`insert into notifications (id, filer_id, mrn, kind, message) select gen_random_uuid(), ${filer}::uuid, 'FILL' || g, 'assessment_complete', 'fill' from generate_series(1, ${FILINGS}) g`);
    await db.execute(sql`insert into submissions (principal_id, sha256, archive_key, size, result, received_at) select ${filer}::uuid, md5(g::text) || md5(g::text), 'raw/fill', 10, 'registered', now() from generate_series(1, ${FILINGS}) g`);
    await db.execute(sql`insert into party_history (party_key, first_seen_at, filings) select 'fill-party-' || g, now(), 1 from generate_series(1, ${FILINGS}) g`);
    // The live queue: the seed filings' jobs are still pending.
    const [row] = rowsOf<HotQuerySample>(await db.execute(sql`select c.id, f.mrn, c.transport_document_number as tdn, f.filer_id as filer
      from consignments c join filings f on f.id = c.filing_id where f.mrn like 'FILL%' limit 1`));
    if (row === undefined) throw new Error('fill failed');
    sample = row;
  }, 300_000);
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it('reads no growing table whole with statistics from before the fill', async () => {
    const all = await plans();
    expect(seqScansOfGrowingTables(all)).toEqual([]);
    expect(all.find((p) => p.name.startsWith('assessment claim'))?.nodes.some((n) => n['Index Name'] === 'assessment_jobs_filer_due_idx')).toBe(true);
  });

  it('reads no growing table whole after ANALYZE, and claims from the partial index of pending jobs', async () => {
    await database.db.execute(sql`analyze`);
    const all = await plans();
    expect(seqScansOfGrowingTables(all)).toEqual([]);
    const claim = all.find((p) => p.name.startsWith('assessment claim'));
    expect(claim?.nodes.some((n) => n['Index Name'] === 'assessment_jobs_filer_due_idx')).toBe(true);
    // And it still claims the live queue from under the filled history.
    expect(await claimAssessmentJobs(database.db, 100, 60_000)).toHaveLength(60);
  });

});
