/**
 * The batched decision write: every consignment of a batch gets its own decision in the one UPDATE
 * (state, outcome, lane, score, control group, hold status only when the decision sets one), and the
 * batched commodity-mass upsert adds to existing statistics rather than replacing them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '@safe-screen/testing';
import type { Assessment } from '@safe-screen/domain';
import { openDatabase, type Database } from './client.js';
import { createPrincipal } from './principal-repository.js';
import { registerFiling } from './filing-repository.js';
import { claimAssessmentJobs, loadHistoryFacts, recordCommodityMasses, storeDecisions } from './assessment-repository.js';
import { sampleFiling } from './testing/sample-filing.js';
import { assessments, consignments } from './schema.js';

function assessmentOf(i: number): Assessment {
  const red = i % 2 === 0;
  return {
    score: red ? 80 + i : 5 + i, lane: red ? 'red' : 'green', outcome: red ? 'outbound_inspection' : 'assessment_complete', hits: [], requestedMethods: [],
    ruleSetVersion: 'test-1', assessedAt: new Date(0).toISOString(), summary: 'test', ...(i === 1 ? { controlGroup: true } : {}),
  };
}

describe('batched decision write on postgres', () => {
  let test: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    test = await createTestDatabase();
    database = openDatabase({ kind: 'postgres', url: test.url, poolSize: 4 });
    await database.migrate();
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it('writes each consignment its own decision and the hold the lifecycle gives it', async () => {
    const filerId = (await createPrincipal(database.db, { role: 'filer', name: 'Forwarder B' })).id;
    const registered = await registerFiling(database.db, {
      filerId, principalId: filerId, filing: sampleFiling('LRN-BATCH', 6), sha256: 'f'.repeat(64), archiveKey: 'raw/f', size: 10, issues: [],
      timing: { late: false }, receivedAt: new Date(), administrationCountry: 'GB', partyKeys: [],
    });
    const jobs = await claimAssessmentJobs(database.db, 100, 60_000);
    expect(jobs).toHaveLength(6);
    const ordered = [...jobs].sort((a, b) => a.consignment.sequence - b.consignment.sequence);
    await storeDecisions(database.db, ordered.map((job, i) => ({
      jobId: job.jobId, consignmentId: job.consignmentId, filingVersion: job.filingVersion, assessment: assessmentOf(i),
      state: i === 5 ? ('incomplete' as const) : ('assessed' as const),
      // What the decision means for the hold is the lifecycle's (packages/cases): screening holds, a request for information leaves it open.
      lifecycle: {
        decision: { outcome: i % 2 === 0 ? ('screening_request' as const) : ('request_for_information' as const), lane: 'yellow' as const, summary: 's', requestedMethods: [], reasons: [] },
        requestId: null, now: new Date().toISOString(), administrationCountry: 'GB',
      },
    })));
    const rows = await database.db.select().from(consignments).where(inArray(consignments.id, registered.consignmentIds));
    const bySequence = new Map(rows.map((r) => [r.sequence, r]));
    ordered.forEach((_, i) => {
      const row = bySequence.get(i + 1)!;
      const expected = assessmentOf(i);
      expect(row).toMatchObject({ state: i === 5 ? 'incomplete' : 'assessed', outcome: expected.outcome, lane: expected.lane, score: expected.score, controlGroup: i === 1, holdStatus: i % 2 === 0 ? 'held' : 'open' });
    });
    const stored = await database.db.select().from(assessments).where(inArray(assessments.consignmentId, registered.consignmentIds));
    expect(stored).toHaveLength(6);
    for (const row of stored) {
      const i = ordered.findIndex((job) => job.consignmentId === row.consignmentId);
      expect(row).toMatchObject({ filingVersion: 1, outcome: assessmentOf(i).outcome, lane: assessmentOf(i).lane, score: assessmentOf(i).score, ruleSetVersion: 'test-1' });
      expect(row.result).toEqual(assessmentOf(i));
    }
  });

  it('adds commodity masses to the statistics of earlier batches', async () => {
    await recordCommodityMasses(database.db, [{ hs6: '610910', kg: 10 }, { hs6: '610910', kg: 30 }, { hs6: '847130', kg: 5 }]);
    await recordCommodityMasses(database.db, [{ hs6: '610910', kg: 20 }]);
    await recordCommodityMasses(database.db, []);
    const { mass } = await loadHistoryFacts(database.db, [], ['610910', '847130']);
    expect(mass.get('610910')).toMatchObject({ count: 3, mean: 20 });
    expect(mass.get('610910')!.stdev).toBeCloseTo(Math.sqrt(200 / 3), 6);
    expect(mass.get('847130')).toMatchObject({ count: 1, mean: 5, stdev: 0 });
  });
});
