/**
 * Outbound inspection requests after they were sent: export customs acknowledge them and report a
 * result, over Kafka or the partner HTTP API; both paths call these functions, so they behave alike.
 *
 * Duplicates are expected (Kafka redelivers after a crash, a partner retries a POST): each change is
 * a guarded status transition made under a row lock, so a repeated acknowledgement or result is
 * recognised and changes nothing. Every change writes an audit entry in the same transaction.
 *
 * What a result does to the hold is policy, not storage: the caller passes a pure `plan` that sees
 * the request, the consignment and its current hold, and returns what to write.
 */
import { and, asc, desc, eq, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Consignment, Filing } from '@safe-screen/domain';
import type { Db } from './client.js';
import { outboxRows, type OutboxMessage } from './assessment-repository.js';
import { auditLog, consignments, filings, filingVersions, inspectionOutcomes, inspectionRequests, notifications, outbox } from './schema.js';

/**
 * `withdrawn`: the requesting administration resolved the risk without the inspection (an officer
 * released the consignment) and told export customs so. A result that still comes is recorded.
 */
export const INSPECTION_REQUEST_STATUSES = ['requested', 'acknowledged', 'completed', 'escalated', 'withdrawn'] as const;
export type InspectionRequestStatus = (typeof INSPECTION_REQUEST_STATUSES)[number];

export interface InspectionRequestView {
  id: string;
  consignmentId: string;
  mrn: string;
  exportCountry: string;
  status: InspectionRequestStatus;
  methods: string[];
  reasons: { code: string; text: string }[];
  deadline: Date | null;
  acknowledgedAt: Date | null;
  result: Record<string, unknown> | null;
  resultAt: Date | null;
  escalatedAt: Date | null;
  escalationReason: string | null;
  createdAt: Date;
}

/** A request with the identifiers export customs need to find the cargo (as in the Kafka message). */
export interface InspectionRequestDetail extends InspectionRequestView {
  transportDocumentNumber: string | null;
  placeOfLoading: string | null;
  containerNumbers: string[];
  expectedLoadingAt: string | null;
}

/** Who made a change, for the audit log: a principal, or a system component (id null). */
export interface Actor {
  id: string | null;
  name: string;
}

function toView(row: typeof inspectionRequests.$inferSelect): InspectionRequestView {
  return {
    id: row.id,
    consignmentId: row.consignmentId,
    mrn: row.mrn,
    exportCountry: row.exportCountry,
    status: row.status as InspectionRequestStatus,
    methods: row.methods,
    reasons: row.reasons,
    deadline: row.deadline,
    acknowledgedAt: row.acknowledgedAt,
    result: row.result,
    resultAt: row.resultAt,
    escalatedAt: row.escalatedAt,
    escalationReason: row.escalationReason,
    createdAt: row.createdAt,
  };
}

