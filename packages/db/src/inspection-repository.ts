/**
 * Outbound inspection requests after they were sent: export customs acknowledge them and report a
 * result, over Kafka or the partner HTTP API; both paths call these functions, so they behave alike.
 *
 * Acknowledgements and results are lifecycle events (`@safe-screen/cases`), written by
 * `applyCaseTransition` under a lock on the consignment: a repeated acknowledgement or result is
 * refused by the lifecycle and changes nothing. This file reads requests and escalates the ones
 * nobody acknowledged (a status change only; the hold is not touched).
 */
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { OPEN_REQUEST_STATUSES, REQUEST_STATUSES, inspectionDetails, type RequestStatus } from '@safe-screen/cases';
import type { Consignment, Filing } from '@safe-screen/domain';
import type { Db } from './client.js';
import { auditLog, consignments, filingVersions, inspectionOutcomes, inspectionRequests } from './schema.js';

/**
 * `withdrawn`: the requesting administration resolved the risk without the inspection (an officer
 * released the consignment) and told export customs so. A result that still comes is recorded.
 */
export const INSPECTION_REQUEST_STATUSES = REQUEST_STATUSES;
export type InspectionRequestStatus = RequestStatus;

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
  /** What an inspector needs (conveyance, seals, goods, parties), as in the Kafka message. */
  details: ReturnType<typeof inspectionDetails>;
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
  content: consignments.content,
  conveyance: sql<Filing['conveyance']>`${filingVersions.header}->'conveyance'`,
};

function toDetail(row: { request: typeof inspectionRequests.$inferSelect; transportDocumentNumber: string | null; placeOfLoading: string | null; containerNumbers: string[]; expectedLoadingAt: string | null; content: Consignment; conveyance: Filing['conveyance'] }): InspectionRequestDetail {
  return {
    ...toView(row.request), transportDocumentNumber: row.transportDocumentNumber, placeOfLoading: row.placeOfLoading, containerNumbers: row.containerNumbers, expectedLoadingAt: row.expectedLoadingAt,
    details: inspectionDetails(row.content, row.conveyance),
  };
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
  if (filter.open === true) conditions.push(inArray(inspectionRequests.status, [...OPEN_REQUEST_STATUSES]));
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
