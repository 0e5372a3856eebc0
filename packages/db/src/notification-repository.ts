/**
 * Notices to filers (Do Not Load, request for information, screening request, assessment complete):
 * read by MRN over HTTP, and pushed to the filer's webhook by the dispatcher.
 *
 * Webhook deliveries are claimed like the outbox: FOR UPDATE SKIP LOCKED plus a lease (next_at
 * pushed forward), so several dispatchers never send the same notice at once and a dispatcher that
 * died mid-send leaves its rows to be tried again after the lease: delivery is at-least-once, and the
 * notification id lets the filer deduplicate.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { notifications } from './schema.js';

export interface NotificationView {
  id: string;
  mrn: string;
  consignmentId: string | null;
  kind: string;
  message: string;
  webhookStatus: string;
  createdAt: Date;
}

/** The columns of a NotificationView, shared by every list of notices. */
const NOTIFICATION_VIEW_COLUMNS = {
  id: notifications.id,
  mrn: notifications.mrn,
  consignmentId: notifications.consignmentId,
  kind: notifications.kind,
  message: notifications.message,
  webhookStatus: notifications.webhookStatus,
  createdAt: notifications.createdAt,
};

export async function listNotificationsForFiling(db: Db, input: { mrn: string; filerId?: string }): Promise<NotificationView[]> {
  return db
    .select(NOTIFICATION_VIEW_COLUMNS)
    .from(notifications)
    .where(input.filerId === undefined ? eq(notifications.mrn, input.mrn) : and(eq(notifications.mrn, input.mrn), eq(notifications.filerId, input.filerId)))
    .orderBy(asc(notifications.createdAt), asc(notifications.id));
}

/**
 * Every notice addressed to one filer, newest first: its own filings' notices and those it gets as
 * the loading carrier of other filers' house consignments (Do Not Load, release).
 */
export async function listNotificationsForFiler(db: Db, input: { filerId: string; limit: number }): Promise<NotificationView[]> {
  return db
    .select(NOTIFICATION_VIEW_COLUMNS)
    .from(notifications)
    .where(eq(notifications.filerId, input.filerId))
    .orderBy(sql`${notifications.createdAt} desc`, asc(notifications.id))
    .limit(input.limit);
}

export interface WebhookDelivery {
  id: string;
  filerId: string;
  mrn: string;
  consignmentId: string | null;
  kind: string;
  message: string;
  createdAt: Date;
  /** Attempts including the one now being made. */
  attempts: number;
  url: string;
}

export async function markWebhookDelivered(db: Db, id: string): Promise<void> {
  await db.update(notifications).set({ webhookStatus: 'delivered', deliveredAt: sql`now()`, webhookLastError: null }).where(eq(notifications.id, id));
}

/** After a failed attempt: try again after `retryMs`, or give up (`failed`) once `attempts` reached `maxAttempts`. */
export async function deferWebhookDelivery(db: Db, input: { id: string; attempts: number; maxAttempts: number; error: string; retryMs: number }): Promise<'retry' | 'failed'> {
  const giveUp = input.attempts >= input.maxAttempts;
  await db
    .update(notifications)
    .set({
      webhookLastError: input.error.slice(0, 2000),
      ...(giveUp ? { webhookStatus: 'failed' } : { webhookNextAt: sql`now() + make_interval(secs => ${input.retryMs / 1000})` }),
    })
    .where(eq(notifications.id, input.id));
  return giveUp ? 'failed' : 'retry';
}
