/**
 * The one place a consignment's customs control is written. Every writer (the decision writer,
 * officer actions, four-eyes approvals, export customs' acknowledgements and results, the filer's
 * arrival, amendment and invalidation, the deadline sweep) loads the consignment's state under a
 * row lock, asks the lifecycle package (`@safe-screen/cases`) for the transition, and applies its
 * effects here in the same transaction: hold, inspection requests, approvals, notices, typed
 * outbox rows and audit entries commit together or not at all. A refusal throws an AppError with
 * the lifecycle's stable code, so the transaction writes nothing.
 *
 * Locks are taken on consignments in id order (then on their requests), the order every writer
 * uses, so two transitions on overlapping consignments cannot deadlock.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  CONTROLLED_HOLDS, inspectionDetails, OPEN_REQUEST_STATUSES, stricterHold, type AssessmentDecision, type HoldStatus, parseAssessmentState, parseHoldStatus, parseNoticeKind, parseRequestStatus, transition,
  type Actor as CaseActor, type CaseEvent, type CaseState, type Effects, type InspectionOutcome, type OutboxMessage, type TransitionEnv,
} from '@safe-screen/cases';
import { AppError, type Consignment, type Filing, type TransportMode } from '@safe-screen/domain';
import type { Db } from './client.js';
import type { Actor } from './inspection-repository.js';
import {
  assessmentJobs, auditLog, caseApprovals, consignments, filings, filingVersions, inspectionOutcomes, inspectionRequests, notifications, outbox,
} from './schema.js';

/** A consignment's lifecycle state with what callers need beside it (the filing as filed). */
export interface CaseRecord {
  state: CaseState;
  filingId: string;
  level: string;
  consignment: Consignment;
  /** The filing header (no consignments) at the consignment's version. */
  header: Filing;
  controlGroup: boolean;
  masterDocumentNumber: string | null;
}

/** Normalised identifiers of the carrier parties a filing names (EORI or another trader id). */
export function carrierIdentifiers(header: Filing, consignment?: Consignment): string[] {
  const parties = [...header.parties, ...(consignment?.parties ?? [])];
  return [...new Set(parties.filter((p) => p.role === 'carrier' && p.identifier !== undefined).map((p) => p.identifier!.toUpperCase().replace(/\s/g, '')))];
}

/**
 * Multiple filing: a house part and a master part belong together only when their parties say so:
 * the same filer, or the house filing names as carrier (by identifier) the carrier the master
 * filing names. A matching document number from another tenant is never enough.
 */
export function partsBelongTogether(house: { filerId: string; carriers: readonly string[] }, master: { filerId: string; carriers: readonly string[] }): boolean {
  return house.filerId === master.filerId || house.carriers.some((c) => master.carriers.includes(c));
}

