/**
 * Lane capacity per UTC day, shared by all assessor instances: a reservation locks the day's row for
 * the lane, grants what is left, and records what was taken, in one transaction, so two instances
 * never hand out the same last place.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { laneQuotaUsage } from './schema.js';

/**
 * Takes `forced` places unconditionally (selections a quota never moves) and up to `wanted` more
 * within `perDay`. Returns how many of the `wanted` were granted.
 */
export async function reserveLaneCapacity(db: Db, input: { day: string; lane: string; perDay: number; wanted: number; forced: number }): Promise<number> {
  if (input.wanted === 0 && input.forced === 0) return 0;
  return db.transaction(async (tx) => {
    await tx.insert(laneQuotaUsage).values({ day: input.day, lane: input.lane, used: 0 }).onConflictDoNothing();
    const where = and(eq(laneQuotaUsage.day, input.day), eq(laneQuotaUsage.lane, input.lane));
    const [row] = await tx.select({ used: laneQuotaUsage.used }).from(laneQuotaUsage).where(where).for('update');
    const used = (row?.used ?? 0) + input.forced;
    const granted = Math.max(0, Math.min(input.wanted, input.perDay - used));
    await tx.update(laneQuotaUsage).set({ used: sql`${laneQuotaUsage.used} + ${input.forced + granted}` }).where(where);
    return granted;
  });
}

export async function laneUsage(db: Db, day: string): Promise<Record<string, number>> {
  const rows = await db.select().from(laneQuotaUsage).where(eq(laneQuotaUsage.day, day));
  return Object.fromEntries(rows.map((r) => [r.lane, r.used]));
}
