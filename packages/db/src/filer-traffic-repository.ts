/**
 * A filer's own traffic (issue 17): its filings with filters and keyset paging, and the feed of
 * notices addressed to it, each notice carrying what an operations desk needs to act without another
 * call (LRN, house and master transport documents, equipment, what is required and by when).
 *
 * Cursors are opaque strings (`<ISO time>|<uuid>`, base64url) over a total order (time, id), so a
 * page never repeats or skips a row that was there when the previous page was read.
 */
import { and, asc, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client.js';
import { consignments, filings, filingVersions, notifications } from './schema.js';

/** `at` is the row's time to the microsecond as PostgreSQL stores it (a JS Date would cut it to milliseconds). */
export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, 'utf8').toString('base64url');
}

const MICRO_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A timestamp column as ISO text with microseconds, for cursors. */
function microIso(column: typeof filings.createdAt | typeof notifications.createdAt) {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Undefined when the text is not a cursor this service issued. */
export function decodeCursor(text: string): Cursor | undefined {
  const [at, id, extra] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (at === undefined || id === undefined || extra !== undefined || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return MICRO_ISO.test(at) && !Number.isNaN(Date.parse(at)) ? { at, id } : undefined;
}

export interface FilingFilter {
  filerId: string;
  lrn?: string;
  /** Filing status: registered | invalidated. */
  status?: string;
  /** Registered at or after / before (ISO). */
  from?: Date;
  to?: Date;
  /** A house or master transport document number of one of its consignments. */
  transportDocument?: string;
  /** Newest first: rows strictly older than this cursor. */
  before?: Cursor;
  limit: number;
}

export interface FilingListItem {
  mrn: string;
  lrn: string;
  status: string;
  level: string;
  transportMode: string;
  conveyanceRef: string | null;
  version: number;
  consignments: number;
  registeredAt: Date;
  arrivedAt: Date | null;
  cursor: Cursor;
}

export async function listFilerFilings(db: Db, filter: FilingFilter): Promise<{ items: FilingListItem[]; next: Cursor | null }> {
  const conditions: SQL[] = [eq(filings.filerId, filter.filerId)];
  if (filter.lrn !== undefined) conditions.push(eq(filings.lrn, filter.lrn));
  if (filter.status !== undefined) conditions.push(eq(filings.status, filter.status));
  if (filter.from !== undefined) conditions.push(gte(filings.createdAt, filter.from));
  if (filter.to !== undefined) conditions.push(lte(filings.createdAt, filter.to));
  if (filter.transportDocument !== undefined) {
    const document = filter.transportDocument;
    conditions.push(sql`exists (select 1 from consignments c where c.filing_id = "filings"."id" and (c.transport_document_number = ${document} or c.master_document_number = ${document}))`);
  }
  if (filter.before !== undefined) {
    const { at, id } = filter.before;
    conditions.push(sql`(${filings.createdAt}, ${filings.id}) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await db
    .select({
      id: filings.id, mrn: filings.mrn, lrn: filings.lrn, status: filings.status, level: filings.level, transportMode: filings.transportMode,
      conveyanceRef: filings.conveyanceRef, version: filings.currentVersion, registeredAt: filings.createdAt, arrivedAt: filings.arrivedAt, at: microIso(filings.createdAt),
      // Qualified by hand: inside the subquery drizzle's unqualified "id" would be the consignment's.
      consignments: sql<number>`(select count(*)::int from consignments c where c.filing_id = "filings"."id")`,
    })
    .from(filings)
    .where(and(...conditions))
    .orderBy(desc(filings.createdAt), desc(filings.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit).map((r) => ({ ...r, consignments: Number(r.consignments), cursor: { at: r.at, id: r.id } }));
  return { items: page, next: rows.length > filter.limit ? page.at(-1)!.cursor : null };
}

export interface NoticeFeedItem {
  id: string;
  mrn: string;
  lrn: string | null;
  consignmentId: string | null;
  sequence: number | null;
  kind: string;
  message: string;
  transportDocumentNumber: string | null;
  masterDocumentNumber: string | null;
  /** Container, ULD, trailer or wagon identifiers as filed. */
  equipment: string[];
  /** When loading is expected (the latest a pre-loading requirement can be met), if filed. */
  loadingAt: string | null;
  issuedAt: Date;
  cursor: Cursor;
}

/**
 * How old a notice must be before the feed hands it out. A notice's time is its transaction's start,
 * so a transaction that commits late could otherwise land behind a cursor already handed out; the
 * service's transactions that write notices last well under this.
 */
export const FEED_SETTLE_MS = 5_000;

/**
 * Notices addressed to a filer. With `after`: the feed, oldest first, strictly after the cursor and
 * settled (see FEED_SETTLE_MS). Without: the latest notices, newest first.
 */
export async function listNoticeFeed(db: Db, input: { filerId: string; after?: Cursor | 'start'; limit: number }): Promise<NoticeFeedItem[]> {
  const conditions: SQL[] = [eq(notifications.filerId, input.filerId)];
  const feed = input.after !== undefined;
  if (feed) conditions.push(lt(notifications.createdAt, sql`now() - ${`${FEED_SETTLE_MS} milliseconds`}::interval`));
  if (input.after !== undefined && input.after !== 'start') {
    const { at, id } = input.after;
    conditions.push(sql`(${notifications.createdAt}, ${notifications.id}) > (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await db
    .select({
      id: notifications.id, mrn: notifications.mrn, consignmentId: notifications.consignmentId, kind: notifications.kind, message: notifications.message, issuedAt: notifications.createdAt, at: microIso(notifications.createdAt),
      lrn: filings.lrn, sequence: consignments.sequence, transportDocumentNumber: consignments.transportDocumentNumber, masterDocumentNumber: consignments.masterDocumentNumber,
      content: consignments.content, header: filingVersions.header,
    })
    .from(notifications)
    .leftJoin(consignments, eq(consignments.id, notifications.consignmentId))
    .leftJoin(filings, eq(filings.mrn, notifications.mrn))
    .leftJoin(filingVersions, and(eq(filingVersions.filingId, consignments.filingId), eq(filingVersions.version, consignments.version)))
    .where(and(...conditions))
    .orderBy(...(feed ? [asc(notifications.createdAt), asc(notifications.id)] : [desc(notifications.createdAt), desc(notifications.id)]))
    .limit(input.limit);
  return rows.map((r) => ({
    id: r.id, mrn: r.mrn, lrn: r.lrn, consignmentId: r.consignmentId, sequence: r.sequence, kind: r.kind, message: r.message,
    transportDocumentNumber: r.transportDocumentNumber, masterDocumentNumber: r.masterDocumentNumber,
    equipment: [...new Set((r.content?.equipment ?? []).map((e) => e.containerNumber).filter((e) => e.trim() !== ''))],
    loadingAt: r.header?.conveyance.expectedLoadingAt ?? r.header?.conveyance.expectedDepartureAt ?? null,
    issuedAt: r.issuedAt,
    cursor: { at: r.at, id: r.id },
  }));
}
