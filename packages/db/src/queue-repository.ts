/**
 * The officer queue at national scale: holds in their order (nearest loading first, then highest
 * score), one page at a time with a keyset cursor, filtered and searched on the server. A page is a
 * walk of `consignments_queue_page_idx` from the cursor, so its cost does not grow with the queue;
 * each search branch has an index of its own (migration 0009). Only the returned page pays for the
 * latest assessment (summary, rules fired), pending approvals and assignee names.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { QUEUE_HOLDS } from '@safe-screen/cases';
import type { Db } from './client.js';
import { latestAssessments } from './latest-assessments.js';
import { caseApprovals, principals } from './schema.js';

export interface QueuePageFilter {
  lane?: string;
  outcome?: string;
  holdStatus?: string;
  /** UN/LOCODE of the place of loading or unloading. */
  port?: string;
  /** Vessel call or flight: the filing's conveyance reference. */
  conveyanceRef?: string;
  exportCountry?: string;
  /** A rule id that fired in the latest assessment. */
  ruleId?: string;
  /** 'unassigned', or a principal id. */
  assignedTo?: string;
  /** MRN, LRN, transport document (house or master), container, party name, vessel IMO or name, conveyance reference. */
  search?: string;
  /** A cursor from a previous page: the page after it, or before it. */
  after?: string;
  before?: string;
  limit: number;
  /** The consignments a search found (set by pageQueue from `search`). */
  ids?: readonly string[];
}

export interface QueuePageItem {
  consignmentId: string;
  mrn: string;
  lrn: string;
  sequence: number;
  transportDocumentNumber: string | null;
  transportMode: string;
  conveyanceRef: string | null;
  exportCountry: string | null;
  placeOfLoading: string | null;
  lane: string | null;
  outcome: string | null;
  score: number | null;
  holdStatus: string;
  state: string;
  assignedTo: string | null;
  assignedToName: string | null;
  /** When loading is expected: what the officer races against (an inspection after it is too late). */
  loadingAt: Date | null;
  summary: string | null;
  /** Rule ids that fired in the latest assessment, heaviest first. */
  rules: string[];
  pendingApproval: boolean;
}

export interface QueuePage {
  /** Holds matching the filter, counted up to COUNT_LIMIT. */
  total: number;
  /** More than COUNT_LIMIT match: `total` is a lower bound. */
  totalIsLowerBound: boolean;
  items: QueuePageItem[];
  /** Cursors for the neighbouring pages; null at either end. */
  next: string | null;
  previous: string | null;
  /** The search matched more than SEARCH_LIMIT consignments: only the first are in the queue's order. */
  truncated: boolean;
}

/**
 * The holds of the queue (the lifecycle's QUEUE_HOLDS), as literals so that the planner can prove the
 * partial index's predicate (schema.ts, same list; the plan test fails if the two drift apart).
 */
const IN_QUEUE = sql.raw(`c.hold_status in (${QUEUE_HOLDS.map((h) => `'${h}'`).join(', ')}) and c.state <> 'pending'`);
const KEY_LOADING = sql.raw(`coalesce(c.loading_at, 'infinity'::timestamptz)`);
const KEY_SCORE = sql.raw(`coalesce(-c.score, 'Infinity'::float8)`);

interface Key { loading: string; score: string; id: string }

export function encodeQueueCursor(key: Key): string {
  return Buffer.from(JSON.stringify([key.loading, key.score, key.id])).toString('base64url');
}

/** The cursor's key, or undefined when it is not one this repository wrote. */
export function decodeQueueCursor(cursor: string): Key | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'string')) return undefined;
    const [loading, score, id] = value as [string, string, string];
    if (!/^[0-9a-f-]{36}$/i.test(id) || !(loading === 'infinity' || !Number.isNaN(Date.parse(loading))) || !(score === 'Infinity' || Number.isFinite(Number(score)))) return undefined;
    return { loading, score, id };
  } catch {
    return undefined;
  }
}

/** Words of a party or vessel name as a prefix query ('maersk line' finds "MAERSK LINE A/S"). */
function prefixQuery(text: string): string | undefined {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 8);
  // Whole words, and the last one as a prefix: the officer may still be typing it.
  return words === undefined ? undefined : words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
}

/** At most this many consignments match one search; a broader one asks the officer to narrow it. */
export const SEARCH_LIMIT = 10_000;

