/**
 * The outbox relay's side of the table. Rows are claimed with FOR UPDATE SKIP LOCKED and a lease, so
 * several relay instances never publish the same row at the same time; a row is marked sent only
 * after the broker acknowledged it. A relay that dies mid-batch leaves its rows to be claimed again
 * when the lease runs out, which can publish a row twice: consumers deduplicate by request id.
 */
import { and, asc, eq, gt, inArray, lt, lte, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';
import { outbox } from './schema.js';

export interface OutboxRow {
  id: number;
  topic: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
  requestId: string | null;
}

/** Arbitrary constant shared by every relay: serialises claims (not publishing) across instances. */
const CLAIM_LOCK_ID = 7_315_314;

/**
 * Per-key order: a row is not claimed while an earlier row of the same topic and key is still
 * pending but not due, i.e. backing off after a failure or leased by another relay. Claims run one
 * at a time (a transaction-scoped advisory lock; a claim is two short statements), so two relays
 * cannot each take one row of the same key at the same moment.
 */
export async function claimOutbox(db: Db, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK_ID})`);
    const earlier = alias(outbox, 'earlier');
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(
        eq(outbox.status, 'pending'),
        lte(outbox.availableAt, sql`now()`),
        notExists(
          tx.select({ one: sql`1` }).from(earlier).where(and(
            eq(earlier.status, 'pending'),
            eq(earlier.topic, outbox.topic),
            eq(earlier.messageKey, outbox.messageKey),
            lt(earlier.id, outbox.id),
            gt(earlier.availableAt, sql`now()`),
          )),
        ),
      ))
      .orderBy(asc(outbox.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const rows = await tx
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, availableAt: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
      .where(inArray(outbox.id, due.map((d) => d.id)))
      .returning();
    return rows
      .sort((a, b) => a.id - b.id)
      .map((r) => ({ id: r.id, topic: r.topic, key: r.messageKey, payload: r.payload, attempts: r.attempts, createdAt: r.createdAt, requestId: r.requestId }));
  });
}

export async function markOutboxSent(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(outbox).set({ status: 'sent', sentAt: sql`now()`, lastError: null }).where(inArray(outbox.id, ids));
}

/** Puts a row back with a delay (exponential in its attempts, capped), keeping the error for operators. */
export async function deferOutbox(db: Db, id: number, error: string, delayMs: number): Promise<void> {
  await db
    .update(outbox)
    .set({ lastError: error.slice(0, 2000), availableAt: sql`now() + make_interval(secs => ${delayMs / 1000})` })
    .where(eq(outbox.id, id));
}

/** A row that can never be published (e.g. fails its topic's schema): kept, with the reason, for an operator. */
export async function failOutbox(db: Db, id: number, error: string): Promise<void> {
  await db.update(outbox).set({ status: 'failed', lastError: error.slice(0, 2000) }).where(eq(outbox.id, id));
}

export async function outboxBacklog(db: Db): Promise<{ pending: number; oldestAgeSeconds: number; failed: number }> {
  const [row] = await db
    .select({
      n: sql<number>`(count(*) filter (where ${outbox.status} = 'pending'))::int`,
      failed: sql<number>`(count(*) filter (where ${outbox.status} = 'failed'))::int`,
      oldest: sql<number | null>`extract(epoch from now() - min(${outbox.createdAt}) filter (where ${outbox.status} = 'pending'))::float8`,
    })
    .from(outbox)
    .where(inArray(outbox.status, ['pending', 'failed']));
  return { pending: row?.n ?? 0, oldestAgeSeconds: row?.oldest ?? 0, failed: row?.failed ?? 0 };
}

export interface FailedOutboxRow {
  id: number;
  topic: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  lastError: string | null;
  requestId: string | null;
  createdAt: Date;
}

/** Rows the relay gave up on (they failed their topic's schema), oldest first: an operator's worklist. */
export async function listFailedOutbox(db: Db, limit: number): Promise<FailedOutboxRow[]> {
  const rows = await db.select().from(outbox).where(eq(outbox.status, 'failed')).orderBy(asc(outbox.id)).limit(limit);
  return rows.map((r) => ({ id: r.id, topic: r.topic, key: r.messageKey, payload: r.payload, attempts: r.attempts, lastError: r.lastError, requestId: r.requestId, createdAt: r.createdAt }));
}

/**
 * Puts a failed row back in the queue, with a payload an operator corrected or as it was (after the
 * catalog was widened to accept it). The caller validates the payload against the topic first; a
 * row that is not failed is left alone. Returns whether a row was requeued.
 */
export async function retryFailedOutbox(db: Db, input: { id: number; payload?: Record<string, unknown> }): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, availableAt: sql`now()`, ...(input.payload === undefined ? {} : { payload: input.payload }) })
    .where(and(eq(outbox.id, input.id), eq(outbox.status, 'failed')))
    .returning({ id: outbox.id });
  return rows.length > 0;
}
