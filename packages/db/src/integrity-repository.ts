/**
 * Integrity of what registration promised: for each filing, how many consignments its current
 * version's document lists against how many consignment rows and assessment jobs exist, and whether
 * every version row names an archived body. Registration writes all of these in one transaction, so
 * a filing whose counts differ was half-stored. Used by the fault tests after a kill -9 and useful to
 * an operator after any crash.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { assessmentJobs, consignments, filings, filingVersions } from './schema.js';

export interface FilingIntegrity {
  mrn: string;
  lrn: string;
  filerId: string;
  /** Consignments in the current version's parsed document. */
  documentConsignments: number;
  consignmentRows: number;
  /** Consignments that have at least one assessment job for the current version. */
  consignmentsWithJobs: number;
  /** Consignments with a stored decision. */
  assessed: number;
  archiveKey: string;
  sha256: string;
}

export async function listFilingIntegrity(db: Db): Promise<FilingIntegrity[]> {
  const rows = await db
    .select({
      mrn: filings.mrn,
      lrn: filings.lrn,
      filerId: filings.filerId,
      documentConsignments: sql<number>`coalesce(jsonb_array_length(${filingVersions.document} -> 'consignments'), 0)`.mapWith(Number),
      consignmentRows: sql<number>`(select count(*) from ${consignments} where ${consignments.filingId} = ${filings.id})`.mapWith(Number),
      consignmentsWithJobs: sql<number>`(select count(distinct ${assessmentJobs.consignmentId}) from ${assessmentJobs} join ${consignments} on ${consignments.id} = ${assessmentJobs.consignmentId} where ${consignments.filingId} = ${filings.id} and ${assessmentJobs.filingVersion} = ${filings.currentVersion})`.mapWith(Number),
      assessed: sql<number>`(select count(*) from ${consignments} where ${consignments.filingId} = ${filings.id} and ${consignments.state} <> 'pending')`.mapWith(Number),
      archiveKey: filingVersions.archiveKey,
      sha256: filingVersions.sha256,
    })
    .from(filings)
    .innerJoin(filingVersions, and(eq(filingVersions.filingId, filings.id), eq(filingVersions.version, filings.currentVersion)));
  return rows;
}
