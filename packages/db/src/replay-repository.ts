/**
 * Read-only access for re-assessing stored consignments with another rule set (shadow runs and
 * replays): each consignment's current version as the assessor saw it, with its latest stored
 * decision. Nothing here writes.
 */
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Assessment } from '@safe-screen/domain';
import type { ClaimedJob } from './assessment-repository.js';
import type { Db } from './client.js';
import { assessments, consignments, filings, filingVersions } from './schema.js';

export interface StoredDecisionCase {
  /** The consignment in the shape the assessor's worker task takes (jobId 0: no queue job). */
  job: ClaimedJob;
  stored: Assessment;
}

/** Assessed consignments of registered filings received since `since`, newest first, at most `limit`. */
export async function listAssessedConsignments(db: Db, input: { since: Date; limit: number }): Promise<StoredDecisionCase[]> {
  const rows = await db
    .select({
      consignment: consignments,
      filing: { id: filings.id, mrn: filings.mrn, filerId: filings.filerId, level: filings.level },
      version: { header: filingVersions.header, timing: filingVersions.timing, receivedAt: filingVersions.receivedAt, issues: filingVersions.issues },
    })
    .from(consignments)
    .innerJoin(filings, eq(filings.id, consignments.filingId))
    .innerJoin(filingVersions, and(eq(filingVersions.filingId, consignments.filingId), eq(filingVersions.version, consignments.version)))
    .where(and(eq(consignments.state, 'assessed'), eq(filings.status, 'registered'), gte(filingVersions.receivedAt, input.since)))
    .orderBy(desc(filingVersions.receivedAt), consignments.sequence)
    .limit(input.limit);
  if (rows.length === 0) return [];
  const latest = await db
    .selectDistinctOn([assessments.consignmentId], { consignmentId: assessments.consignmentId, result: assessments.result })
    .from(assessments)
    .where(inArray(assessments.consignmentId, rows.map((r) => r.consignment.id)))
    .orderBy(assessments.consignmentId, desc(assessments.id));
  const storedOf = new Map(latest.map((l) => [l.consignmentId, l.result]));
  const cases: StoredDecisionCase[] = [];
  for (const row of rows) {
    const stored = storedOf.get(row.consignment.id);
    if (stored === undefined) continue;
    cases.push({
      stored,
      job: {
        jobId: 0,
        attempts: 0,
        consignmentId: row.consignment.id,
        filingId: row.filing.id,
        filingVersion: row.consignment.version,
        mrn: row.filing.mrn,
        filerId: row.filing.filerId,
        consignment: row.consignment.content,
        filing: row.version.header,
        timing: row.version.timing,
        receivedAt: row.version.receivedAt.toISOString(),
        issues: row.version.issues,
        masterDocumentNumber: row.consignment.masterDocumentNumber,
        transportDocumentNumber: row.consignment.transportDocumentNumber,
        level: row.filing.level,
        requestId: null,
      },
    });
  }
  return cases;
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
