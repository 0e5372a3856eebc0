/**
 * Filers' entry points. A registration answer (the MRN) is given only after the raw body is in the
 * archive and the filing, its consignments and their assessment jobs are committed: the MRN means
 * the filing is durable. The archive comes before parsing, so even rejected bodies are kept, up to a
 * daily quota of rejected bytes per filer (REJECTED_ARCHIVE_BYTES_PER_DAY).
 */
import { AppError } from '@safe-screen/domain';
import type { ParseOutcome, ValidationIssue } from '@safe-screen/domain';
import { createHash, randomUUID } from 'node:crypto';
import { applyFilingTransition, findFilingByMrn, listNotificationsForFiling, recordRejectedSubmission, registerFiling, sumRejectedBytesSince, type FilingView, type Principal } from '@safe-screen/db';
import type { CaseEvent } from '@safe-screen/cases';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { partyKey, summariseContainers } from '@safe-screen/risk';
import { findFilingOwner } from '@safe-screen/db/filing-owner-repository';
import { canSeeFiling } from '../auth.js';
import { filerStatusOf, latestNoticeByConsignment } from '../filer-view.js';

const XML_TYPES = ['application/xml', 'text/xml'];

function sniffFormat(body: Buffer): string {
  const head = body.subarray(0, 2048).toString('latin1');
  const root = /<(?!\?|!)([A-Za-z_][\w.:-]*)/.exec(head)?.[1];
  return root ?? 'unknown';
}

function rejection(issues: ValidationIssue[]): AppError {
  const errors = issues.filter((i) => i.severity === 'error');
  const first = errors[0];
  // A document that could not be read at all keeps its specific code (400); a readable one that
  // fails the gate is FILING_REJECTED (422) with every issue listed.
  const unreadable = first !== undefined && errors.length === 1 && /^MANIFEST_/.test(first.code);
  const code = unreadable ? first.code : 'FILING_REJECTED';
  const message = unreadable ? first.message : `the filing has ${errors.length} error${errors.length === 1 ? '' : 's'}; see issues`;
  return new AppError(code, message, { issues });
}

/** A filer's parse waits at most this long for a worker (then 503 + Retry-After), so queue wait plus
 * the parse's own deadline stays within what load balancers allow a request. */
const QUEUE_WAIT_CAP_MS = 15_000;
const DAY_MS = 86_400_000;

/** The customs view of a filing: the decision per consignment with its evidence (detail=full). */
export function describeFiling(view: FilingView, options: { withContent?: boolean } = {}) {
  return {
    ...describeFilingHeader(view),
    consignments: view.consignments.map((c) => ({
      ...consignmentIdentity(c),
      state: c.state,
      outcome: c.outcome,
      lane: c.lane,
      score: c.score,
      holdStatus: c.holdStatus,
      ...(c.assessment === null ? {} : { assessedAt: c.assessment.assessedAt, summary: c.assessment.summary, ruleSetVersion: c.assessment.ruleSetVersion }),
      ...(options.withContent === true ? { content: c.content, assessment: c.assessment } : {}),
    })),
    // A container carrying several house consignments takes the strictest of their decisions.
    containers: summariseContainers(view.consignments.flatMap((c) => (c.assessment === null ? [] : [{ consignmentId: c.id, consignment: c.content, assessment: c.assessment }]))),
  };
}

/** The filer's view: its own data and what it has been told, never the risk analysis (see filer-view.ts). */
export function describeFilingForFiler(view: FilingView, notices: readonly { consignmentId: string | null; kind: string }[], options: { withContent?: boolean } = {}) {
  const latest = latestNoticeByConsignment(notices);
  return {
    ...describeFilingHeader(view),
    consignments: view.consignments.map((c) => ({
      ...consignmentIdentity(c),
      status: filerStatusOf(c, latest.get(c.id)),
      ...(options.withContent === true ? { content: c.content } : {}),
    })),
  };
}

function consignmentIdentity(c: FilingView['consignments'][number]) {
  return { id: c.id, sequence: c.sequence, transportDocumentNumber: c.transportDocumentNumber, masterDocumentNumber: c.masterDocumentNumber };
}

function describeFilingHeader(view: FilingView) {
  return {
    mrn: view.mrn,
    lrn: view.lrn,
    status: view.status,
    format: view.format,
    level: view.level,
    version: view.currentVersion,
    transportMode: view.transportMode,
    registeredAt: view.createdAt.toISOString(),
    arrivedAt: view.arrivedAt?.toISOString() ?? null,
    updatedAt: view.updatedAt.toISOString(),
    timing: view.timing,
    warnings: view.issues.filter((i) => i.severity === 'warning'),
  };
}