/** Masters (registered master or complete filings) a house part may link to, by master document number. */
export async function findMastersFor(db: Db, houses: { filerId: string; masterDocumentNumber: string; carriers: readonly string[] }[]): Promise<Map<string, { filerId: string }[]>> {
  const numbers = [...new Set(houses.map((h) => h.masterDocumentNumber))];
  const found = new Map<string, { filerId: string }[]>();
  if (numbers.length === 0) return found;
  const rows = await db
    .select({ number: consignments.transportDocumentNumber, filerId: filings.filerId, header: filingVersions.header, content: consignments.content })
    .from(consignments)
    .innerJoin(filings, eq(filings.id, consignments.filingId))
    .innerJoin(filingVersions, and(eq(filingVersions.filingId, filings.id), eq(filingVersions.version, consignments.version)))
    .where(and(inArray(consignments.transportDocumentNumber, numbers), inArray(filings.level, ['master', 'complete']), eq(filings.status, 'registered')));
  for (const house of houses) {
    const masters = rows
      .filter((r) => r.number === house.masterDocumentNumber && partsBelongTogether(house, { filerId: r.filerId, carriers: carrierIdentifiers(r.header, r.content) }))
      .map((r) => ({ filerId: r.filerId }));
    const key = `${house.filerId}|${house.masterDocumentNumber}`;
    found.set(key, [...(found.get(key) ?? []), ...masters]);
  }
  return found;
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/**
 * Loads the lifecycle state of consignments, locking their rows when `lock` (inside a transaction).
 * Select by consignment ids or by filing.
 */
export async function loadCaseRecords(db: Db, where: { consignmentIds: string[] } | { filingId: string }, options: { lock: boolean }): Promise<CaseRecord[]> {
  const condition = 'filingId' in where ? eq(consignments.filingId, where.filingId) : inArray(consignments.id, where.consignmentIds);
  if ('consignmentIds' in where && where.consignmentIds.length === 0) return [];
  const query = db
    .select({
      c: consignments,
      f: { id: filings.id, mrn: filings.mrn, filerId: filings.filerId, level: filings.level, status: filings.status, transportMode: filings.transportMode, expectedDepartureAt: filings.expectedDepartureAt, arrivedAt: filings.arrivedAt },
      header: filingVersions.header,
    })
    .from(consignments)
    .innerJoin(filings, eq(filings.id, consignments.filingId))
    .innerJoin(filingVersions, and(eq(filingVersions.filingId, consignments.filingId), eq(filingVersions.version, consignments.version)))
    .where(condition)
    .orderBy(asc(consignments.id));
  const rows = options.lock ? await query.for('update', { of: consignments }) : await query;
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.c.id);
  const [approvals, requests, notices, replies] = await Promise.all([
    db.select().from(caseApprovals).where(and(inArray(caseApprovals.consignmentId, ids), eq(caseApprovals.status, 'pending'))).orderBy(asc(caseApprovals.createdAt)),
    db.select().from(inspectionRequests).where(inArray(inspectionRequests.consignmentId, ids)).orderBy(asc(inspectionRequests.createdAt), asc(inspectionRequests.id)),
    db.select({ consignmentId: notifications.consignmentId, filerId: notifications.filerId, kind: notifications.kind, at: notifications.createdAt }).from(notifications).where(inArray(notifications.consignmentId, ids)).orderBy(asc(notifications.createdAt)),
    db.select({ consignmentId: auditLog.subjectId, action: auditLog.action, at: auditLog.at }).from(auditLog)
      .where(and(eq(auditLog.subjectType, 'consignment'), inArray(auditLog.subjectId, ids), inArray(auditLog.action, [...REPLY_ACTIONS])))
      .orderBy(asc(auditLog.id)),
  ]);
  const houses = rows.filter((r) => r.f.level === 'house' && r.c.masterDocumentNumber !== null)
    .map((r) => ({ filerId: r.f.filerId, masterDocumentNumber: r.c.masterDocumentNumber!, carriers: carrierIdentifiers(r.header, r.c.content) }));
  const masters = await findMastersFor(db, houses);
  return rows.map((r) => {
    const hold = parseHoldStatus(r.c.holdStatus, r.c.outcome);
    const lastNotice = notices.filter((n) => n.consignmentId === r.c.id && n.filerId === r.f.filerId).at(-1);
    const told = lastNotice?.kind;
    const reply = replies.filter((a) => a.consignmentId === r.c.id).at(-1);
    // Answered when the latest reply came after the latest notice and answers its kind.
    const answered = reply !== undefined && lastNotice !== undefined && reply.at >= lastNotice.at && REPLY_ACTIONS_TO_NOTICE[reply.action] === told ? (told as 'request_for_information' | 'screening_request') : null;
    const carrier = r.c.masterDocumentNumber === null ? undefined : masters.get(`${r.f.filerId}|${r.c.masterDocumentNumber}`)?.find((m) => m.filerId !== r.f.filerId);
    const conveyance = r.header.conveyance;
    const content = r.c.content;
    const state: CaseState = {
      consignmentId: r.c.id,
      mrn: r.f.mrn,
      filerId: r.f.filerId,
      loadingCarrierId: carrier?.filerId ?? null,
      transportMode: r.f.transportMode as TransportMode,
      hold,
      assessment: parseAssessmentState(r.c.state),
      lane: r.c.lane === 'green' || r.c.lane === 'yellow' || r.c.lane === 'red' ? r.c.lane : null,
      filing: r.f.status === 'invalidated' ? 'invalidated' : 'live',
      arrivedAt: iso(r.f.arrivedAt),
      expectedLoadingAt: conveyance.expectedLoadingAt ?? null,
      expectedDepartureAt: conveyance.expectedDepartureAt ?? iso(r.f.expectedDepartureAt),
      // Pending approvals never outlive a stricter hold (the transition cancels them), so each was asked at the current hold.
      approvals: approvals.filter((a) => a.consignmentId === r.c.id && a.action === 'release').map((a) => ({ id: a.id, action: 'release' as const, requestedBy: a.requestedBy, requestedAtHold: hold })),
      requests: requests.filter((q) => q.consignmentId === r.c.id).map((q) => ({
        id: q.id,
        exportCountry: q.exportCountry,
        status: parseRequestStatus(q.status),
        deadline: iso(q.deadline),
        acknowledged: q.acknowledgedAt !== null,
        lastOutcome: (q.result?.['outcome'] as InspectionOutcome | undefined) ?? null,
      })),
      told: parseNoticeKind(told),
      answered,
      lrn: r.header.lrn,
      masterDocumentNumber: r.c.masterDocumentNumber,
      cargo: {
        transportDocumentNumber: r.c.transportDocumentNumber,
        equipment: content.equipment.map((e) => e.containerNumber),
        containerised: content.containerised ?? null,
        placeOfLoading: { unlocode: content.placeOfLoading?.unlocode ?? null, country: content.placeOfLoading?.country ?? null, name: content.placeOfLoading?.name ?? null },
        exportCountry: r.c.exportCountry,
        details: inspectionDetails(content, conveyance),
      },
    };
    return { state, filingId: r.f.id, level: r.f.level, consignment: content, header: r.header, controlGroup: r.c.controlGroup, masterDocumentNumber: r.c.masterDocumentNumber };
  });
}

