/**
 * Fair claiming of webhook deliveries: at most `perFiler` due notices of any one filer per claim, and
 * none of the filers the dispatcher says are busy (all their delivery slots taken). With the plain
 * oldest-first claim, a filer with a thousand notices queued for an endpoint that never answers filled
 * every batch, and another filer's notice waited behind them (0.56 s became 58.8 s).
 *
 * Rows without a registered URL become `none` (the filer polls instead); the rest get an attempt
 * counted and a lease (webhookNextAt) while they are sent.
 */
import { and, eq, inArray, lte, notInArray, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import type { WebhookDelivery } from './notification-repository.js';
import { notifications, principals } from './schema.js';

export async function claimWebhookDeliveriesFairly(db: Db, input: { limit: number; perFiler: number; leaseMs: number; busyFilers: string[] }): Promise<WebhookDelivery[]> {
  if (input.limit <= 0) return [];
  return db.transaction(async (tx) => {
    const conditions = [eq(notifications.webhookStatus, 'pending'), lte(notifications.webhookNextAt, sql`now()`)];
    if (input.busyFilers.length > 0) conditions.push(notInArray(notifications.filerId, input.busyFilers));
    const ranked = tx
      .select({
        id: notifications.id,
        rank: sql<number>`row_number() over (partition by ${notifications.filerId} order by ${notifications.webhookNextAt}, ${notifications.createdAt})`.as('rank'),
        nextAt: notifications.webhookNextAt,
      })
      .from(notifications)
      .where(and(...conditions))
      .as('ranked');
    const picked = await tx.select({ id: ranked.id }).from(ranked).where(lte(ranked.rank, input.perFiler)).orderBy(ranked.nextAt).limit(input.limit);
    if (picked.length === 0) return [];
    const due = await tx
      .select({ id: notifications.id, url: principals.webhookUrl })
      .from(notifications)
      .leftJoin(principals, eq(principals.id, notifications.filerId))
      .where(and(inArray(notifications.id, picked.map((p) => p.id)), eq(notifications.webhookStatus, 'pending'), lte(notifications.webhookNextAt, sql`now()`)))
      .for('update', { of: notifications, skipLocked: true });
    const without = due.filter((d) => d.url === null).map((d) => d.id);
    if (without.length > 0) await tx.update(notifications).set({ webhookStatus: 'none' }).where(inArray(notifications.id, without));
    const urlOf = new Map(due.filter((d) => d.url !== null).map((d) => [d.id, d.url!]));
    if (urlOf.size === 0) return [];
    const rows = await tx
      .update(notifications)
      .set({ webhookAttempts: sql`${notifications.webhookAttempts} + 1`, webhookNextAt: sql`now() + make_interval(secs => ${input.leaseMs / 1000})` })
      .where(inArray(notifications.id, [...urlOf.keys()]))
      .returning();
    return rows
      .map((r) => ({ id: r.id, filerId: r.filerId, mrn: r.mrn, consignmentId: r.consignmentId, kind: r.kind, message: r.message, createdAt: r.createdAt, attempts: r.webhookAttempts, url: urlOf.get(r.id)! }))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  });
}
