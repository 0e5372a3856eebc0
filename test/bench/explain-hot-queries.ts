/**
 * What costs more as tables fill: fills a fresh PostgreSQL database (filings registered and jobs
 * claimed through the repositories, decided, their outbox rows published, as after a long soak), then prints
 * EXPLAIN (ANALYZE, BUFFERS) of the queries the pipeline runs per filing or per batch, with the time
 * each takes. A sequential scan or a sort over a growing table shows up as rows/buffers in proportion
 * to the fill.
 *
 *   bash infra/with-servers.sh npx tsx --conditions source test/bench/explain-hot-queries.ts --filings 50000 [--keep]
 *   ... --url postgres://postgres@127.0.0.1:5432/<kept database>   (explain again without refilling)
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { claimAssessmentJobs, createPrincipal, openDatabase, registerFiling, type Database } from '@safe-screen/db';
import { sampleFiling } from '@safe-screen/db/testing/sample-filing';
import { createTestDatabase } from '@safe-screen/testing';
import { HOT_QUERIES } from '@safe-screen/db/hot-queries';

const { values } = parseArgs({ options: { filings: { type: 'string', default: '50000' }, keep: { type: 'boolean', default: false }, url: { type: 'string' } } });

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function fill(database: Database, count: number): Promise<void> {
  const db = database.db;
  const filers = await Promise.all(['Carrier A', 'Forwarder B', 'Forwarder C'].map(async (name) => (await createPrincipal(db, { role: 'filer', name })).id));
  let next = 0;
  const started = Date.now();
  const register = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const filerId = filers[i % filers.length] ?? '';
      await registerFiling(db, {
        filerId, principalId: filerId, filing: sampleFiling(`FILL-${i}`, 3), sha256: randomUUID().replaceAll('-', '').padEnd(64, '0'), archiveKey: `raw/${i}`, size: 1000,
        issues: [], timing: { late: false }, receivedAt: new Date(), administrationCountry: 'GB', partyKeys: [`party-${i % 5000}`, 'carrier-ocean'],
        requestId: `req-${i}`,
      });
      if (i % 5000 === 0) console.log(`registered ${i} filings (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  };
  // Decisions as storeDecisions leaves them (job done, assessment stored, consignment assessed, a
  // notification and an outbox row for one in ten), written in SQL here so the fill does not depend
  // on the decision writer's signature, which the lifecycle work is changing.
  const decide = async (): Promise<number> => {
    const jobs = await claimAssessmentJobs(db, 400, 300_000);
    if (jobs.length === 0) return 0;
    const rows = JSON.stringify(jobs.map((job, n) => ({ j: job.jobId, c: job.consignmentId, m: job.mrn, f: job.filerId, r: n % 10 === 0 })));
    await db.transaction(async (tx) => {
      await tx.execute(sql`with input as (select (e->>'j')::bigint as job, (e->>'c')::uuid as consignment, e->>'m' as mrn, (e->>'f')::uuid as filer, (e->>'r')::boolean as risky
          from jsonb_array_elements(${rows}::jsonb) e),
        stored as (insert into assessments (consignment_id, filing_version, outcome, lane, score, rule_set_version, result)
          select consignment, 1, case when risky then 'outbound_inspection' else 'assessment_complete' end, case when risky then 'red' else 'green' end, 5, 'fill', '{}'::jsonb from input),
        noted as (insert into notifications (id, filer_id, mrn, consignment_id, kind, message) select gen_random_uuid(), filer, mrn, consignment, 'assessment_complete', 'fill' from input where risky),
        queued as (insert into outbox (topic, message_key, payload) select 'safe.inspection-requests', 'CN', jsonb_build_object('mrn', mrn) from input where risky),
        done as (update assessment_jobs set status = 'done' where id in (select job from input))
        update consignments c set state = 'assessed', outcome = 'assessment_complete', lane = 'green', updated_at = now() from input i where c.id = i.consignment`);
    });
    return jobs.length;
  };
  await Promise.all(Array.from({ length: 6 }, register));
  console.log(`registered ${count} filings in ${((Date.now() - started) / 1000).toFixed(0)} s; deciding`);
  let decided = 0;
  for (let n = await decide(); n > 0; n = await decide()) decided += n;
  await db.execute(sql`update outbox set status = 'sent', sent_at = now() where status = 'pending'`);
  console.log(`decided ${decided} consignments; outbox published (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

const test = values.url === undefined ? await createTestDatabase('safe_plans') : undefined;
const url = values.url ?? test?.url ?? '';
const database = openDatabase({ kind: 'postgres', url, poolSize: 8 });
try {
  // A kept database gets this checkout's migrations, so its plans are compared before and after.
  await database.migrate();
  if (test !== undefined) {
    await fill(database, Number(values.filings));
    // A small live queue on top of the history, as in a running system.
    const filerId = (await createPrincipal(database.db, { role: 'filer', name: 'Live filer' })).id;
    for (let i = 0; i < 50; i++) {
      await registerFiling(database.db, { filerId, principalId: filerId, filing: sampleFiling(`LIVE-${i}`, 3), sha256: 'e'.repeat(64), archiveKey: `raw/live-${i}`, size: 1000, issues: [], timing: { late: false }, receivedAt: new Date(), administrationCountry: 'GB', partyKeys: [] });
    }
  }
  const counts = rowsOf<Record<string, number>>(await database.db.execute(sql`
    select (select count(*)::int from filings) as filings, (select count(*)::int from consignments) as consignments,
      (select count(*)::int from assessment_jobs) as jobs, (select count(*)::int from assessments) as assessments,
      (select count(*)::int from outbox) as outbox, (select count(*)::int from notifications) as notifications`));
  console.log('table sizes', counts[0]);
  const sample = rowsOf<{ id: string; mrn: string; tdn: string; filer: string }>(await database.db.execute(sql`
    select c.id, f.mrn, c.transport_document_number as tdn, f.filer_id as filer from consignments c join filings f on f.id = c.filing_id order by c.id limit 1`))[0];
  if (sample === undefined) throw new Error('empty database');
  for (const analyzed of [false, true]) {
    if (analyzed) await database.db.execute(sql`analyze`);
    console.log(`\n===== ${analyzed ? 'after ANALYZE' : 'statistics as autovacuum left them'} =====`);
    for (const query of HOT_QUERIES) {
      const plan = await database.db.transaction(async (tx) => {
        if (query.settings !== undefined) await tx.execute(query.settings);
        return rowsOf<{ 'QUERY PLAN': string }>(await tx.execute(sql`explain (analyze, buffers) ${query.sql(sample)}`));
      });
      console.log(`\n--- ${query.name}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  }
  if (test !== undefined) console.log(values.keep ? `\nkept: ${url}` : '');
} finally {
  await database.close();
  if (test !== undefined && !values.keep) await test.drop();
}