/** The audit actions of a filer's replies, and the notice each answers. */
const REPLY_ACTIONS_TO_NOTICE: Record<string, string> = { 'case.information_provided': 'request_for_information', 'case.screening_reported': 'screening_request' };
const REPLY_ACTIONS = Object.keys(REPLY_ACTIONS_TO_NOTICE);

export interface TransitionContext {
  /** Who, for the lifecycle's rules. */
  actor: CaseActor;
  /** Who, for the audit log. */
  auditActor: Actor;
  reason?: string;
  /** The HTTP request behind the change: tags outbox rows for log correlation. */
  httpRequestId?: string | null;
  env: TransitionEnv;
  /** What export customs or the officer reported, stored on the request with a result. */
  resultDetails?: Record<string, unknown>;
  /** Labelled examples for the targeting model from an inspected result (one per goods line). */
  labels?: (record: CaseRecord, label: NonNullable<Effects['label']>) => { source: string; outcome: string; features: Record<string, unknown> }[];
}

export function outboxRowsOf(messages: readonly OutboxMessage[], requestId: string | null) {
  return messages.map((m) => ({ topic: m.topic, messageKey: m.key, payload: m.payload as unknown as Record<string, unknown>, requestId }));
}

/** Writes a transition's effects (inside the caller's transaction). */
export async function applyEffects(tx: Db, record: CaseRecord, effects: Effects, context: TransitionContext): Promise<void> {
  const id = record.state.consignmentId;
  const after = effects.state;
  const now = new Date(context.env.now);
  if (after.hold !== effects.previousHold || after.lane !== record.state.lane) {
    await tx.update(consignments).set({ holdStatus: after.hold, updatedAt: sql`now()` }).where(eq(consignments.id, id));
  }
  if (effects.openApproval !== undefined) {
    await tx.insert(caseApprovals).values({
      id: effects.openApproval.id, consignmentId: id, action: effects.openApproval.action,
      requestedBy: context.auditActor.id ?? '00000000-0000-0000-0000-000000000000', requestedByName: context.auditActor.name, reason: context.reason ?? '',
    });
  }
  if (effects.decideApproval !== undefined) {
    await tx.update(caseApprovals)
      .set({ status: effects.decideApproval.status, decidedBy: context.auditActor.id, decidedByName: context.auditActor.name, decisionReason: context.reason ?? null, decidedAt: sql`now()` })
      .where(and(eq(caseApprovals.id, effects.decideApproval.id), eq(caseApprovals.status, 'pending')));
  }
  if (effects.cancelApprovals.length > 0) {
    await tx.update(caseApprovals).set({ status: 'cancelled', decidedAt: sql`now()`, decisionReason: 'superseded by a stricter hold or the end of the filing' })
      .where(and(inArray(caseApprovals.id, effects.cancelApprovals), eq(caseApprovals.status, 'pending')));
  }
  if (effects.newRequest !== undefined) {
    const r = effects.newRequest;
    await tx.insert(inspectionRequests).values({ id: r.id, consignmentId: id, mrn: after.mrn, exportCountry: r.exportCountry, methods: r.methods, reasons: r.reasons, deadline: new Date(r.deadline) });
  }
  for (const change of effects.requestChanges) {
    await tx.update(inspectionRequests).set({
      status: change.status,
      ...(change.acknowledged === true ? { acknowledgedAt: sql`coalesce(${inspectionRequests.acknowledgedAt}, ${now.toISOString()}::timestamptz)` } : {}),
      ...(change.outcome === undefined ? {} : { result: { ...(context.resultDetails ?? {}), outcome: change.outcome }, resultAt: now }),
      ...(change.escalationReason === undefined ? {} : { escalatedAt: sql`now()`, escalationReason: change.escalationReason }),
    }).where(and(eq(inspectionRequests.id, change.id), eq(inspectionRequests.consignmentId, id)));
  }
  if (effects.arrival !== undefined) {
    await tx.update(filings).set({ arrivedAt: new Date(effects.arrival.at), updatedAt: sql`now()` }).where(and(eq(filings.id, record.filingId), sql`${filings.arrivedAt} is null`));
  }
  if (effects.invalidation !== undefined) {
    await tx.update(filings).set({ status: 'invalidated', invalidatedAt: sql`now()`, invalidationReason: effects.invalidation.reason, updatedAt: sql`now()` })
      .where(and(eq(filings.id, record.filingId), eq(filings.status, 'registered')));
    await tx.update(assessmentJobs).set({ status: 'done', lastError: 'filing invalidated' }).where(and(eq(assessmentJobs.consignmentId, id), eq(assessmentJobs.status, 'pending')));
  }
  if (effects.reassess && record.state.filing === 'live' && effects.state.assessment !== 'pending') {
    await tx.insert(assessmentJobs).values({ consignmentId: id, filingVersion: (await currentVersion(tx, id)), requestId: context.httpRequestId ?? null });
  }
  if (effects.notices.length > 0) {
    await tx.insert(notifications).values(effects.notices.map((n) => ({ id: n.id, filerId: n.recipientId, mrn: n.mrn, consignmentId: id, kind: n.kind, message: n.message, webhookStatus: 'pending' })));
  }
  if (effects.outbox.length > 0) await tx.insert(outbox).values(outboxRowsOf(effects.outbox, context.httpRequestId ?? null));
  if (effects.label !== undefined && context.labels !== undefined) {
    const rows = context.labels(record, effects.label);
    if (rows.length > 0) await tx.insert(inspectionOutcomes).values(rows.map((o) => ({ consignmentId: id, source: o.source, outcome: o.outcome, features: o.features })));
  }
  if (effects.audit.length > 0) {
    await tx.insert(auditLog).values(effects.audit.map((a) => {
      const request = typeof a.details['inspectionRequestId'] === 'string' && a.action.startsWith('inspection_request.') ? (a.details['inspectionRequestId'] as string) : undefined;
      return {
        actorId: context.auditActor.id, actorName: context.auditActor.name, action: a.action,
        subjectType: request === undefined ? 'consignment' : 'inspection_request', subjectId: request ?? id,
        reason: context.reason ?? null,
        details: { ...a.details, mrn: after.mrn, consignmentId: id, from: effects.previousHold, to: after.hold },
      };
    }));
  }
}

