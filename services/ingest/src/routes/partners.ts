/**
 * The partner API: export customs administrations without Kafka pull the outbound inspection
 * requests addressed to their country, acknowledge them and report results. Same validation (the
 * Kafka catalog's schemas), same repository functions and same consequences as the Kafka consumer.
 *
 * Scoping: every lookup carries the partner's country, so another country's request is simply not
 * found (404, never 403: a partner cannot even learn that an id exists).
 */
import { AppError } from '@safe-screen/domain';
import { findInspectionRequest, listInspectionRequests, type InspectionRequestDetail, type Principal } from '@safe-screen/db';
import { InspectionResponseSchema, type InspectionResponse } from '@safe-screen/kafka';
import { applyInspectionResponse } from '@safe-screen/relay';
import type { FastifyInstance } from 'fastify';

/** A request as export customs see it: the fields of the Kafka message, plus where it stands. */
export function describeInspectionRequest(request: InspectionRequestDetail, requestingCountry: string) {
  return {
    requestId: request.id,
    mrn: request.mrn,
    consignmentId: request.consignmentId,
    transportDocumentNumber: request.transportDocumentNumber,
    containerNumbers: request.containerNumbers,
    exportCountry: request.exportCountry,
    requestingCountry,
    placeOfLoading: request.placeOfLoading,
    expectedLoadingAt: request.expectedLoadingAt,
    deadline: request.deadline?.toISOString() ?? null,
    reasons: request.reasons,
    requestedMethods: request.methods,
    issuedAt: request.createdAt.toISOString(),
    status: request.status,
    acknowledgedAt: request.acknowledgedAt?.toISOString() ?? null,
    result: request.result,
    resultAt: request.resultAt?.toISOString() ?? null,
    ...request.details,
  };
}

const PARTNER_STATUSES = ['pending', 'requested', 'acknowledged', 'completed', 'escalated', 'withdrawn'] as const;
type PartnerStatus = (typeof PARTNER_STATUSES)[number];

const idParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['id'] } as const;

function partnerCountryOf(principal: Principal): string {
  if (principal.partnerCountry === null) throw new AppError('FORBIDDEN', 'this partner key is not bound to a country');
  return principal.partnerCountry;
}