/** Scopes a lookup to one export country when given: a partner never reaches another country's rows. */
function scoped(id: string, exportCountry: string | undefined): SQL | undefined {
  return exportCountry === undefined
    ? eq(inspectionRequests.id, id)
    : and(eq(inspectionRequests.id, id), eq(inspectionRequests.exportCountry, exportCountry));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const detailColumns = {
  request: inspectionRequests,
  transportDocumentNumber: consignments.transportDocumentNumber,
  placeOfLoading: consignments.placeOfLoading,
  containerNumbers: sql<string[]>`coalesce((select jsonb_agg(distinct e->>'containerNumber') from jsonb_array_elements(${consignments.content}->'equipment') e), '[]'::jsonb)`,
  expectedLoadingAt: sql<string | null>`coalesce(${filingVersions.header}->'conveyance'->>'expectedLoadingAt', ${filingVersions.header}->'conveyance'->>'expectedDepartureAt')`,
};

function toDetail(row: { request: typeof inspectionRequests.$inferSelect; transportDocumentNumber: string | null; placeOfLoading: string | null; containerNumbers: string[]; expectedLoadingAt: string | null }): InspectionRequestDetail {
  return { ...toView(row.request), transportDocumentNumber: row.transportDocumentNumber, placeOfLoading: row.placeOfLoading, containerNumbers: row.containerNumbers, expectedLoadingAt: row.expectedLoadingAt };
}

function selectDetails(db: Db) {
  return db
    .select(detailColumns)
    .from(inspectionRequests)
    .innerJoin(consignments, eq(consignments.id, inspectionRequests.consignmentId))
    .innerJoin(filingVersions, and(eq(filingVersions.filingId, consignments.filingId), eq(filingVersions.version, consignments.version)));
}

export async function listInspectionRequests(
  db: Db,
  filter: {
    exportCountry?: string;
    status?: InspectionRequestStatus;
    /** Only requests still waiting for a result (requested, acknowledged, or escalated without an answer). */
    open?: boolean;
    mrn?: string;
    consignmentId?: string;
    limit?: number;
  },
): Promise<InspectionRequestDetail[]> {
  const conditions: SQL[] = [];
  if (filter.open === true) conditions.push(isNull(inspectionRequests.result), ne(inspectionRequests.status, 'withdrawn'));
  if (filter.exportCountry !== undefined) conditions.push(eq(inspectionRequests.exportCountry, filter.exportCountry));
  if (filter.status !== undefined) conditions.push(eq(inspectionRequests.status, filter.status));
  if (filter.mrn !== undefined) conditions.push(eq(inspectionRequests.mrn, filter.mrn));
  if (filter.consignmentId !== undefined) conditions.push(eq(inspectionRequests.consignmentId, filter.consignmentId));
  const rows = await selectDetails(db)
    .where(conditions.length === 0 ? undefined : and(...conditions))
    // Oldest first: a partner works through its queue in the order requests were made.
    .orderBy(asc(inspectionRequests.createdAt), asc(inspectionRequests.id))
    .limit(Math.min(filter.limit ?? 100, 1000));
  return rows.map(toDetail);
}

export async function findInspectionRequest(db: Db, id: string, filter: { exportCountry?: string } = {}): Promise<InspectionRequestDetail | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await selectDetails(db).where(scoped(id, filter.exportCountry));
  return row === undefined ? undefined : toDetail(row);
}

export type AcknowledgeOutcome = 'acknowledged' | 'duplicate' | 'withdrawn' | 'not_found';

/**
 * Records export customs' acknowledgement. An escalated request that was never answered becomes
 * acknowledged (officers see the late answer); anything already acknowledged or answered is a duplicate.
 */
export async function acknowledgeInspectionRequest(
  db: Db,
  input: { requestId: string; exportCountry?: string; actor: Actor; acknowledgedAt: Date; reference?: string },
): Promise<AcknowledgeOutcome> {
  if (!UUID.test(input.requestId)) return 'not_found';
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(inspectionRequests).where(scoped(input.requestId, input.exportCountry)).for('update');
    if (row === undefined) return 'not_found';
    if (row.status === 'withdrawn') return 'withdrawn';
    const open = row.status === 'requested' || (row.status === 'escalated' && row.acknowledgedAt === null && row.result === null);
    if (!open) return 'duplicate';
    await tx
      .update(inspectionRequests)
      .set({ status: 'acknowledged', acknowledgedAt: input.acknowledgedAt })
      .where(eq(inspectionRequests.id, row.id));
    await tx.insert(auditLog).values({
      actorId: input.actor.id,
      actorName: input.actor.name,
      action: 'inspection_request.acknowledged',
      subjectType: 'inspection_request',
      subjectId: row.id,
      details: { mrn: row.mrn, consignmentId: row.consignmentId, previousStatus: row.status, ...(input.reference === undefined ? {} : { reference: input.reference }) },
    });
    return 'acknowledged';
  });
}

