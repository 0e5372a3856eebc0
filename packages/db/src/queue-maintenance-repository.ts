/**
 * Upkeep of the queue tables. Every job, outbox row and consignment is inserted and then updated, so
 * dead index entries pile up until a VACUUM removes them, and the claims and lookups walk them.
 * Autovacuum does that on a stock server, but not at all on the embedded database nor where it is
 * switched off (as on the development machine's server, where the old claim grew to 181 ms at
 * 150,000 jobs), and by default only after 20 % of a table changed.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

/**
 * VACUUM (ANALYZE) of the tables every decision churns. The assessor runs this every so many
 * decisions; a table another session is vacuuming is skipped. Never inside a transaction.
 */
export async function vacuumQueueTables(db: Db): Promise<void> {
  await db.execute(sql`vacuum (skip_locked, analyze) assessment_jobs, outbox, consignments`);
}
