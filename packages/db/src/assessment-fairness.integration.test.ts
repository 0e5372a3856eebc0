/**
 * The assessment queue takes turns between filers: a small filing from filer B, registered after a
 * large manifest from filer A, is claimed in the first claim instead of after A's whole manifest; and
 * claims running at once still never share a job and still fill up. On both engines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '@safe-screen/testing';
import { openDatabase, type Database } from './client.js';
import { createPrincipal } from './principal-repository.js';
import { registerFiling } from './filing-repository.js';
import { claimAssessmentJobs } from './assessment-repository.js';
import { vacuumQueueTables } from './queue-maintenance-repository.js';
import { sampleFiling } from './testing/sample-filing.js';

const engines: [string, () => Promise<{ database: Database; cleanup: () => Promise<void> }>][] = [
  ['postgres', async () => {
    const test = await createTestDatabase();
    const database = openDatabase({ kind: 'postgres', url: test.url, poolSize: 4 });
    return { database, cleanup: async () => { await database.close(); await test.drop(); } };
  }],
  ['pglite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-'));
    const database = openDatabase({ kind: 'pglite', dir });
    return { database, cleanup: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }],
];

describe.each(engines)('fair assessment claims on %s', (_name, open) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let filerA: string;
  let filerB: string;
  let filerC: string;

  const register = (filerId: string, lrn: string, consignments: number) =>
    registerFiling(database.db, {
      filerId, principalId: filerId, filing: sampleFiling(lrn, consignments), sha256: lrn.padEnd(64, '0'), archiveKey: `raw/${lrn}`, size: 10,
      issues: [], timing: { late: false }, receivedAt: new Date(), administrationCountry: 'GB', partyKeys: [],
    });

  beforeAll(async () => {
    ({ database, cleanup } = await open());
    await database.migrate();
    filerA = (await createPrincipal(database.db, { role: 'filer', name: 'Carrier A' })).id;
    filerB = (await createPrincipal(database.db, { role: 'filer', name: 'Forwarder B' })).id;
    filerC = (await createPrincipal(database.db, { role: 'filer', name: 'Forwarder C' })).id;
  });
  afterAll(async () => cleanup());

  it("claims filer B's small filing before the tail of filer A's large manifest", async () => {
    const large = await register(filerA, 'LARGE-A', 600);
    const small = await register(filerB, 'SMALL-B', 3);
    const first = await claimAssessmentJobs(database.db, 100, 60_000);
    expect(first).toHaveLength(100);
    // Every one of B's jobs is in the first claim, and at the front of it (B's turn 1-3 beside A's).
    expect(first.filter((j) => j.filerId === filerB).map((j) => j.consignmentId).sort()).toEqual([...small.consignmentIds].sort());
    expect(first.slice(0, 6).filter((j) => j.filerId === filerB)).toHaveLength(3);
    // A's jobs are claimed oldest first: the first claim holds the head of A's manifest, not its tail.
    const sequenceOf = new Map(large.consignmentIds.map((id, i) => [id, i + 1]));
    const aSequences = first.filter((j) => j.filerId === filerA).map((j) => sequenceOf.get(j.consignmentId) ?? 0);
    expect(Math.max(...aSequences)).toBe(97);
  });

  it('never gives one job to two claims running at once, and each claim fills up', async () => {
    await register(filerC, 'SMALL-C', 5);
    const claims = await Promise.all([claimAssessmentJobs(database.db, 100, 60_000), claimAssessmentJobs(database.db, 100, 60_000)]);
    const ids = claims.flat().map((j) => j.jobId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(200);
    expect(claims.flat().filter((j) => j.filerId === filerC)).toHaveLength(5);
  });

  it('fills in the filer of a job inserted without one (older writers), so no job is left out of the turns', async () => {
    const [consignment] = await database.db.execute<{ id: string }>(sql`select id from consignments where filing_id = (select id from filings where lrn = 'SMALL-B')`).then((r) => (Array.isArray(r) ? r : (r as { rows: { id: string }[] }).rows));
    const inserted = await database.db.execute<{ id: number }>(sql`insert into assessment_jobs (consignment_id, filing_version) values (${consignment?.id}::uuid, 1) returning id`).then((r) => (Array.isArray(r) ? r : (r as { rows: { id: number }[] }).rows));
    const rows = await database.db.execute<{ filer_id: string }>(sql`select filer_id from assessment_jobs where id = ${inserted[0]?.id}`).then((r) => (Array.isArray(r) ? r : (r as { rows: { filer_id: string }[] }).rows));
    expect(rows.map((r) => r.filer_id)).toEqual([filerB]);
  });

  it('vacuums the queue tables outside any transaction, and the queue carries on', async () => {
    await vacuumQueueTables(database.db);
    const [row] = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from assessment_jobs where status = 'pending'`).then((r) => (Array.isArray(r) ? r : (r as { rows: { n: number }[] }).rows));
    expect(row?.n).toBeGreaterThan(0);
    expect((await claimAssessmentJobs(database.db, 1000, 60_000)).length).toBeGreaterThan(0);
  });
});
