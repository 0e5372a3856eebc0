/**
 * Read-only access for re-assessing stored consignments with another rule set (shadow runs and
 * replays): each consignment's current version as the assessor saw it, with its latest stored
 * decision. Nothing here writes.
 */
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Assessment } from '@safe-screen/domain';
import { selectAssessable, toClaimedJob, type ClaimedJob } from './assessment-repository.js';
import type { Db } from './client.js';
import { latestAssessments } from './latest-assessments.js';
import { consignments, filings, filingVersions } from './schema.js';

export interface StoredDecisionCase {
  /** The consignment in the shape the assessor's worker task takes (jobId 0: no queue job). */
  job: ClaimedJob;
  stored: Assessment;
}

/** Assessed consignments of registered filings received since `since`, newest first, at most `limit`. */
export async function listAssessedConsignments(db: Db, input: { since: Date; limit: number }): Promise<StoredDecisionCase[]> {
  const rows = await selectAssessable(db)
    .where(and(eq(consignments.state, 'assessed'), eq(filings.status, 'registered'), gte(filingVersions.receivedAt, input.since)))
    .orderBy(desc(filingVersions.receivedAt), consignments.sequence)
    .limit(input.limit);
  const storedOf = await latestAssessments(db, rows.map((r) => r.consignment.id));
  return rows.flatMap((row) => {
    const stored = storedOf.get(row.consignment.id);
    return stored === undefined ? [] : [{ stored, job: toClaimedJob(row, { jobId: 0, attempts: 0, filingVersion: row.consignment.version, requestId: null }) }];
  });
}

/** How many assessed consignments a replay window holds (to tell the operator when a limit cut it). */
export async function countAssessedConsignments(db: Db, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(consignments)
    .innerJoin(filings, eq(filings.id, consignments.filingId))
    .innerJoin(filingVersions, and(eq(filingVersions.filingId, consignments.filingId), eq(filingVersions.version, consignments.version)))
    .where(and(eq(consignments.state, 'assessed'), eq(filings.status, 'registered'), gte(filingVersions.receivedAt, since)));
  return row?.n ?? 0;
}
