/**
 * The retraining lease and the training read on real PostgreSQL: of several instances claiming at
 * once exactly one trains; the schedule waits for the interval after a run; an expired lease (a dead
 * holder) is taken over; outcomes of consignments waiting to be assessed are never read for training.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import { openDatabase, type Database } from './client.js';
import { createPrincipal } from './principal-repository.js';
import { registerFiling } from './filing-repository.js';
import { recordInspectionOutcomes } from './targeting-repository.js';
import { claimRetrainLease, importInspectionOutcomes, listTrainingExamples, releaseRetrainLease } from './targeting-training-repository.js';
import { sampleFiling } from './testing/sample-filing.js';
import { consignments } from './schema.js';

describe('targeting training repository on postgres', () => {
  let test: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    test = await createTestDatabase();
    database = openDatabase({ kind: 'postgres', url: test.url, poolSize: 8 });
    await database.migrate();
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it('gives the lease to exactly one of several instances claiming at once', async () => {
    const holders = Array.from({ length: 8 }, (_, i) => `instance-${i}`);
    const claims = await Promise.all(holders.map((holder) => claimRetrainLease(database.db, { holder, leaseMs: 60_000 })));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = holders[claims.indexOf(true)]!;
    // A loser cannot release what it does not hold; the winner can, and then the lease is free.
    await releaseRetrainLease(database.db, { holder: holders.find((h) => h !== winner)! });
    expect(await claimRetrainLease(database.db, { holder: 'late', leaseMs: 60_000 })).toBe(false);
    await releaseRetrainLease(database.db, { holder: winner });
    expect(await claimRetrainLease(database.db, { holder: 'late', leaseMs: 60_000 })).toBe(true);
    await releaseRetrainLease(database.db, { holder: 'late' });
  });

  it('runs the schedule only when the last run is older than the interval', async () => {
    // The previous test just released, i.e. a run finished now.
    expect(await claimRetrainLease(database.db, { holder: 'scheduler', leaseMs: 60_000, dueEveryMs: 3_600_000 })).toBe(false);
    expect(await claimRetrainLease(database.db, { holder: 'scheduler', leaseMs: 60_000, dueEveryMs: 1 })).toBe(true);
    await releaseRetrainLease(database.db, { holder: 'scheduler' });
  });

  it('lets another instance take over a lease its dead holder never released', async () => {
    expect(await claimRetrainLease(database.db, { holder: 'crashed', leaseMs: 200 })).toBe(true);
    expect(await claimRetrainLease(database.db, { holder: 'survivor', leaseMs: 60_000 })).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await claimRetrainLease(database.db, { holder: 'survivor', leaseMs: 60_000 })).toBe(true);
    await releaseRetrainLease(database.db, { holder: 'survivor' });
  });

  it('imports each declaration once and never reads outcomes of consignments waiting for assessment', async () => {
    const row = (reference: string) => ({ source: 'import', outcome: 'irregularity', features: { commodityCode: '610910' }, reference, observedOn: '2025-02-03' });
    expect(await importInspectionOutcomes(database.db, [row('A1'), row('A2')])).toEqual({ inserted: 2 });
    expect(await importInspectionOutcomes(database.db, [row('A2'), row('A3')])).toEqual({ inserted: 1 });

    const filerId = (await createPrincipal(database.db, { role: 'filer', name: 'Forwarder T' })).id;
    const registered = await registerFiling(database.db, {
      filerId, principalId: filerId, filing: sampleFiling('LRN-TRAIN', 2), sha256: 'e'.repeat(64), archiveKey: 'raw/e', size: 10, issues: [],
      timing: { late: false }, receivedAt: new Date(), administrationCountry: 'GB', partyKeys: [],
    });
    const [assessed, pending] = registered.consignmentIds as [string, string];
    await database.db.update(consignments).set({ state: 'assessed' }).where(eq(consignments.id, assessed));
    await recordInspectionOutcomes(database.db, [
      { consignmentId: assessed, source: 'officer', outcome: 'no_finding', features: { commodityCode: '610910' } },
      { consignmentId: pending, source: 'officer', outcome: 'serious_finding', features: { commodityCode: '610910' } },
    ]);

    const examples = await listTrainingExamples(database.db);
    expect(examples.map((e) => e.reference ?? e.consignmentId)).toEqual(['A1', 'A2', 'A3', assessed]);
    expect(examples[0]).toMatchObject({ source: 'import', outcome: 'irregularity', date: '2025-02-03', features: { commodityCode: '610910' } });
    expect(examples[3]!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