async function currentVersion(tx: Db, consignmentId: string): Promise<number> {
  const [row] = await tx.select({ version: consignments.version }).from(consignments).where(eq(consignments.id, consignmentId));
  return row?.version ?? 1;
}

function refusalError(code: string, message: string, details: Record<string, unknown>): AppError {
  return new AppError(code, message, details);
}

export type TransitionOutcome = { status: 'not_found' } | { status: 'done'; record: CaseRecord; effects: Effects };

/**
 * Applies one event to one consignment in one transaction. Throws AppError with the lifecycle's
 * code when the transition is refused (nothing is written).
 */
export async function applyCaseTransition(db: Db, input: { consignmentId: string; event: CaseEvent | ((record: CaseRecord) => CaseEvent) } & TransitionContext): Promise<TransitionOutcome> {
  if (!/^[0-9a-f-]{36}$/i.test(input.consignmentId)) return { status: 'not_found' };
  return db.transaction(async (tx) => {
    const [record] = await loadCaseRecords(tx, { consignmentIds: [input.consignmentId] }, { lock: true });
    if (record === undefined) return { status: 'not_found' as const };
    const event = typeof input.event === 'function' ? input.event(record) : input.event;
    const result = transition(record.state, event, input.actor, input.env);
    if (!result.ok) throw refusalError(result.refusal.code, result.refusal.message, { consignmentId: record.state.consignmentId });
    await applyEffects(tx, record, result.effects, input);
    return { status: 'done' as const, record, effects: result.effects };
  });
}

