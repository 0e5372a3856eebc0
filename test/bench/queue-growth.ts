/**
 * Does the assessment claim cost more as jobs are processed? Mimics the soak: small filings (30
 * consignments) registered through the repository one after another, each claimed and closed at once
 * as the assessor does, so the queue stays short while its history grows. Every 3,000 jobs the claim
 * statement is run 20 times in a transaction that is rolled back, and the PostgreSQL backend's CPU
 * time for it is read from /proc/<pid>/schedstat (wall time on this loaded machine would measure the
 * other engineers). Three times: the old claim statement on its old index, never vacuumed; the
 * claim now, never vacuumed (this machine's PostgreSQL has autovacuum off; PGlite has none); and
 * the claim now, vacuumed every 10,000 jobs as the assessor does.
 *
 *   bash infra/with-servers.sh npx tsx --conditions source test/bench/queue-growth.ts --jobs 30000
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { inArray, sql } from 'drizzle-orm';
import { CLAIM_SETTINGS, claimAssessmentJobs, claimDueJobsSql, createPrincipal, openDatabase, registerFiling, tables, type Database } from '@safe-screen/db';
import { vacuumQueueTables } from '@safe-screen/db/queue-maintenance-repository';
import { sampleFiling } from '@safe-screen/db/testing/sample-filing';
import { createTestDatabase } from '@safe-screen/testing';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '30000' } } });
const total = Number(values.jobs);

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const cpuNs = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, 'latin1').split(' ')[0]);

/** The claim before issue 19 (first in, first out, on an index of (status, available_at)), for comparison. */
const OLD_CLAIM = sql`select id from assessment_jobs where status = 'pending' and available_at <= now()
  order by available_at, id limit 400 for update skip locked`;

/** Backend CPU ms per claim statement, over 20 runs rolled back. */
async function probe(database: Database, old: boolean): Promise<number> {
  let perClaim = Number.NaN;
  await database.db
    .transaction(async (tx) => {
      const [row] = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`));
      const pid = row?.pid ?? 0;
      if (!old) await tx.execute(CLAIM_SETTINGS);
      const before = cpuNs(pid);
      for (let i = 0; i < 20; i++) await tx.execute(old ? OLD_CLAIM : claimDueJobsSql(400));
      perClaim = (cpuNs(pid) - before) / 1e6 / 20;
      throw new Error('rollback');
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error) || error.message !== 'rollback') throw error;
    });
  return perClaim;
}

async function run(vacuum: boolean, old = false): Promise<void> {
  const test = await createTestDatabase('safe_growth');
  const database: Database = openDatabase({ kind: 'postgres', url: test.url, poolSize: 2 });
  try {
    await database.migrate();
    const db = database.db;
    if (old) await db.execute(sql`create index old_due_idx on assessment_jobs (status, available_at)`);
    const filers = await Promise.all(['A', 'B', 'C'].map(async (n) => (await createPrincipal(db, { role: 'filer', name: `Filer ${n}` })).id));
    let processed = 0;
    let nextProbe = 0;
    let nextVacuum = 10_000;
    for (let i = 0; processed < total; i++) {
      const filerId = filers[i % filers.length] ?? '';
      await registerFiling(db, {
        filerId, principalId: filerId, filing: sampleFiling(`GROW-${i}`, 30), sha256: String(i).padStart(64, '0'), archiveKey: `raw/${i}`, size: 10,
        issues: [], timing: { late: false }, receivedAt: new Date(), administrationCountry: 'GB', partyKeys: [],
      });
      const jobs = await claimAssessmentJobs(db, 400, 300_000);
      await db.update(tables.assessmentJobs).set({ status: 'done' }).where(inArray(tables.assessmentJobs.id, jobs.map((j) => j.jobId)));
      processed += jobs.length;
      if (processed >= nextProbe) {
        const label = `${old ? 'old claim, ' : ''}${vacuum ? 'vacuumed every 10,000' : 'never vacuumed'}`;
        console.log(`${label}: after ${processed} jobs, claim statement ${(await probe(database, old)).toFixed(2)} ms of PostgreSQL CPU`);
        nextProbe += 3000;
      }
      if (vacuum && processed >= nextVacuum) {
        await vacuumQueueTables(db);
        nextVacuum += 10_000;
      }
    }
  } finally {
    await database.close();
    await test.drop();
  }
}

const only = process.env.QUEUE_GROWTH_ONLY;
if (only === undefined || only === 'old') await run(false, true);
if (only === undefined || only === 'new') await run(false);
if (only === undefined || only === 'vacuumed') await run(true);
