/**
 * The filer's side of the loop (issue 17): answering a request for information and reporting a
 * screening performed for a screening request. Each is a lifecycle event (`information_provided`,
 * `screening_reported`) applied by `applyCaseTransition`: recorded in the case's audit trail (the
 * officer's case view shows it), never lifting control by itself. Documents travel as base64 in the
 * JSON body, are stored in the archive under their sha256, and are referenced by it.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '@safe-screen/domain';
import { SCREENING_METHODS, SCREENING_RESULTS, type CaseEvent, type InformationReply } from '@safe-screen/cases';
import { applyCaseTransition } from '@safe-screen/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } as const;

interface AttachmentInput { name: string; mediaType: string; contentBase64: string }
interface InformationBody { answers?: Record<string, string>; text?: string; attachments?: AttachmentInput[] }
interface ScreeningBody { methods: string[]; result: string; screener: { name: string; id?: string }; screenedAt: string; remarks?: string }

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export async function filerReplyRoutes(fastify: FastifyInstance): Promise<void> {
  const { database, archive, config } = fastify.deps;

  /** Applies a filer's event to one consignment; another filer's consignment reads as absent (no probing). */
  const reply = async (request: FastifyRequest<{ Params: { id: string } }>, event: CaseEvent) => {
    const principal = request.principal!;
    const filerId = principal.filerId ?? principal.id;
    const notFound = () => new AppError('CONSIGNMENT_NOT_FOUND', `no consignment ${request.params.id}`);
    try {
      const result = await applyCaseTransition(database.db, {
        consignmentId: request.params.id, event, actor: { kind: 'filer', filerId }, auditActor: { id: principal.id, name: principal.name }, httpRequestId: request.id,
        env: { now: new Date().toISOString(), newId: randomUUID, administrationCountry: config.administrationCountry },
      });
      if (result.status === 'not_found') throw notFound();
      return { consignmentId: request.params.id, mrn: result.effects.state.mrn, answered: result.effects.state.answered ?? null, recordedAt: new Date().toISOString() };
    } catch (error) {
      if (error instanceof AppError && error.code === 'ACTOR_NOT_ALLOWED') throw notFound();
      throw error;
    }
  };

  fastify.post<{ Params: { id: string }; Body: InformationBody }>('/v1/consignments/:id/information', {
    preHandler: fastify.auth.require('filer'),
    schema: {
      summary: 'Answer a request for information on one of your consignments',
      description: 'The fields asked for (name to value), free text, and documents (base64; stored in the archive and referenced by sha256). Recorded for the officer, who decides: the consignment stays under its current control. REPLY_NOT_EXPECTED (409) when no request for information is waiting.',
      tags: ['filings'],
      params: ID_PARAMS,
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          answers: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 2000 } },
          text: { type: 'string', maxLength: 8000 },
          attachments: {
            type: 'array', maxItems: 10,
            items: {
              type: 'object', additionalProperties: false, required: ['name', 'mediaType', 'contentBase64'],
              properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, mediaType: { type: 'string', minLength: 3, maxLength: 100 }, contentBase64: { type: 'string', minLength: 1 } },
            },
          },
        },
      },
    },
  }, async (request) => {
    const principal = request.principal!;
    const attachments: InformationReply['attachments'] = [];
    for (const [i, a] of (request.body.attachments ?? []).entries()) {
      if (!BASE64.test(a.contentBase64)) throw new AppError('REQUEST_INVALID', `attachments[${i}].contentBase64: not base64`);
      const stored = await archive.put(Buffer.from(a.contentBase64, 'base64'), { filerId: principal.filerId ?? principal.id, receivedAt: new Date(), format: 'attachment', contentType: a.mediaType });
      attachments.push({ sha256: stored.sha256, name: a.name, mediaType: a.mediaType });
    }
    const event: CaseEvent = { kind: 'information_provided', reply: { answers: request.body.answers ?? {}, text: request.body.text ?? '', attachments } };
    return { ...(await reply(request, event)), attachments };
  });

  fastify.post<{ Params: { id: string }; Body: ScreeningBody }>('/v1/consignments/:id/screening', {
    preHandler: fastify.auth.require('filer'),
    schema: {
      summary: 'Report the screening performed for a screening request',
      description: 'By the filer or the loading carrier told of the request. Methods, result, who screened and when (not in the future beyond 5 minutes of clock skew: SCREENING_REPORT_INVALID). Recorded for the officer, who decides: even a cleared screening lifts nothing by itself.',
      tags: ['filings'],
      params: ID_PARAMS,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['methods', 'result', 'screener', 'screenedAt'],
        properties: {
          methods: { type: 'array', minItems: 1, maxItems: SCREENING_METHODS.length, items: { type: 'string', enum: [...SCREENING_METHODS] } },
          result: { type: 'string', enum: [...SCREENING_RESULTS] },
          screener: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, id: { type: 'string', minLength: 1, maxLength: 70 } } },
          screenedAt: { type: 'string', format: 'date-time' },
          remarks: { type: 'string', maxLength: 2000 },
        },
      },
    },
  }, async (request) => {
    const b = request.body;
    const event: CaseEvent = {
      kind: 'screening_reported',
      report: {
        methods: b.methods as (typeof SCREENING_METHODS)[number][], result: b.result as (typeof SCREENING_RESULTS)[number],
        screener: { name: b.screener.name, ...(b.screener.id === undefined ? {} : { id: b.screener.id }) }, screenedAt: b.screenedAt,
        ...(b.remarks === undefined ? {} : { remarks: b.remarks }),
      },
    };
    return reply(request, event);
  });
}