function parseResponse(candidate: Record<string, unknown>): InspectionResponse {
  const parsed = InspectionResponseSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new AppError('REQUEST_INVALID', parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

export async function partnerRoutes(fastify: FastifyInstance): Promise<void> {
  const { database, config } = fastify.deps;
  const requirePartner = fastify.auth.require('partner');

  const answer = async (id: string, country: string) => {
    const request = await findInspectionRequest(database.db, id, { exportCountry: country });
    if (request === undefined) throw new AppError('INSPECTION_REQUEST_NOT_FOUND', `no inspection request ${id} for ${country}`);
    return describeInspectionRequest(request, config.administrationCountry);
  };

  fastify.get<{ Querystring: { status?: PartnerStatus; limit?: number } }>('/v1/partner/inspection-requests', {
    preHandler: requirePartner,
    schema: {
      summary: "Outbound inspection requests addressed to the partner's country",
      description: '`pending` (default) lists the requests still waiting for a result and not withdrawn, oldest first. Same fields as the Kafka message `safe-screen.inspection-requests.v1`; `withdrawn` lists those the requesting administration no longer needs (also published on `safe-screen.inspection-withdrawals.v1`).',
      tags: ['partner'],
      querystring: {
        type: 'object',
        properties: { status: { type: 'string', enum: [...PARTNER_STATUSES] }, limit: { type: 'integer', minimum: 1, maximum: 1000 } },
      },
    },
  }, async (request) => {
    const country = partnerCountryOf(request.principal!);
    const status = request.query.status ?? 'pending';
    const rows = await listInspectionRequests(database.db, {
      exportCountry: country,
      ...(status === 'pending' ? { open: true } : { status }),
      limit: request.query.limit ?? 100,
    });
    return { requests: rows.map((r) => describeInspectionRequest(r, config.administrationCountry)) };
  });

  fastify.get<{ Params: { id: string } }>('/v1/partner/inspection-requests/:id', {
    preHandler: requirePartner,
    schema: { summary: 'One inspection request addressed to the partner', tags: ['partner'], params: idParams },
  }, async (request) => answer(request.params.id, partnerCountryOf(request.principal!)));

  fastify.post<{ Params: { id: string }; Body: { acknowledgedAt?: string; officer?: string } | undefined }>('/v1/partner/inspection-requests/:id/acknowledge', {
    preHandler: requirePartner,
    // An acknowledgement needs no body: a bare POST must not fail the body schema.
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      summary: 'Acknowledge an inspection request',
      description: 'Idempotent: acknowledging again answers 200 with the request unchanged. A request the requesting administration has withdrawn answers 200 with outcome `withdrawn` and is not acknowledged.',
      tags: ['partner'],
      params: idParams,
      body: { type: 'object', properties: { acknowledgedAt: { type: 'string' }, officer: { type: 'string' } }, additionalProperties: false },
    },
  }, async (request) => {
    const principal = request.principal!;
    const country = partnerCountryOf(principal);
    const body = request.body ?? {};
    const response = parseResponse({
      schemaVersion: 1,
      type: 'acknowledged',
      requestId: request.params.id,
      exportCountry: country,
      acknowledgedAt: body.acknowledgedAt ?? new Date().toISOString(),
      ...(body.officer === undefined ? {} : { officer: body.officer }),
    });
    const outcome = await applyInspectionResponse(database.db, response, { actor: { id: principal.id, name: principal.name }, httpRequestId: request.id, administrationCountry: config.administrationCountry });
    if (outcome.status === 'not_found') throw new AppError('INSPECTION_REQUEST_NOT_FOUND', `no inspection request ${request.params.id} for ${country}`);
    return { outcome: outcome.status, request: await answer(request.params.id, country) };
  });

  fastify.post<{ Params: { id: string }; Body: { outcome: string; reason?: string; findings?: string; inspectedAt: string; reportedAt?: string } }>('/v1/partner/inspection-requests/:id/result', {
    preHandler: requirePartner,
    schema: {
      summary: 'Report the result of an outbound inspection',
      description: 'outcome: no_anomaly | anomaly_found | seized | not_inspected (with a reason). Sending the same outcome again answers 200 unchanged; a different outcome for an answered request is refused (409).',
      tags: ['partner'],
      params: idParams,
      body: {
        type: 'object',
        properties: {
          outcome: { type: 'string' },
          reason: { type: 'string' },
          findings: { type: 'string' },
          inspectedAt: { type: 'string' },
          reportedAt: { type: 'string' },
        },
        required: ['outcome', 'inspectedAt'],
        additionalProperties: false,
      },
    },
  }, async (request) => {
    const principal = request.principal!;
    const country = partnerCountryOf(principal);
    const response = parseResponse({ schemaVersion: 1, type: 'result', requestId: request.params.id, exportCountry: country, reportedAt: new Date().toISOString(), ...request.body });
    const outcome = await applyInspectionResponse(database.db, response, { actor: { id: principal.id, name: principal.name }, httpRequestId: request.id, administrationCountry: config.administrationCountry });
    if (outcome.status === 'not_found') throw new AppError('INSPECTION_REQUEST_NOT_FOUND', `no inspection request ${request.params.id} for ${country}`);
    if (outcome.status === 'invalid') throw new AppError(outcome.code, outcome.message, { requestId: request.params.id });
    const current = await answer(request.params.id, country);
    if (outcome.status === 'duplicate' && response.type === 'result' && current.result?.['outcome'] !== response.outcome) {
      throw new AppError('INSPECTION_ALREADY_ANSWERED', `request ${request.params.id} already has the result ${String(current.result?.['outcome'])}`);
    }
    return { outcome: outcome.status, request: current };
  });
}
