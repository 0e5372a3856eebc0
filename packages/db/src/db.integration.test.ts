import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import type { Assessment, Filing } from '@safe-screen/domain';
import { isValidMrn } from '@safe-screen/domain';
import { openDatabase, type Database } from './client.js';
import { createPrincipal } from './principal-repository.js';
import { findFilingByMrn, registerFiling } from './filing-repository.js';
import { claimAssessmentJobs, storeDecisions } from './assessment-repository.js';
import { claimOutbox, markOutboxSent } from './outbox-repository.js';
import { laneUsage, reserveLaneCapacity } from './lane-quota-repository.js';
import { sampleFiling } from './testing/sample-filing.js';
import { consignments } from './schema.js';

const assessment: Assessment = {
  score: 80, lane: 'red', outcome: 'outbound_inspection', hits: [], requestedMethods: ['xray'],
  ruleSetVersion: 'test-1', assessedAt: new Date(0).toISOString(), summary: 'test',
};

/** The same behaviour on both engines: the repositories must not care which one they run on. */
const engines: [string, () => Promise<{ database: Database; cleanup: () => Promise<void> }>][] = [
  ['postgres', async () => {
    const test: TestDatabase = await createTestDatabase();
    const database = openDatabase({ kind: 'postgres', url: test.url, poolSize: 4 });
    return { database, cleanup: async () => { await database.close(); await test.drop(); } };
  }],
  ['pglite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-'));
    const database = openDatabase({ kind: 'pglite', dir });
    return { database, cleanup: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }],
];

describe.each(engines)('repositories on %s', (_name, open) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let filerId: string;

  beforeAll(async () => {
    ({ database, cleanup } = await open());
    await database.migrate();
    await database.migrate(); // idempotent
    filerId = (await createPrincipal(database.db, { role: 'filer', name: 'Forwarder A' })).id;
  });
  afterAll(async () => cleanup());

  const register = (filing: Filing, sha256: string) =>
    registerFiling(database.db, { filerId, principalId: filerId, filing, sha256, archiveKey: `raw/${sha256}`, size: 10, issues: [], timing: { late: false }, receivedAt: new Date(), administrationCountry: 'GB', partyKeys: ['id:GB123456789000'] });

  it('registers a filing with a valid MRN and is idempotent on the same document', async () => {
    const first = await register(sampleFiling('LRN-1'), 'a'.repeat(64));
    expect(first.result).toBe('registered');
    expect(isValidMrn(first.mrn)).toBe(true);
    const again = await register(sampleFiling('LRN-1'), 'a'.repeat(64));
    expect(again).toMatchObject({ result: 'duplicate', mrn: first.mrn, version: 1 });
    const view = await findFilingByMrn(database.db, first.mrn);
    expect(view?.consignments).toHaveLength(3);
  });

  it('amends into a new version and refuses amendment under Do Not Load', async () => {
    const first = await register(sampleFiling('LRN-2', 2), 'b'.repeat(64));
    const amended = await register(sampleFiling('LRN-2', 2), 'c'.repeat(64));
    expect(amended).toMatchObject({ result: 'amended', mrn: first.mrn, version: 2 });
    await database.db.execute(sql`update consignments set hold_status = 'do_not_load' where id = ${amended.consignmentIds[0]}`);
    await expect(register(sampleFiling('LRN-2', 2), 'd'.repeat(64))).rejects.toMatchObject({ code: 'FILING_AMENDMENT_REFUSED' });
  });

  it('hands each job to one claimer only, and stores decisions with their outbox rows', async () => {
    await register(sampleFiling('LRN-3', 20), 'e'.repeat(64));
    const [a, b] = await Promise.all([claimAssessmentJobs(database.db, 100, 60_000), claimAssessmentJobs(database.db, 100, 60_000)]);
    const ids = [...a, ...b].map((j) => j.jobId);
    expect(new Set(ids).size).toBe(ids.length);
    const all = [...a, ...b];
    // The consignment the test above put under Do Not Load is decided Do Not Load again: that changes
    // neither its hold nor what its filer was told, so the lifecycle sends it no second notice.
    const alreadyStopped = await database.db
      .select({ id: consignments.id })
      .from(consignments)
      .where(and(eq(consignments.holdStatus, 'do_not_load'), inArray(consignments.id, all.map((job) => job.consignmentId))));
    expect(alreadyStopped).toHaveLength(1);
    // Superseded version-1 jobs of LRN-2 are closed without a decision; fresh ones are stored.
    const result = await storeDecisions(database.db, all.map((job) => ({
      jobId: job.jobId, consignmentId: job.consignmentId, filingVersion: job.filingVersion, assessment, state: 'assessed' as const,
      // Do Not Load: one carrier notification per consignment, written by the lifecycle with the decision.
      lifecycle: { decision: { outcome: 'do_not_load' as const, lane: 'red' as const, summary: 's', requestedMethods: [], reasons: [] }, requestId: null, now: new Date().toISOString(), administrationCountry: 'GB' },
    })));
    expect(result.stored).toBeGreaterThanOrEqual(20);
    expect(result.superseded).toBeGreaterThanOrEqual(2);
    expect(await claimAssessmentJobs(database.db, 100, 60_000)).toHaveLength(0);
    const rows = await claimOutbox(database.db, 1000, 60_000);
    expect(rows.length).toBe(result.stored - alreadyStopped.length);
    await markOutboxSent(database.db, rows.map((r) => r.id));
    expect(await claimOutbox(database.db, 1000, 60_000)).toHaveLength(0);
  });

  it('never hands out more of a lane\'s daily capacity than its quota, even to concurrent reservations', async () => {
    const day = `test-${Math.random().toString(36).slice(2, 8)}`;
    // Eight instances at once, each wanting 3 places of 10 with 1 forced (an exempt selection).
    const granted = await Promise.all(Array.from({ length: 8 }, () => reserveLaneCapacity(database.db, { day, lane: 'red', perDay: 10, wanted: 3, forced: 1 })));
    const usage = await laneUsage(database.db, day);
    // Serialised by the row lock, whatever the arrival order: 1 forced + 3, 1 + 3, 1 + 1, then forced
    // places only. Without the lock all eight would have been granted their 3 (24 of 10).
    expect(granted.reduce((a, b) => a + b, 0)).toBe(7);
    expect([...granted].sort()).toEqual([0, 0, 0, 0, 0, 1, 3, 3]);
    expect(usage['red']).toBe(8 + 7);
    expect(await reserveLaneCapacity(database.db, { day, lane: 'red', perDay: 10, wanted: 5, forced: 0 })).toBe(0);
    expect(await reserveLaneCapacity(database.db, { day, lane: 'yellow', perDay: 10, wanted: 5, forced: 0 })).toBe(5);
  });

  it('refuses updates and deletes of the audit log', async () => {
    await database.db.execute(sql`insert into audit_log (actor_name, action, subject_type, subject_id) values ('t', 'test', 'x', '1')`);
    await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });
});