/** The SQL of the consignment ids matching a search, one indexed lookup per kind of identifier (exported for the query-plan test). */
export function searchIdsSql(search: string): SQL {
  const exact = search.trim();
  const upper = exact.toUpperCase().replace(/\s+/g, '');
  const digits = /^(IMO)?\d{7}$/.test(upper) ? upper.replace(/^IMO/, '') : undefined;
  const words = prefixQuery(exact);
  const branches: SQL[] = [
    sql`select c2.id from consignments c2 where c2.filing_id in (select f2.id from filings f2 where f2.mrn = ${upper})`,
    sql`select c2.id from consignments c2 where c2.filing_id in (select f2.id from filings f2 where f2.lrn = ${exact})`,
    sql`select c2.id from consignments c2 where c2.filing_id in (select f2.id from filings f2 where f2.conveyance_ref = ${exact})`,
    sql`select c2.id from consignments c2 where c2.transport_document_number = ${exact}`,
    sql`select c2.id from consignments c2 where c2.master_document_number = ${exact}`,
    sql`select c2.id from consignments c2 where (c2.content -> 'equipment') @> ${JSON.stringify([{ containerNumber: upper }])}::jsonb`,
    sql`select c2.id from consignments c2 where c2.filing_id in (select v.filing_id from filing_versions v
        where upper(v.header -> 'conveyance' ->> 'identifier') in (${upper}, ${digits ?? upper}, ${digits === undefined ? upper : `IMO${digits}`})
          and v.version = (select f2.current_version from filings f2 where f2.id = v.filing_id))`,
  ];
  if (words !== undefined) {
    branches.push(
      sql`select c2.id from consignments c2 where to_tsvector('simple'::regconfig, jsonb_path_query_array(c2.content, '$.parties[*].name')) @@ to_tsquery('simple', ${words})`,
      sql`select c2.id from consignments c2 where c2.filing_id in (select v.filing_id from filing_versions v
          where to_tsvector('simple'::regconfig, coalesce(v.header -> 'conveyance' ->> 'name', '')) @@ to_tsquery('simple', ${words})
            and v.version = (select f2.current_version from filings f2 where f2.id = v.filing_id))`,
    );
  }
  return sql`select id from (${sql.join(branches, sql` union `)}) s limit ${SEARCH_LIMIT + 1}`;
}

function conditions(filter: QueuePageFilter): SQL[] {
  const where: SQL[] = [IN_QUEUE, sql`f.status = 'registered'`];
  if (filter.lane !== undefined) where.push(sql`c.lane = ${filter.lane}`);
  if (filter.outcome !== undefined) where.push(sql`c.outcome = ${filter.outcome}`);
  if (filter.holdStatus !== undefined) where.push(sql`c.hold_status = ${filter.holdStatus}`);
  if (filter.exportCountry !== undefined) where.push(sql`c.export_country = ${filter.exportCountry}`);
  if (filter.conveyanceRef !== undefined) where.push(sql`f.conveyance_ref = ${filter.conveyanceRef}`);
  if (filter.port !== undefined) where.push(sql`(c.place_of_loading = ${filter.port} or c.content -> 'placeOfUnloading' ->> 'unlocode' = ${filter.port})`);
  if (filter.assignedTo === 'unassigned') where.push(sql`c.assigned_to is null`);
  else if (filter.assignedTo !== undefined) where.push(sql`c.assigned_to = ${filter.assignedTo}::uuid`);
  if (filter.ruleId !== undefined) {
    where.push(sql`(select a.result -> 'hits' from assessments a where a.consignment_id = c.id order by a.id desc limit 1) @> ${JSON.stringify([{ ruleId: filter.ruleId }])}::jsonb`);
  }
  if (filter.ids !== undefined) where.push(sql`c.id = any(${`{${filter.ids.join(',')}}`}::uuid[])`);
  return where;
}

