/** Each consignment's most recent stored assessment (the decision now in force). */
import { desc, inArray } from 'drizzle-orm';
import type { Assessment } from '@safe-screen/domain';
import type { Db } from './client.js';
import { assessments } from './schema.js';

/** Keyed by consignment id; consignments never assessed are absent. Ids go in chunks of 1,000 per statement. */
export async function latestAssessments(db: Db, consignmentIds: string[]): Promise<Map<string, Assessment>> {
  const out = new Map<string, Assessment>();
  for (let start = 0; start < consignmentIds.length; start += 1000) {
    const rows = await db
      .selectDistinctOn([assessments.consignmentId], { consignmentId: assessments.consignmentId, result: assessments.result })
      .from(assessments)
      .where(inArray(assessments.consignmentId, consignmentIds.slice(start, start + 1000)))
      .orderBy(assessments.consignmentId, desc(assessments.id));
    for (const row of rows) out.set(row.consignmentId, row.result);
  }
  return out;
}
