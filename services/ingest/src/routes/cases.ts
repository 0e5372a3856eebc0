/**
 * The risk officer's API (and the console's backend): the queue of holds, a consignment's case file,
 * claims, hold actions with a mandatory reason, four-eyes approvals, the conveyance view, the audit
 * log and the SAFE performance measures. Every hold action is a lifecycle event (`@safe-screen/cases`)
 * applied by `applyCaseTransition`: the change, its messages and its audit entries in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { AppError, INSPECTION_METHODS, type Consignment, type Filing, type InspectionMethod } from '@safe-screen/domain';
import { loadingTimeOf, type Actor as CaseActor, type CaseEvent, type CaseState, type Effects, type TransitionEnv } from '@safe-screen/cases';
import {
  applyCaseAction, applyCaseTransition, claimCase, findApproval, findCaseFile, listActiveSanctionsEditions, listAudit, listConveyance, listPendingApprovals, loadCaseRecords, loadPerformance, pageQueue, QueueCursorError,
  type CaseFile, type Principal,
} from '@safe-screen/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { labelInspectionOutcome } from '@safe-screen/learning';
import { allowedActions, mayDecideApproval, type OfficerAction } from '../allowed-actions.js';
import { diffValues } from '../diff-versions.js';
import { planSanctionsDismissal } from '../plan-case-action.js';
import { dismissalFor, SanctionsIndexCache } from '../sanctions-dismissal.js';

const READERS = ['officer', 'supervisor', 'admin'] as const;
const ACTORS = ['officer', 'supervisor'] as const;

const REASON = { type: 'string', minLength: 3, maxLength: 2000 } as const;
const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } as const;

function actorOf(principal: Principal) {
  return { id: principal.id, name: principal.name };
}

/** The consignment as it stood in each filing version, and what changed from the version before. */
function describeVersions(file: CaseFile) {
  let previous: { consignment: Consignment | undefined; conveyance: Filing['conveyance'] } | undefined;
  return file.versions.map((v) => {
    const consignment = v.document.consignments.find((c) => c.sequence === file.sequence);
    const current = { consignment, conveyance: v.document.conveyance };
    const changes = previous === undefined ? [] : [
      ...diffValues(previous.conveyance, current.conveyance).map((c) => ({ ...c, path: `conveyance.${c.path}` })),
      ...diffValues(previous.consignment, current.consignment),
    ];
    previous = current;
    return { version: v.version, sha256: v.sha256, receivedAt: v.receivedAt.toISOString(), present: consignment !== undefined, changes };
  });
}