/**
 * Applies one filer event (arrival, invalidation) to every consignment of a filing, all or none:
 * one refused consignment refuses the filing, with every refusal listed.
 */
export async function applyFilingTransition(db: Db, input: { mrn: string; filerId: string; event: CaseEvent } & TransitionContext): Promise<{ mrn: string; consignments: { id: string; sequence: number; effects: Effects }[] }> {
  return db.transaction(async (tx) => {
    const [filing] = await tx.select({ id: filings.id, filerId: filings.filerId, mrn: filings.mrn }).from(filings).where(eq(filings.mrn, input.mrn)).for('update');
    // The same answer for "absent" and "someone else's": no probing of others' MRNs.
    if (filing === undefined || filing.filerId !== input.filerId) throw new AppError('FILING_NOT_FOUND', `no filing with MRN ${input.mrn}`, { mrn: input.mrn });
    const records = await loadCaseRecords(tx, { filingId: filing.id }, { lock: true });
    const results = records.map((record) => ({ record, result: transition(record.state, input.event, input.actor, input.env) }));
    const refused = results.flatMap(({ record, result }) => (result.ok ? [] : [{ consignmentId: record.state.consignmentId, sequence: record.consignment.sequence, ...result.refusal }]));
    if (refused.length > 0) {
      const first = refused[0]!;
      throw refusalError(first.code, `filing ${filing.mrn}: ${refused.map((r) => `consignment ${r.sequence}: ${r.message}`).join('; ')}`, { mrn: filing.mrn, consignments: refused });
    }
    const done: { id: string; sequence: number; effects: Effects }[] = [];
    for (const { record, result } of results) {
      if (!result.ok) continue;
      await applyEffects(tx, record, result.effects, input);
      done.push({ id: record.state.consignmentId, sequence: record.consignment.sequence, effects: result.effects });
    }
    // A filing without consignments still records its own arrival or invalidation.
    if (records.length === 0 && input.event.kind === 'filing_invalidated') {
      await tx.update(filings).set({ status: 'invalidated', invalidatedAt: sql`now()`, invalidationReason: input.event.reason, updatedAt: sql`now()` }).where(eq(filings.id, filing.id));
    }
    return { mrn: filing.mrn, consignments: done };
  });
}

/** Consignments with an open inspection request whose deadline has passed (for the deadline sweep). */
export async function listConsignmentsWithOverdueRequests(db: Db, limit = 500): Promise<string[]> {
  const rows = await db
    .selectDistinct({ consignmentId: inspectionRequests.consignmentId })
    .from(inspectionRequests)
    .where(and(inArray(inspectionRequests.status, [...OPEN_REQUEST_STATUSES]), sql`${inspectionRequests.deadline} <= now()`))
    .limit(limit);
  return rows.map((r) => r.consignmentId);
}