export async function filingRoutes(fastify: FastifyInstance): Promise<void> {
  const { config, archive, pool, database } = fastify.deps;

  fastify.addContentTypeParser(XML_TYPES, { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes }, (_request, body, done) => done(null, body));
  fastify.addContentTypeParser(/^application\/[\w.+-]+\+xml$/, { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes }, (_request, body, done) => done(null, body));

  const readBody = (request: FastifyRequest): Buffer => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!XML_TYPES.includes(type) && !/^application\/[\w.+-]+\+xml$/.test(type)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `filings are sent as application/xml, not "${type || 'no content type'}"`);
    }
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError('MANIFEST_EMPTY', 'the request body is empty');
    return body;
  };

  const parse = async (body: Buffer, receivedAt: Date): Promise<ParseOutcome & { timing?: { deadline?: string; late: boolean; hoursBeforeLoading?: number } }> =>
    pool.run('parse', { body, receivedAt: receivedAt.toISOString() }, { queueWaitMs: Math.min(config.workers.taskTimeoutMs, QUEUE_WAIT_CAP_MS) });

  fastify.post('/v1/filings', {
    preHandler: fastify.auth.require('filer'),
    bodyLimit: config.bodyLimitBytes,
    schema: {
      summary: 'File an advance cargo declaration (XML)',
      description: 'Archives the raw body, parses and validates it, registers it and queues each consignment for assessment. Re-sending the identical document returns the same MRN.',
      tags: ['filings'],
    },
  }, async (request, reply) => {
    const principal = request.principal!;
    const body = readBody(request);
    const receivedAt = new Date();
    const archiveBody = () => archive.put(body, { filerId: principal.id, receivedAt, format: sniffFormat(body), contentType: request.headers['content-type'] ?? '' });
    // Archive first, so even a refused body is kept as evidence; but only up to the filer's daily quota
    // of rejected bytes. Past it the body is parsed first and archived only if accepted.
    const rejectedToday = await sumRejectedBytesSince(database.db, principal.id, new Date(receivedAt.getTime() - DAY_MS));
    const withinQuota = rejectedToday + body.length <= config.rejectedArchiveBytesPerDay;
    const archivedFirst = withinQuota ? await archiveBody() : undefined;
    const outcome = await parse(body, receivedAt);
    if (!outcome.ok || outcome.issues.some((i) => i.severity === 'error')) {
      const issues = outcome.issues;
      if (archivedFirst === undefined) request.log.warn({ size: body.length, rejectedToday }, 'rejected body not archived: the filer is over its daily quota of rejected bytes');
      await recordRejectedSubmission(database.db, {
        principalId: principal.id, sha256: archivedFirst?.sha256 ?? createHash('sha256').update(body).digest('hex'), archiveKey: archivedFirst?.key ?? null, size: body.length,
        ...(outcome.ok ? { format: outcome.filing.format } : outcome.format === undefined ? {} : { format: outcome.format }),
        issues, receivedAt, requestId: request.id,
      });
      throw rejection(issues);
    }
    const stored = archivedFirst ?? (await archiveBody());
    const result = await registerFiling(database.db, {
      filerId: principal.filerId ?? principal.id,
      principalId: principal.id,
      filing: outcome.filing,
      sha256: stored.sha256,
      archiveKey: stored.key,
      size: body.length,
      issues: outcome.issues,
      timing: outcome.timing ?? { late: false },
      receivedAt,
      administrationCountry: config.administrationCountry,
      partyKeys: [...new Set([...outcome.filing.parties, ...outcome.filing.consignments.flatMap((c) => c.parties)].map((p) => partyKey(p)))],
      requestId: request.id,
    });
    fastify.deps.wakeAssessor();
    request.log.info({ mrn: result.mrn, result: result.result, consignments: result.consignmentIds.length }, 'filing registered');
    return reply.status(result.result === 'duplicate' ? 200 : 201).header('Location', `/v1/filings/${result.mrn}`).send({
      mrn: result.mrn,
      lrn: result.lrn,
      status: result.result,
      version: result.version,
      format: outcome.filing.format,
      consignments: result.consignmentIds.length,
      warnings: outcome.issues.filter((i) => i.severity === 'warning'),
      timing: outcome.timing ?? { late: false },
      sha256: stored.sha256,
    });
  });

  fastify.post('/v1/filings/validate', {
    preHandler: fastify.auth.require('filer', 'officer', 'supervisor', 'admin'),
    bodyLimit: config.bodyLimitBytes,
    schema: { summary: 'Run the whole document gate without registering anything', tags: ['filings'] },
  }, async (request, reply) => {
    const body = readBody(request);
    const outcome = await parse(body, new Date());
    const valid = outcome.ok && !outcome.issues.some((i) => i.severity === 'error');
    if (!valid) throw rejection(outcome.issues);
    return reply.send({ valid: true, format: outcome.ok ? outcome.filing.format : undefined, consignments: outcome.ok ? outcome.filing.consignments.length : 0, warnings: outcome.issues, issues: outcome.issues });
  });

  fastify.get<{ Params: { mrn: string }; Querystring: { detail?: string } }>('/v1/filings/:mrn', {
    preHandler: fastify.auth.require('filer', 'officer', 'supervisor', 'admin'),
    schema: {
      summary: "A filing's status and the decision per consignment",
      description: 'Customs roles see the decision per consignment (outcome, lane, score, hold; with `detail=full` the evidence) and per container. A filer sees its own filing and, per consignment, what it has been told: `status` under_assessment, incomplete, assessment_complete, request_for_information, screening_request or do_not_load; never scores, lanes, rule hits or an outbound inspection.',
      tags: ['filings'],
      params: { type: 'object', properties: { mrn: { type: 'string', minLength: 1, maxLength: 40 } }, required: ['mrn'] },
      querystring: { type: 'object', properties: { detail: { type: 'string', enum: ['full'] } } },
    },
  }, async (request) => {
    // Tenant check first, on the filings row alone: a foreign MRN is never loaded, and "absent" and
    // "someone else's" cost the same lookup and get the same answer (no probing by content or timing).
    const owner = await findFilingOwner(database.db, request.params.mrn.toUpperCase());
    if (owner === undefined || !canSeeFiling(request.principal!, owner)) {
      throw new AppError('FILING_NOT_FOUND', `no filing with MRN ${request.params.mrn}`);
    }
    const view = await findFilingByMrn(database.db, request.params.mrn.toUpperCase());
    if (view === undefined || !canSeeFiling(request.principal!, view.filerId)) {
      throw new AppError('FILING_NOT_FOUND', `no filing with MRN ${request.params.mrn}`);
    }
    const withContent = request.query.detail === 'full';
    if (request.principal!.role === 'filer') {
      return describeFilingForFiler(view, await listNotificationsForFiling(database.db, { mrn: view.mrn, filerId: view.filerId }), { withContent });
    }
    return describeFiling(view, { withContent });
  });

  /** A filer action is a lifecycle event on every consignment of the filing, all or none. */
  const filerAction = async (request: FastifyRequest, mrn: string, event: CaseEvent, reason?: string) => {
    const principal: Principal = request.principal!;
    const filerId = principal.filerId ?? principal.id;
    const result = await applyFilingTransition(database.db, {
      mrn: mrn.toUpperCase(), filerId, event, actor: { kind: 'filer', filerId }, auditActor: { id: principal.id, name: principal.name },
      ...(reason === undefined ? {} : { reason }), httpRequestId: request.id,
      env: { now: new Date().toISOString(), newId: randomUUID, administrationCountry: config.administrationCountry },
    });
    return { mrn: result.mrn, consignments: result.consignments.length };
  };

  fastify.post<{ Params: { mrn: string }; Body: { arrivedAt?: string } }>('/v1/filings/:mrn/arrival', {
    preHandler: fastify.auth.require('filer'),
    schema: {
      summary: 'Notify the arrival of the means of transport carrying this filing',
      description: 'Records the arrival (not before departure, not in the future: ARRIVAL_TIME_INVALID). Arrival never releases anything: consignments keep their hold, and officers see that they arrived. After arrival the filing can no longer be amended or invalidated.',
      tags: ['filings'],
      body: { type: 'object', properties: { arrivedAt: { type: 'string', format: 'date-time' } } },
    },
  }, async (request) => {
    const arrivedAt = request.body?.arrivedAt ?? new Date().toISOString();
    const result = await filerAction(request, request.params.mrn, { kind: 'arrival_notified', arrivedAt });
    return { ...result, arrivedAt: new Date(arrivedAt).toISOString() };
  });

  fastify.post<{ Params: { mrn: string }; Body: { reason: string } }>('/v1/filings/:mrn/invalidate', {
    preHandler: fastify.auth.require('filer'),
    schema: {
      summary: 'Invalidate a filing on the filer\'s request',
      description: 'Refused (FILING_INVALIDATION_REFUSED) when a consignment is under customs control (held, outbound inspection, Do Not Load) or has arrived: the control and any inspection request stay alive.',
      tags: ['filings'],
      body: { type: 'object', properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } }, required: ['reason'] },
    },
  }, async (request) => {
    const result = await filerAction(request, request.params.mrn, { kind: 'filing_invalidated', reason: request.body.reason }, request.body.reason);
    return { mrn: result.mrn };
  });
}