export async function caseRoutes(fastify: FastifyInstance): Promise<void> {
  const { database, archive, config } = fastify.deps;
  const sanctionsIndex = new SanctionsIndexCache();

  const env = (): TransitionEnv => ({ now: new Date().toISOString(), administrationCountry: config.administrationCountry, newId: randomUUID });
  const caseActor = (principal: Principal): CaseActor => (principal.role === 'supervisor' ? { kind: 'supervisor', id: principal.id } : { kind: 'officer', id: principal.id });

  /** The answer to an officer action: the action as the audit log names it, and the hold before and after. */
  const answer = (consignmentId: string, effects: Effects) => ({
    consignmentId,
    action: effects.audit.find((a) => a.action.startsWith('case.'))?.action ?? effects.audit[0]?.action ?? 'case.unchanged',
    holdStatus: effects.state.hold,
    previousHoldStatus: effects.previousHold,
    ...(effects.openApproval === undefined ? {} : { approval: { id: effects.openApproval.id, status: 'pending' } }),
    ...(effects.newRequest === undefined ? {} : { inspectionRequestId: effects.newRequest.id }),
  });

  /** Every officer action is one lifecycle event, applied with its effects in one transaction. */
  const act = async (request: FastifyRequest<{ Params: { id: string }; Body: { reason: string } }>, event: CaseEvent) => {
    const principal = request.principal!;
    const result = await applyCaseTransition(database.db, {
      consignmentId: request.params.id, event, actor: caseActor(principal), auditActor: actorOf(principal), reason: request.body.reason, httpRequestId: request.id, env: env(),
    });
    if (result.status === 'not_found') throw new AppError('CONSIGNMENT_NOT_FOUND', `no consignment ${request.params.id}`);
    const body = answer(request.params.id, result.effects);
    request.log.info({ consignmentId: request.params.id, action: body.action }, 'case action');
    return body;
  };

  /** What the principal may do to each consignment now, by dry runs of the lifecycle (allowed-actions.ts). */
  const actionsFor = async (principal: Principal, consignmentIds: string[]) => {
    const out = new Map<string, { actions: OfficerAction[]; state: CaseState }>();
    if (consignmentIds.length === 0) return out;
    const mayAct = principal.role === 'officer' || principal.role === 'supervisor';
    for (const record of await loadCaseRecords(database.db, { consignmentIds }, { lock: false })) {
      out.set(record.state.consignmentId, { actions: mayAct ? allowedActions(record.state, caseActor(principal), env()) : [], state: record.state });
    }
    return out;
  };

  fastify.get<{ Querystring: { lane?: string; outcome?: string; holdStatus?: string; port?: string; conveyance?: string; exportCountry?: string; rule?: string; assigned?: string; q?: string; after?: string; before?: string; limit?: number } }>('/v1/cases', {
    preHandler: fastify.auth.require(...READERS),
    schema: {
      summary: 'The queue of holds, nearest loading first, then highest score; one page per call, with cursors to the next and previous pages',
      tags: ['cases'],
      querystring: {
        type: 'object',
        properties: {
          lane: { type: 'string', enum: ['green', 'yellow', 'red'] },
          outcome: { type: 'string', maxLength: 40 },
          holdStatus: { type: 'string', enum: ['open', 'held', 'inspection_requested', 'do_not_load'] },
          port: { type: 'string', maxLength: 5 },
          conveyance: { type: 'string', maxLength: 60 },
          exportCountry: { type: 'string', minLength: 2, maxLength: 2 },
          rule: { type: 'string', maxLength: 120 },
          assigned: { type: 'string', description: '`me`, `unassigned`, or a principal id', maxLength: 40 },
          q: { type: 'string', maxLength: 120, description: 'Search: MRN, LRN, transport document, container, party name, vessel IMO or name, conveyance reference' },
          after: { type: 'string', maxLength: 200, description: 'The `next` cursor of a page: the page after it' },
          before: { type: 'string', maxLength: 200, description: 'The `previous` cursor of a page: the page before it' },
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
        },
        additionalProperties: false,
      },
    },
  }, async (request) => {
    const q = request.query;
    const assigned = q.assigned === 'me' ? request.principal!.id : q.assigned;
    if (assigned !== undefined && assigned !== 'unassigned' && !/^[0-9a-f-]{36}$/i.test(assigned)) throw new AppError('REQUEST_INVALID', 'assigned must be me, unassigned or a principal id');
    if (q.after !== undefined && q.before !== undefined) throw new AppError('REQUEST_INVALID', 'give after or before, not both');
    let page;
    try {
      page = await pageQueue(database.db, {
        ...(q.lane === undefined ? {} : { lane: q.lane }),
        ...(q.outcome === undefined ? {} : { outcome: q.outcome }),
        ...(q.holdStatus === undefined ? {} : { holdStatus: q.holdStatus }),
        ...(q.port === undefined ? {} : { port: q.port.toUpperCase() }),
        ...(q.conveyance === undefined ? {} : { conveyanceRef: q.conveyance }),
        ...(q.exportCountry === undefined ? {} : { exportCountry: q.exportCountry.toUpperCase() }),
        ...(q.rule === undefined ? {} : { ruleId: q.rule }),
        ...(assigned === undefined ? {} : { assignedTo: assigned }),
        ...(q.q === undefined || q.q.trim() === '' ? {} : { search: q.q }),
        ...(q.after === undefined ? {} : { after: q.after }),
        ...(q.before === undefined ? {} : { before: q.before }),
        limit: q.limit ?? 50,
      });
    } catch (error) {
      if (error instanceof QueueCursorError) throw new AppError('REQUEST_INVALID', `${q.after === undefined ? 'before' : 'after'}: ${error.message}`);
      throw error;
    }
    const actions = await actionsFor(request.principal!, page.items.map((i) => i.consignmentId));
    return {
      total: page.total,
      totalIsLowerBound: page.totalIsLowerBound,
      truncated: page.truncated,
      next: page.next,
      previous: page.previous,
      items: page.items.map((i) => ({
        ...i,
        loadingAt: i.loadingAt?.toISOString() ?? null,
        // Kept for older clients: the deadline is loading, as the officer races against it.
        deadline: i.loadingAt?.toISOString() ?? null,
        allowedActions: actions.get(i.consignmentId)?.actions ?? [],
      })),
    };
  });

  fastify.get<{ Params: { id: string } }>('/v1/cases/:id', {
    preHandler: fastify.auth.require(...READERS),
    schema: { summary: "A consignment's case file: parties, goods, route, equipment, hits with evidence, versions, inspections, history", tags: ['cases'], params: ID_PARAMS },
  }, async (request) => {
    const file = await findCaseFile(database.db, request.params.id);
    if (file === undefined) throw new AppError('CONSIGNMENT_NOT_FOUND', `no consignment ${request.params.id}`);
    const latest = file.assessments[0]?.result;
    const hasSanctions = latest?.hits.some((h) => h.source === 'sanctions') === true;
    const index = hasSanctions ? sanctionsIndex.get(await listActiveSanctionsEditions(database.db)) : undefined;
    const dismissed = new Set(file.dismissedFingerprints);
    const allowed = (await actionsFor(request.principal!, [file.consignmentId])).get(file.consignmentId);
    const loadingAt = (allowed?.state === undefined ? null : loadingTimeOf(allowed.state)) ?? (file.expectedDepartureAt ?? file.expectedArrivalAt)?.toISOString() ?? null;
    const hits = (latest?.hits ?? []).map((hit) => {
      if (hit.source !== 'sanctions' || index === undefined) return hit;
      const [, source, ...rest] = hit.ruleId.split(':');
      const entry = index.entries.find((e) => e.source === source && e.id === rest.join(':'));
      let isDismissed = false;
      try {
        isDismissed = dismissed.has(dismissalFor(hit, file.content, file.header, index).fingerprint);
      } catch {
        isDismissed = false;
      }
      return {
        ...hit,
        dismissed: isDismissed,
        ...(entry === undefined ? {} : { listEntry: { source: entry.source, id: entry.id, edition: entry.edition, type: entry.type, primaryName: entry.primaryName, countries: entry.countries, birthDates: entry.birthDates, imo: entry.imo ?? null, programs: entry.programs } }),
      };
    });
    return {
      consignmentId: file.consignmentId,
      mrn: file.mrn,
      lrn: file.lrn,
      filingStatus: file.filingStatus,
      format: file.format,
      level: file.level,
      sequence: file.sequence,
      version: file.version,
      state: file.state,
      outcome: file.outcome,
      lane: file.lane,
      score: file.score,
      holdStatus: file.holdStatus,
      controlGroup: file.controlGroup,
      assignedTo: file.assignedTo,
      assignedToName: file.assignedToName,
      exportCountry: file.exportCountry,
      deadline: loadingAt,
      loadingAt,
      allowedActions: allowed?.actions ?? [],
      arrivedAt: file.arrivedAt?.toISOString() ?? null,
      conveyance: { ...file.header.conveyance, reference: file.conveyanceRef },
      filingParties: file.header.parties,
      consignment: file.content,
      summary: latest?.summary ?? null,
      assessedAt: latest?.assessedAt ?? null,
      ruleSetVersion: latest?.ruleSetVersion ?? null,
      requestedMethods: latest?.requestedMethods ?? [],
      hits,
      assessments: file.assessments.map((a) => ({ id: a.id, filingVersion: a.filingVersion, at: a.createdAt.toISOString(), outcome: a.result.outcome, lane: a.result.lane, score: a.result.score, summary: a.result.summary })),
      versions: describeVersions(file),
      raw: { sha256: file.sha256, receivedAt: file.receivedAt.toISOString(), href: `/v1/cases/${file.consignmentId}/raw` },
      inspectionRequests: file.inspectionRequests,
      inspectionOutcomes: file.inspectionOutcomes,
      notifications: file.notifications,
      approvals: file.approvals,
      history: file.audit,
      fourEyes: file.holdStatus === 'do_not_load' || file.lane === 'red',
    };
  });

  fastify.get<{ Params: { id: string } }>('/v1/cases/:id/raw', {
    preHandler: fastify.auth.require(...READERS),
    schema: { summary: 'The raw filing as received (current version)', tags: ['cases'], params: ID_PARAMS },
  }, async (request, reply) => {
    const file = await findCaseFile(database.db, request.params.id);
    if (file === undefined) throw new AppError('CONSIGNMENT_NOT_FOUND', `no consignment ${request.params.id}`);
    const body = await archive.get(file.sha256);
    if (body === null) throw new AppError('ARCHIVE_OBJECT_MISSING', `the archived filing ${file.sha256} is missing`);
    return reply
      .header('content-type', 'application/xml')
      .header('content-disposition', `attachment; filename="${file.mrn}-v${file.version}.xml"`)
      .header('x-content-type-options', 'nosniff')
      .send(body);
  });

  const reasonBody = (extra: Record<string, unknown> = {}, required: string[] = []) => ({
    type: 'object',
    properties: { reason: REASON, ...extra },
    required: ['reason', ...required],
    additionalProperties: false,
  });

  for (const release of [false, true]) {
    fastify.post<{ Params: { id: string }; Body: { reason: string } }>(`/v1/cases/:id/${release ? 'unclaim' : 'claim'}`, {
      preHandler: fastify.auth.require(...ACTORS),
      schema: { summary: release ? 'Give a case back to the queue' : 'Claim a case', tags: ['cases'], params: ID_PARAMS, body: reasonBody() },
    }, async (request) => {
      const result = await claimCase(database.db, { consignmentId: request.params.id, actor: actorOf(request.principal!), reason: request.body.reason, release });
      if (result.status === 'not_found') throw new AppError('CONSIGNMENT_NOT_FOUND', `no consignment ${request.params.id}`);
      if (result.status === 'taken') throw new AppError('CASE_ALREADY_CLAIMED', 'another officer holds this case');
      return { consignmentId: request.params.id, assignedTo: release ? null : request.principal!.id };
    });
  }

  fastify.post<{ Params: { id: string }; Body: { reason: string } }>('/v1/cases/:id/release', {
    preHandler: fastify.auth.require(...ACTORS),
    schema: { summary: 'Release the hold (Do Not Load and red lane: opens a four-eyes approval instead)', tags: ['cases'], params: ID_PARAMS, body: reasonBody() },
  }, async (request, reply) => {
    const body = await act(request, { kind: 'release_requested' });
    return reply.status(body.approval === undefined ? 200 : 202).send(body);
  });

  fastify.post<{ Params: { id: string }; Body: { reason: string } }>('/v1/cases/:id/confirm-hold', {
    preHandler: fastify.auth.require(...ACTORS),
    schema: { summary: 'Confirm the hold', tags: ['cases'], params: ID_PARAMS, body: reasonBody() },
  }, async (request) => act(request, { kind: 'hold_confirmed' }));

  fastify.post<{ Params: { id: string }; Body: { reason: string; methods: string[] } }>('/v1/cases/:id/request-inspection', {
    preHandler: fastify.auth.require(...ACTORS),
    schema: {
      summary: 'Ask the export country for an outbound inspection',
      tags: ['cases'],
      params: ID_PARAMS,
      body: reasonBody({ methods: { type: 'array', minItems: 1, maxItems: 5, items: { type: 'string', enum: [...INSPECTION_METHODS] } } }, ['methods']),
    },
  }, async (request) => act(request, { kind: 'inspection_requested', methods: request.body.methods as InspectionMethod[] }));

  fastify.post<{ Params: { id: string }; Body: { reason: string } }>('/v1/cases/:id/do-not-load', {
    preHandler: fastify.auth.require(...ACTORS),
    schema: { summary: 'Issue Do Not Load', tags: ['cases'], params: ID_PARAMS, body: reasonBody() },
  }, async (request) => act(request, { kind: 'do_not_load_issued' }));

  fastify.post<{ Params: { id: string }; Body: { reason: string; question: string } }>('/v1/cases/:id/request-information', {
    preHandler: fastify.auth.require(...ACTORS),
    schema: { summary: 'Send a request for information to the filer', tags: ['cases'], params: ID_PARAMS, body: reasonBody({ question: { type: 'string', minLength: 3, maxLength: 2000 } }, ['question']) },
  }, async (request) => act(request, { kind: 'information_requested', question: request.body.question }));

  fastify.post<{ Params: { id: string }; Body: { reason: string; ruleId: string } }>('/v1/cases/:id/dismiss-sanctions', {
    preHandler: fastify.auth.require(...ACTORS),
    schema: { summary: 'Dismiss a sanctions match as a false positive', tags: ['cases'], params: ID_PARAMS, body: reasonBody({ ruleId: { type: 'string', minLength: 1, maxLength: 200 } }, ['ruleId']) },
  }, async (request) => {
    const file = await findCaseFile(database.db, request.params.id);
    if (file === undefined) throw new AppError('CONSIGNMENT_NOT_FOUND', `no consignment ${request.params.id}`);
    const hit = file.assessments[0]?.result.hits.find((h) => h.ruleId === request.body.ruleId);
    if (hit === undefined) throw new AppError('HIT_NOT_FOUND', `${request.body.ruleId} did not fire in the latest assessment`);
    const target = dismissalFor(hit, file.content, file.header, sanctionsIndex.get(await listActiveSanctionsEditions(database.db)));
    const principal = request.principal!;
    const result = await applyCaseAction(database.db, { consignmentId: request.params.id, actor: actorOf(principal), reason: request.body.reason, plan: () => planSanctionsDismissal(target), httpRequestId: request.id });
    if (result.status === 'not_found') throw new AppError('CONSIGNMENT_NOT_FOUND', `no consignment ${request.params.id}`);
    // The dismissed match no longer counts: re-assess at once through the lifecycle, which keeps the hold
    // until the new decision. An arrived or invalidated consignment is not re-assessed (the lifecycle refuses).
    let reassessment: 'queued' | 'not_live' = 'queued';
    try {
      await applyCaseTransition(database.db, {
        consignmentId: request.params.id,
        event: { kind: 'list_edition_rescreened' },
        actor: { kind: 'system', component: 'sanctions-dismissal' },
        auditActor: { id: null, name: 'system:sanctions-dismissal' },
        reason: `re-assessed after ${target.ruleId} was dismissed as a false positive`,
        httpRequestId: request.id,
        env: env(),
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'ACTION_NOT_ALLOWED') throw error;
      reassessment = 'not_live';
    }
    return { consignmentId: request.params.id, action: result.write.auditAction, holdStatus: result.holdStatus, previousHoldStatus: result.holdStatus, reassessment };
  });

  fastify.post<{ Params: { id: string }; Body: { reason: string; requestId: string; outcome: 'positive' | 'negative'; severity?: 'irregularity' | 'serious'; findings?: string } }>('/v1/cases/:id/inspection-result', {
    preHandler: fastify.auth.require(...ACTORS),
    schema: {
      summary: 'Record the result of an outbound inspection (e.g. reported by phone)',
      tags: ['cases'],
      params: ID_PARAMS,
      body: reasonBody({
        requestId: { type: 'string', format: 'uuid' },
        outcome: { type: 'string', enum: ['positive', 'negative'] },
        // How grave a positive find was (default irregularity); what the targeting model learns as its label.
        severity: { type: 'string', enum: ['irregularity', 'serious'] },
        findings: { type: 'string', maxLength: 2000 },
      }, ['requestId', 'outcome']),
    },
  }, async (request) => {
    const principal = request.principal!;
    const { requestId, outcome, findings, reason } = request.body;
    const finding = outcome === 'negative' ? 'no_finding' : request.body.severity === 'serious' ? 'serious_finding' : 'irregularity';
    // The officer's negative result is export customs' "no anomaly": the same next state.
    const reported = outcome === 'negative' ? 'no_anomaly' : request.body.severity === 'serious' ? 'seized' : 'anomaly_found';
    const result = await applyCaseTransition(database.db, {
      consignmentId: request.params.id,
      event: { kind: 'inspection_result', requestId, outcome: reported },
      actor: caseActor(principal),
      auditActor: actorOf(principal),
      reason,
      httpRequestId: request.id,
      env: env(),
      resultDetails: { outcome, finding, findings: findings ?? null, reason, recordedBy: principal.name, channel: 'officer' },
      // One labelled example per goods line, with the features scoring uses.
      labels: (record) => labelInspectionOutcome({ filing: record.header, consignment: record.consignment, finding, inspectedBy: 'officer', controlGroup: record.controlGroup })
        .map((label) => ({ source: label.source, outcome: label.outcome, features: { ...label.features } })),
    });
    if (result.status === 'not_found') throw new AppError('CONSIGNMENT_NOT_FOUND', `no consignment ${request.params.id}`);
    return { consignmentId: request.params.id, requestId, outcome, holdStatus: result.effects.state.hold };
  });

  fastify.get('/v1/approvals', {
    preHandler: fastify.auth.require(...READERS),
    schema: { summary: 'Four-eyes requests waiting for a second officer', tags: ['cases'] },
  }, async (request) => {
    const items = await listPendingApprovals(database.db);
    const states = await actionsFor(request.principal!, [...new Set(items.map((a) => a.consignmentId))]);
    const mayAct = request.principal!.role === 'officer' || request.principal!.role === 'supervisor';
    return {
      items: items.map((a) => {
        const state = states.get(a.consignmentId)?.state;
        // Four eyes: the requester may neither approve nor reject their own request.
        const mayDecide = mayAct && state !== undefined && mayDecideApproval(state, a.id, caseActor(request.principal!), env());
        return { ...a, allowedActions: mayDecide ? ['approve', 'reject'] : [] };
      }),
    };
  });

  for (const approve of [true, false]) {
    fastify.post<{ Params: { id: string }; Body: { reason: string } }>(`/v1/approvals/:id/${approve ? 'approve' : 'reject'}`, {
      preHandler: fastify.auth.require(...ACTORS),
      schema: { summary: approve ? 'Approve a four-eyes release (a different officer)' : 'Reject a four-eyes release', tags: ['cases'], params: ID_PARAMS, body: reasonBody() },
    }, async (request) => {
      const approval = await findApproval(database.db, request.params.id);
      if (approval === undefined) throw new AppError('APPROVAL_NOT_FOUND', `no approval ${request.params.id}`);
      const result = await applyCaseTransition(database.db, {
        consignmentId: approval.consignmentId,
        event: { kind: 'approval_decided', approvalId: approval.id, approve },
        actor: caseActor(request.principal!),
        auditActor: actorOf(request.principal!),
        reason: request.body.reason,
        httpRequestId: request.id,
        env: env(),
      });
      if (result.status === 'not_found') throw new AppError('CONSIGNMENT_NOT_FOUND', `no consignment ${approval.consignmentId}`);
      return { approvalId: approval.id, status: approve ? 'approved' : 'rejected', consignmentId: approval.consignmentId, holdStatus: result.effects.state.hold };
    });
  }

  fastify.get<{ Params: { ref: string } }>('/v1/conveyances/:ref', {
    preHandler: fastify.auth.require(...READERS),
    schema: { summary: 'Every consignment on a vessel call or flight', tags: ['cases'], params: { type: 'object', properties: { ref: { type: 'string', minLength: 1, maxLength: 60 } }, required: ['ref'] } },
  }, async (request) => {
    const rows = await listConveyance(database.db, request.params.ref);
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.holdStatus] = (counts[r.holdStatus] ?? 0) + 1;
    return { conveyanceRef: request.params.ref, counts, consignments: rows };
  });

  fastify.get<{ Querystring: { subject?: string; limit?: number } }>('/v1/audit', {
    preHandler: fastify.auth.require('supervisor', 'admin', 'officer'),
    schema: {
      summary: 'The append-only audit log, newest first',
      tags: ['cases'],
      querystring: { type: 'object', properties: { subject: { type: 'string', maxLength: 100 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } }, additionalProperties: false },
    },
  }, async (request) => ({ items: await listAudit(database.db, { ...(request.query.subject === undefined ? {} : { subjectId: request.query.subject }), limit: request.query.limit ?? 200 }) }));

  fastify.get<{ Querystring: { days?: number } }>('/v1/performance', {
    preHandler: fastify.auth.require(...READERS),
    schema: {
      summary: 'SAFE performance measures',
      tags: ['cases'],
      querystring: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 30 } }, additionalProperties: false },
    },
  }, async (request) => loadPerformance(database.db, { days: request.query.days ?? 30 }));
}
