/**
 * The officer's case work: the queue of holds, one consignment's whole case file, claims, and
 * actions that do not touch customs control (a sanctions dismissal), each with its audit entry in
 * the same transaction. Hold actions are lifecycle events written by `applyCaseTransition`
 * (case-transition-repository.ts).
 */
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { QUEUE_HOLDS } from '@safe-screen/cases';
import type { Assessment, Consignment, Filing } from '@safe-screen/domain';
import type { AuditInput } from './audit-repository.js';
import type { Db } from './client.js';
import { latestAssessments } from './latest-assessments.js';
import type { Actor } from './inspection-repository.js';
import {
  assessments, auditLog, caseApprovals, consignments, filings, filingVersions, inspectionOutcomes, inspectionRequests, notifications, principals, sanctionsDismissals,
} from './schema.js';

export interface AuditEntry extends AuditInput {
  id: number;
  at: Date;
}

export interface CaseApproval {
  id: string;
  consignmentId: string;
  action: string;
  status: string;
  requestedBy: string;
  requestedByName: string;
  reason: string;
  decidedBy: string | null;
  decidedByName: string | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export interface CaseFile {
  consignmentId: string;
  filingId: string;
  mrn: string;
  lrn: string;
  filerId: string;
  filingStatus: string;
  format: string;
  level: string;
  transportMode: string;
  conveyanceRef: string | null;
  expectedDepartureAt: Date | null;
  expectedArrivalAt: Date | null;
  /** When the carrier notified arrival (a fact; it never changes the hold). */
  arrivedAt: Date | null;
  sequence: number;
  version: number;
  state: string;
  outcome: string | null;
  lane: string | null;
  score: number | null;
  holdStatus: string;
  controlGroup: boolean;
  assignedTo: string | null;
  assignedToName: string | null;
  exportCountry: string | null;
  content: Consignment;
  header: Filing;
  sha256: string;
  receivedAt: Date;
  assessments: { id: number; filingVersion: number; createdAt: Date; result: Assessment }[];
  versions: { version: number; sha256: string; receivedAt: Date; document: Filing }[];
  inspectionRequests: (typeof inspectionRequests.$inferSelect)[];
  inspectionOutcomes: (typeof inspectionOutcomes.$inferSelect)[];
  notifications: { id: string; kind: string; message: string; createdAt: Date }[];
  approvals: CaseApproval[];
  audit: AuditEntry[];
  dismissedFingerprints: string[];
}

/** Everything an officer reads about one consignment, or undefined when there is no such consignment. */
export async function findCaseFile(db: Db, consignmentId: string): Promise<CaseFile | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(consignmentId)) return undefined;
  const [row] = await db
    .select({ c: consignments, f: filings, v: { header: filingVersions.header, sha256: filingVersions.sha256, receivedAt: filingVersions.receivedAt }, assignee: principals.name })
    .from(consignments)
    .innerJoin(filings, eq(filings.id, consignments.filingId))
    .innerJoin(filingVersions, and(eq(filingVersions.filingId, filings.id), eq(filingVersions.version, filings.currentVersion)))
    .leftJoin(principals, eq(principals.id, consignments.assignedTo))
    .where(eq(consignments.id, consignmentId));
  if (row === undefined) return undefined;
  const [history, versions, requests, outcomes, notes, approvals] = await Promise.all([
    db.select({ id: assessments.id, filingVersion: assessments.filingVersion, createdAt: assessments.createdAt, result: assessments.result }).from(assessments).where(eq(assessments.consignmentId, consignmentId)).orderBy(desc(assessments.id)),
    db.select({ version: filingVersions.version, sha256: filingVersions.sha256, receivedAt: filingVersions.receivedAt, document: filingVersions.document }).from(filingVersions).where(eq(filingVersions.filingId, row.f.id)).orderBy(asc(filingVersions.version)),
    db.select().from(inspectionRequests).where(eq(inspectionRequests.consignmentId, consignmentId)).orderBy(asc(inspectionRequests.createdAt)),
    db.select().from(inspectionOutcomes).where(eq(inspectionOutcomes.consignmentId, consignmentId)).orderBy(asc(inspectionOutcomes.id)),
    db.select({ id: notifications.id, kind: notifications.kind, message: notifications.message, createdAt: notifications.createdAt }).from(notifications).where(eq(notifications.consignmentId, consignmentId)).orderBy(asc(notifications.createdAt)),
    db.select().from(caseApprovals).where(eq(caseApprovals.consignmentId, consignmentId)).orderBy(asc(caseApprovals.createdAt)),
  ]);
  const subjects = [consignmentId, ...requests.map((r) => r.id), ...approvals.map((a) => a.id)];
  const audit = await db
    .select()
    .from(auditLog)
    .where(or(and(eq(auditLog.subjectType, 'filing'), eq(auditLog.subjectId, row.f.mrn)), inArray(auditLog.subjectId, subjects)))
    .orderBy(asc(auditLog.id));
  const fingerprints = (history[0]?.result.hits ?? []).length === 0 ? [] : (await db.select({ fingerprint: sanctionsDismissals.fingerprint }).from(sanctionsDismissals)).map((d) => d.fingerprint);
  return {
    consignmentId: row.c.id,
    filingId: row.f.id,
    mrn: row.f.mrn,
    lrn: row.f.lrn,
    filerId: row.f.filerId,
    filingStatus: row.f.status,
    format: row.f.format,
    level: row.f.level,
    transportMode: row.f.transportMode,
    conveyanceRef: row.f.conveyanceRef,
    expectedDepartureAt: row.f.expectedDepartureAt,
    expectedArrivalAt: row.f.expectedArrivalAt,
    arrivedAt: row.f.arrivedAt,
    sequence: row.c.sequence,
    version: row.c.version,
    state: row.c.state,
    outcome: row.c.outcome,
    lane: row.c.lane,
    score: row.c.score,
    holdStatus: row.c.holdStatus,
    controlGroup: row.c.controlGroup,
    assignedTo: row.c.assignedTo,
    assignedToName: row.assignee,
    exportCountry: row.c.exportCountry,
    content: row.c.content,
    header: row.v.header,
    sha256: row.v.sha256,
    receivedAt: row.v.receivedAt,
    assessments: history,
    versions,
    inspectionRequests: requests,
    inspectionOutcomes: outcomes,
    notifications: notes,
    approvals,
    audit,
    dismissedFingerprints: fingerprints,
  };
}