interface Row {
  consignment_id: string; mrn: string; lrn: string; sequence: number; transport_document_number: string | null; transport_mode: string; conveyance_ref: string | null;
  export_country: string | null; place_of_loading: string | null; lane: string | null; outcome: string | null; score: number | null; hold_status: string; state: string;
  assigned_to: string | null; loading_at: string | Date | null; key_loading: string; key_score: string;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The SQL of one queue page (exported for the query-plan test). */
export function queuePageSql(filter: QueuePageFilter): SQL {
  const where = conditions(filter);
  const backwards = filter.before !== undefined;
  const cursor = decodeQueueCursor(filter.before ?? filter.after ?? '');
  if ((filter.before ?? filter.after) !== undefined && cursor === undefined) throw new QueueCursorError();
  if (cursor !== undefined) {
    const key = sql`(${cursor.loading}::timestamptz, ${cursor.score}::float8, ${cursor.id}::uuid)`;
    where.push(backwards ? sql`(${KEY_LOADING}, ${KEY_SCORE}, c.id) < ${key}` : sql`(${KEY_LOADING}, ${KEY_SCORE}, c.id) > ${key}`);
  }
  const direction = sql.raw(backwards ? 'desc' : 'asc');
  return sql`select c.id as consignment_id, f.mrn, f.lrn, c.sequence, c.transport_document_number, f.transport_mode, f.conveyance_ref, c.export_country, c.place_of_loading,
      c.lane, c.outcome, c.score, c.hold_status, c.state, c.assigned_to, c.loading_at, ${KEY_LOADING}::text as key_loading, ${KEY_SCORE}::text as key_score
    from consignments c join filings f on f.id = c.filing_id
    where ${sql.join(where, sql` and `)}
    order by ${KEY_LOADING} ${direction}, ${KEY_SCORE} ${direction}, c.id ${direction}
    limit ${filter.limit + 1}`;
}

/**
 * Counting stops here: an exact count of 100,000 holds costs more than the page itself, and no one
 * pages through them; past it the answer says "at least" (`totalIsLowerBound`).
 */
export const COUNT_LIMIT = 10_000;

/** The SQL that counts the holds matching the filter, up to COUNT_LIMIT + 1 (exported for the query-plan test). */
export function queueCountSql(filter: Omit<QueuePageFilter, 'after' | 'before'>): SQL {
  return sql`select count(*)::int as n from (select 1 from consignments c join filings f on f.id = c.filing_id
    where ${sql.join(conditions(filter), sql` and `)} order by ${KEY_LOADING}, ${KEY_SCORE}, c.id limit ${COUNT_LIMIT + 1}) counted`;
}

export class QueueCursorError extends Error {
  constructor() {
    super('the cursor is not one the queue handed out');
  }
}

export async function pageQueue(db: Db, query: QueuePageFilter): Promise<QueuePage> {
  let filter = query;
  let truncated = false;
  if (query.search !== undefined && query.search.trim() !== '') {
    const found = rowsOf<{ id: string }>(await db.execute(searchIdsSql(query.search))).map((r) => r.id);
    truncated = found.length > SEARCH_LIMIT;
    if (found.length === 0) return { total: 0, totalIsLowerBound: false, items: [], next: null, previous: null, truncated };
    filter = { ...query, ids: found.slice(0, SEARCH_LIMIT) };
  }
  const [rows, counted] = await Promise.all([
    db.execute(queuePageSql(filter)).then((r) => rowsOf<Row>(r)),
    db.execute(queueCountSql(filter)).then((r) => rowsOf<{ n: number }>(r)),
  ]);
  const backwards = filter.before !== undefined;
  const more = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit);
  if (backwards) page.reverse();
  const keyOf = (r: Row) => encodeQueueCursor({ loading: r.key_loading, score: r.key_score, id: r.consignment_id });
  const first = page[0];
  const last = page.at(-1);
  const next = last === undefined ? null : backwards || more ? keyOf(last) : null;
  const previous = first === undefined ? null : backwards ? (more ? keyOf(first) : null) : filter.after !== undefined ? keyOf(first) : null;

  const ids = page.map((p) => p.consignment_id);
  const latest = ids.length === 0 ? new Map() : await latestAssessments(db, ids);
  const pending = new Set<string>();
  const names = new Map<string, string>();
  if (ids.length > 0) {
    for (const row of await db.select({ consignmentId: caseApprovals.consignmentId }).from(caseApprovals).where(and(inArray(caseApprovals.consignmentId, ids), eq(caseApprovals.status, 'pending')))) pending.add(row.consignmentId);
    const assignees = [...new Set(page.map((p) => p.assigned_to).filter((a): a is string => a !== null))];
    if (assignees.length > 0) for (const row of await db.select({ id: principals.id, name: principals.name }).from(principals).where(inArray(principals.id, assignees))) names.set(row.id, row.name);
  }
  const total = counted[0]?.n ?? 0;
  return {
    total: Math.min(total, COUNT_LIMIT),
    totalIsLowerBound: total > COUNT_LIMIT,
    truncated,
    next,
    previous,
    items: page.map((r) => {
      const assessment = latest.get(r.consignment_id);
      return {
        consignmentId: r.consignment_id,
        mrn: r.mrn,
        lrn: r.lrn,
        sequence: r.sequence,
        transportDocumentNumber: r.transport_document_number,
        transportMode: r.transport_mode,
        conveyanceRef: r.conveyance_ref,
        exportCountry: r.export_country,
        placeOfLoading: r.place_of_loading,
        lane: r.lane,
        outcome: r.outcome,
        score: r.score === null ? null : Number(r.score),
        holdStatus: r.hold_status,
        state: r.state,
        assignedTo: r.assigned_to,
        assignedToName: r.assigned_to === null ? null : (names.get(r.assigned_to) ?? null),
        loadingAt: r.loading_at === null ? null : new Date(r.loading_at),
        summary: assessment?.summary ?? null,
        rules: assessment === undefined ? [] : [...assessment.hits].filter((h) => h.source !== 'aeo').sort((a, b) => b.weight - a.weight).map((h) => h.ruleId),
        pendingApproval: pending.has(r.consignment_id),
      };
    }),
  };
}