/** A part of a multiple filing, as the completeness check sees it. */
export interface FilingPart {
  consignmentId: string;
  level: string;
  filerId: string;
  transportDocumentNumber: string | null;
  masterDocumentNumber: string | null;
  header: Filing;
  consignment: Consignment;
}

/**
 * Which parts of multiple filings have their counterpart: a house part its master, a master part at
 * least one house under it. Parts only count when they belong together (`partsBelongTogether`):
 * another tenant's filing of the same document number completes nothing.
 */
export async function findCompletedParts(db: Db, parts: readonly FilingPart[]): Promise<Set<string>> {
  const completed = new Set<string>();
  const houses = parts.filter((p) => p.level === 'house' && p.masterDocumentNumber !== null);
  const masters = await findMastersFor(db, houses.map((h) => ({ filerId: h.filerId, masterDocumentNumber: h.masterDocumentNumber!, carriers: carrierIdentifiers(h.header, h.consignment) })));
  for (const h of houses) if ((masters.get(`${h.filerId}|${h.masterDocumentNumber}`) ?? []).length > 0) completed.add(h.consignmentId);
  const masterParts = parts.filter((p) => p.level === 'master' && p.transportDocumentNumber !== null);
  const numbers = [...new Set(masterParts.map((m) => m.transportDocumentNumber!))];
  if (numbers.length > 0) {
    const rows = await db
      .select({ master: consignments.masterDocumentNumber, filerId: filings.filerId, header: filingVersions.header, content: consignments.content })
      .from(consignments)
      .innerJoin(filings, eq(filings.id, consignments.filingId))
      .innerJoin(filingVersions, and(eq(filingVersions.filingId, filings.id), eq(filingVersions.version, consignments.version)))
      .where(and(inArray(consignments.masterDocumentNumber, numbers), eq(filings.level, 'house'), eq(filings.status, 'registered')));
    for (const m of masterParts) {
      const self = { filerId: m.filerId, carriers: carrierIdentifiers(m.header, m.consignment) };
      if (rows.some((r) => r.master === m.transportDocumentNumber && partsBelongTogether({ filerId: r.filerId, carriers: carrierIdentifiers(r.header, r.content) }, self))) completed.add(m.consignmentId);
    }
  }
  return completed;
}

/** One decision of the risk engine, as the decision writer hands it to the lifecycle. */
export interface DecisionTransition {
  consignmentId: string;
  decision: AssessmentDecision;
  /** The HTTP request behind the filing, for log correlation of the messages the decision causes. */
  requestId: string | null;
  now: string;
  administrationCountry: string;
}

/**
 * The decision writer's side of the lifecycle, batched: the consignments are locked (id order),
 * each decision is an `assessment_decided` event from the policy, and the effects of the whole batch
 * are written with one statement per kind. A filing of a transport document the same filer already
 * has live under control inherits that control (never assessed afresh as clean). Runs inside the
 * caller's transaction, after the assessments are stored.
 */