/** What a result plan sees: the request, the consignment as filed and its current hold. */
export interface InspectionContext {
  request: InspectionRequestView;
  holdStatus: string;
  filerId: string;
  mrn: string;
  transportMode: string;
  consignment: Consignment;
  /** The filing (without its consignments) at the consignment's version: filing-level parties and conveyance. */
  filing: Filing;
  /** Drawn for the random control group: its result is an unbiased label. */
  controlGroup: boolean;
}

/** What a result plan decides; written in one transaction with the result. */
export interface InspectionResultWrite {
  requestStatus: 'completed' | 'escalated';
  escalationReason?: string;
  /** New hold status of the consignment; absent leaves it as it is. */
  holdStatus?: string;
  notifications: { id: string; filerId: string; mrn: string; kind: string; message: string; webhook: boolean }[];
  outbox: OutboxMessage[];
  /** Labelled outcomes for the targeting model (one per inspected goods line). */
  outcomes: { outcome: string; source: string; features: Record<string, unknown> }[];
}

export type RecordResultOutcome =
  | { status: 'recorded'; write: InspectionResultWrite; previousHold: string }
  | { status: 'duplicate' }
  | { status: 'not_found' };

/**
 * Stores export customs' result and its consequences: request status and result, the consignment's
 * hold, the filer's notice (table and outbox), labelled outcomes and the audit entries, all in one
 * transaction under a lock on the request, so a duplicate result (same request, already answered)
 * is recognised and writes nothing.
 */
export async function recordInspectionResult(
  db: Db,
  input: {
    requestId: string;
    exportCountry?: string;
    actor: Actor;
    result: Record<string, unknown>;
    resultAt: Date;
    plan: (context: InspectionContext) => InspectionResultWrite;
    /** The HTTP request that reported the result (partner API), if any: tags the outbox rows for log correlation. */
    httpRequestId?: string;
  },
): Promise<RecordResultOutcome> {
  if (!UUID.test(input.requestId)) return { status: 'not_found' };
  return db.transaction(async (tx) => {
    // Locks in the order every writer takes them, consignment then request (an officer's release
    // locks the consignment and then withdraws its requests): the other order deadlocked with it.
    const [found] = await tx.select({ consignmentId: inspectionRequests.consignmentId }).from(inspectionRequests).where(scoped(input.requestId, input.exportCountry));
    if (found === undefined) return { status: 'not_found' };
    const [target] = await tx
      .select({ holdStatus: consignments.holdStatus, content: consignments.content, controlGroup: consignments.controlGroup, filerId: filings.filerId, mrn: filings.mrn, transportMode: filings.transportMode, header: filingVersions.header })
      .from(consignments)
      .innerJoin(filings, eq(filings.id, consignments.filingId))
      .innerJoin(filingVersions, and(eq(filingVersions.filingId, consignments.filingId), eq(filingVersions.version, consignments.version)))
      .where(eq(consignments.id, found.consignmentId))
      .for('update', { of: consignments });
    if (target === undefined) return { status: 'not_found' };
    const [row] = await tx.select().from(inspectionRequests).where(scoped(input.requestId, input.exportCountry)).for('update');
    if (row === undefined) return { status: 'not_found' };
    if (row.result !== null) return { status: 'duplicate' };
    const write = input.plan({
      request: toView(row),
      holdStatus: target.holdStatus,
      filerId: target.filerId,
      mrn: target.mrn,
      transportMode: target.transportMode,
      consignment: target.content,
      filing: target.header,
      controlGroup: target.controlGroup,
    });
    await tx
      .update(inspectionRequests)
      .set({
        status: write.requestStatus,
        result: input.result,
        resultAt: input.resultAt,
        acknowledgedAt: row.acknowledgedAt ?? input.resultAt,
        ...(write.requestStatus === 'escalated' ? { escalatedAt: sql`now()`, escalationReason: write.escalationReason ?? null } : {}),
      })
      .where(eq(inspectionRequests.id, row.id));
    const audit: (typeof auditLog.$inferInsert)[] = [{
      actorId: input.actor.id,
      actorName: input.actor.name,
      action: 'inspection_request.result_recorded',
      subjectType: 'inspection_request',
      subjectId: row.id,
      details: { mrn: row.mrn, consignmentId: row.consignmentId, result: input.result, requestStatus: write.requestStatus },
    }];
    if (write.holdStatus !== undefined && write.holdStatus !== target.holdStatus) {
      await tx.update(consignments).set({ holdStatus: write.holdStatus, updatedAt: sql`now()` }).where(eq(consignments.id, row.consignmentId));
      audit.push({
        actorId: input.actor.id,
        actorName: input.actor.name,
        action: 'consignment.hold_changed',
        subjectType: 'consignment',
        subjectId: row.consignmentId,
        reason: `outbound inspection result: ${String(input.result['outcome'])}`,
        details: { from: target.holdStatus, to: write.holdStatus, inspectionRequestId: row.id },
      });
    }
    if (write.notifications.length > 0) {
      await tx.insert(notifications).values(
        write.notifications.map((n) => ({ id: n.id, filerId: n.filerId, mrn: n.mrn, consignmentId: row.consignmentId, kind: n.kind, message: n.message, webhookStatus: n.webhook ? 'pending' : 'none' })),
      );
    }
    if (write.outbox.length > 0) {
      await tx.insert(outbox).values(outboxRows(write.outbox, input.httpRequestId ?? null));
    }
    if (write.outcomes.length > 0) {
      await tx.insert(inspectionOutcomes).values(write.outcomes.map((o) => ({ consignmentId: row.consignmentId, source: o.source, outcome: o.outcome, features: o.features })));
    }
    await tx.insert(auditLog).values(audit);
    return { status: 'recorded', write, previousHold: target.holdStatus };
  });
}