/** Claims a case for an officer; refused (returns the current holder) when someone else holds it. */
export async function claimCase(db: Db, input: { consignmentId: string; actor: Actor & { id: string }; reason: string; release: boolean }): Promise<{ status: 'ok' | 'not_found' } | { status: 'taken'; holder: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ assignedTo: consignments.assignedTo }).from(consignments).where(eq(consignments.id, input.consignmentId)).for('update');
    if (row === undefined) return { status: 'not_found' as const };
    if (!input.release && row.assignedTo !== null && row.assignedTo !== input.actor.id) return { status: 'taken' as const, holder: row.assignedTo };
    if (input.release && row.assignedTo === null) return { status: 'ok' as const };
    await tx.update(consignments).set({ assignedTo: input.release ? null : input.actor.id }).where(eq(consignments.id, input.consignmentId));
    await tx.insert(auditLog).values({
      actorId: input.actor.id, actorName: input.actor.name, action: input.release ? 'case.unclaimed' : 'case.claimed',
      subjectType: 'consignment', subjectId: input.consignmentId, reason: input.reason, details: { previous: row.assignedTo },
    });
    return { status: 'ok' as const };
  });
}

/** What a case action plan sees: the consignment as it stands, under lock. */
export interface CaseActionContext {
  consignmentId: string;
  filerId: string;
  mrn: string;
  holdStatus: string;
}

/**
 * An officer action that does not touch customs control (a sanctions dismissal), written with its
 * audit entry. Holds, requests, approvals, notices and outbox rows are written only by
 * `applyCaseTransition` (case-transition-repository.ts), through the lifecycle package.
 */