export async function applyDecisionTransitions(tx: Db, decisions: readonly DecisionTransition[]): Promise<void> {
  if (decisions.length === 0) return;
  const ids = decisions.map((d) => d.consignmentId);
  const records = new Map((await loadCaseRecords(tx, { consignmentIds: ids }, { lock: true })).map((r) => [r.state.consignmentId, r]));
  const inherited = await controlsOfSameDocuments(tx, [...records.values()]);
  const holds: { id: string; h: string }[] = [];
  const requests: (typeof inspectionRequests.$inferInsert)[] = [];
  const notes: (typeof notifications.$inferInsert)[] = [];
  const rows: (typeof outbox.$inferInsert)[] = [];
  const audits: (typeof auditLog.$inferInsert)[] = [];
  const cancelled: string[] = [];
  for (const d of decisions) {
    const record = records.get(d.consignmentId);
    if (record === undefined) continue;
    const inheritedHold = inherited.get(d.consignmentId);
    const decision = inheritedHold === undefined ? d.decision : { ...d.decision, inheritedHold };
    const result = transition(record.state, { kind: 'assessment_decided', decision }, { kind: 'policy' }, { now: d.now, newId: randomUUID, administrationCountry: d.administrationCountry });
    // The policy's decision is never refused (see transition.ts); a refusal here is a bug.
    if (!result.ok) throw new Error(`decision for ${d.consignmentId} refused: ${result.refusal.code}`);
    const e = result.effects;
    const s = e.state;
    if (s.hold !== e.previousHold) holds.push({ id: s.consignmentId, h: s.hold });
    cancelled.push(...e.cancelApprovals);
    if (e.newRequest !== undefined) {
      const r = e.newRequest;
      requests.push({ id: r.id, consignmentId: s.consignmentId, mrn: s.mrn, exportCountry: r.exportCountry, methods: r.methods, reasons: r.reasons, deadline: new Date(r.deadline) });
    }
    for (const n of e.notices) notes.push({ id: n.id, filerId: n.recipientId, mrn: n.mrn, consignmentId: s.consignmentId, kind: n.kind, message: n.message, webhookStatus: 'pending' });
    rows.push(...outboxRowsOf(e.outbox, d.requestId));
    // Only decisions that changed something are audited: the assessment itself is stored beside.
    if (s.hold !== e.previousHold || e.newRequest !== undefined || inheritedHold !== undefined) {
      audits.push(...e.audit.map((a) => ({
        actorId: null, actorName: 'policy:assessment', action: a.action, subjectType: 'consignment', subjectId: s.consignmentId, reason: null,
        details: { ...a.details, mrn: s.mrn, from: e.previousHold, to: s.hold },
      })));
    }
  }
  if (holds.length > 0) {
    await tx.execute(sql`
      update ${consignments} as c set hold_status = i.h, updated_at = now()
      from (select (e->>'id')::uuid as id, e->>'h' as h from jsonb_array_elements(${JSON.stringify(holds)}::jsonb) as e) as i
      where c.id = i.id`);
  }
  if (cancelled.length > 0) {
    await tx.update(caseApprovals).set({ status: 'cancelled', decidedAt: sql`now()`, decisionReason: 'superseded by a stricter decision' })
      .where(and(inArray(caseApprovals.id, cancelled), eq(caseApprovals.status, 'pending')));
  }
  if (requests.length > 0) await tx.insert(inspectionRequests).values(requests);
  if (notes.length > 0) await tx.insert(notifications).values(notes);
  if (rows.length > 0) await tx.insert(outbox).values(rows);
  if (audits.length > 0) await tx.insert(auditLog).values(audits);
}

/**
 * For each consignment with a transport document, the strictest customs control on another live
 * consignment of the same filer with the same document number (the same cargo filed again).
 */
async function controlsOfSameDocuments(tx: Db, records: readonly CaseRecord[]): Promise<Map<string, HoldStatus>> {
  const found = new Map<string, HoldStatus>();
  const withDocument = records.filter((r) => r.state.cargo.transportDocumentNumber !== null);
  if (withDocument.length === 0) return found;
  const rows = await tx
    .select({ id: consignments.id, number: consignments.transportDocumentNumber, filerId: filings.filerId, hold: consignments.holdStatus, outcome: consignments.outcome })
    .from(consignments)
    .innerJoin(filings, eq(filings.id, consignments.filingId))
    .where(and(
      inArray(consignments.transportDocumentNumber, [...new Set(withDocument.map((r) => r.state.cargo.transportDocumentNumber!))]),
      inArray(filings.filerId, [...new Set(withDocument.map((r) => r.state.filerId))]),
      eq(filings.status, 'registered'),
      inArray(consignments.holdStatus, [...CONTROLLED_HOLDS]),
    ));
  for (const r of withDocument) {
    for (const other of rows) {
      if (other.id === r.state.consignmentId || other.number !== r.state.cargo.transportDocumentNumber || other.filerId !== r.state.filerId) continue;
      const hold = parseHoldStatus(other.hold, other.outcome);
      const current = found.get(r.state.consignmentId);
      found.set(r.state.consignmentId, current === undefined ? hold : stricterHold(current, hold));
    }
  }
  return found;
}