/**
 * Escalates requests nobody acknowledged within `olderThanMinutes`. One guarded UPDATE … RETURNING:
 * several sweeping instances each escalate a disjoint set (a row already escalated no longer matches).
 */
export async function escalateUnacknowledged(db: Db, input: { olderThanMinutes: number; actor: Actor }): Promise<InspectionRequestView[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(inspectionRequests)
      .set({ status: 'escalated', escalatedAt: sql`now()`, escalationReason: 'not_acknowledged' })
      .where(and(eq(inspectionRequests.status, 'requested'), lt(inspectionRequests.createdAt, sql`now() - make_interval(mins => ${input.olderThanMinutes})`)))
      .returning();
    if (rows.length > 0) {
      await tx.insert(auditLog).values(
        rows.map((row) => ({
          actorId: input.actor.id,
          actorName: input.actor.name,
          action: 'inspection_request.escalated',
          subjectType: 'inspection_request',
          subjectId: row.id,
          reason: `not acknowledged within ${input.olderThanMinutes} minutes`,
          details: { mrn: row.mrn, consignmentId: row.consignmentId, exportCountry: row.exportCountry },
        })),
      );
    }
    return rows.map(toView);
  });
}

/** Labelled outcomes recorded for a consignment (newest first): what the learning side reads. */
export async function listInspectionOutcomes(db: Db, consignmentId: string) {
  return db.select().from(inspectionOutcomes).where(eq(inspectionOutcomes.consignmentId, consignmentId)).orderBy(desc(inspectionOutcomes.id));
}

/** The audit trail of an inspection request and of its consignment's hold, oldest first. */
export async function listInspectionAudit(db: Db, input: { requestId: string; consignmentId: string }) {
  return db
    .select({ at: auditLog.at, actorName: auditLog.actorName, action: auditLog.action, subjectType: auditLog.subjectType, subjectId: auditLog.subjectId, reason: auditLog.reason, details: auditLog.details })
    .from(auditLog)
    .where(sql`(${auditLog.subjectType} = 'inspection_request' and ${auditLog.subjectId} = ${input.requestId}) or (${auditLog.subjectType} = 'consignment' and ${auditLog.subjectId} = ${input.consignmentId})`)
    .orderBy(asc(auditLog.id));
}