export interface CaseActionWrite {
  /** The audit action name, e.g. `case.sanctions_match_dismissed`. */
  auditAction: string;
  auditDetails: Record<string, unknown>;
  dismissal?: { fingerprint: string; entryId: string; partyName: string };
}

export type CaseActionResult = { status: 'not_found' } | { status: 'done'; write: CaseActionWrite; holdStatus: string };

export async function applyCaseAction(
  db: Db,
  input: { consignmentId: string; actor: Actor; reason: string; plan: (context: CaseActionContext) => CaseActionWrite; httpRequestId?: string },
): Promise<CaseActionResult> {
  if (!/^[0-9a-f-]{36}$/i.test(input.consignmentId)) return { status: 'not_found' };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: consignments.id, holdStatus: consignments.holdStatus, filerId: filings.filerId, mrn: filings.mrn })
      .from(consignments)
      .innerJoin(filings, eq(filings.id, consignments.filingId))
      .where(eq(consignments.id, input.consignmentId))
      .for('update', { of: consignments });
    if (row === undefined) return { status: 'not_found' as const };
    const write = input.plan({ consignmentId: row.id, filerId: row.filerId, mrn: row.mrn, holdStatus: row.holdStatus });
    if (write.dismissal !== undefined) {
      await tx.insert(sanctionsDismissals).values({ ...write.dismissal, dismissedBy: input.actor.name, reason: input.reason }).onConflictDoNothing();
    }
    await tx.insert(auditLog).values({
      actorId: input.actor.id, actorName: input.actor.name, action: write.auditAction, subjectType: 'consignment', subjectId: row.id, reason: input.reason,
      details: { ...write.auditDetails, mrn: row.mrn },
    });
    return { status: 'done' as const, write, holdStatus: row.holdStatus };
  });
}

export async function listPendingApprovals(db: Db): Promise<(CaseApproval & { mrn: string; sequence: number; holdStatus: string; lane: string | null })[]> {
  const rows = await db
    .select({ a: caseApprovals, mrn: filings.mrn, sequence: consignments.sequence, holdStatus: consignments.holdStatus, lane: consignments.lane })
    .from(caseApprovals)
    .innerJoin(consignments, eq(consignments.id, caseApprovals.consignmentId))
    .innerJoin(filings, eq(filings.id, consignments.filingId))
    .where(eq(caseApprovals.status, 'pending'))
    .orderBy(asc(caseApprovals.createdAt));
  return rows.map((r) => ({ ...r.a, mrn: r.mrn, sequence: r.sequence, holdStatus: r.holdStatus, lane: r.lane }));
}

export async function findApproval(db: Db, id: string): Promise<CaseApproval | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(caseApprovals).where(eq(caseApprovals.id, id));
  return row;
}

/** Every consignment on one vessel call or flight, with its status. */
export async function listConveyance(db: Db, conveyanceRef: string) {
  return db
    .select({
      consignmentId: consignments.id, mrn: filings.mrn, sequence: consignments.sequence, transportDocumentNumber: consignments.transportDocumentNumber,
      transportMode: filings.transportMode, exportCountry: consignments.exportCountry, placeOfLoading: consignments.placeOfLoading,
      state: consignments.state, lane: consignments.lane, outcome: consignments.outcome, score: consignments.score, holdStatus: consignments.holdStatus,
      filingStatus: filings.status, expectedDepartureAt: filings.expectedDepartureAt, expectedArrivalAt: filings.expectedArrivalAt,
    })
    .from(consignments)
    .innerJoin(filings, eq(filings.id, consignments.filingId))
    .where(eq(filings.conveyanceRef, conveyanceRef))
    .orderBy(asc(filings.mrn), asc(consignments.sequence));
}

/** The audit log, newest first, optionally for one subject. */
export async function listAudit(db: Db, filter: { subjectId?: string; limit: number }): Promise<AuditEntry[]> {
  const query = db.select().from(auditLog);
  const rows = filter.subjectId === undefined ? query : query.where(eq(auditLog.subjectId, filter.subjectId));
  return rows.orderBy(desc(auditLog.id)).limit(filter.limit);
}
