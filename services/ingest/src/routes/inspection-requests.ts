/**
 * Officers' view of outbound inspection requests: what export customs answered, and what needs a
 * person (`escalated`: not acknowledged in time, or not inspected). Filers never see these (an
 * outbound inspection is customs-to-customs; telling the filer would tip it off).
 */
import { AppError } from '@safe-screen/domain';
import { findInspectionRequest, INSPECTION_REQUEST_STATUSES, listInspectionRequests, type InspectionRequestDetail, type InspectionRequestStatus } from '@safe-screen/db';
import type { FastifyInstance } from 'fastify';
import { describeInspectionRequest } from './partners.js';

function describeForOfficer(request: InspectionRequestDetail, requestingCountry: string) {
  return {
    ...describeInspectionRequest(request, requestingCountry),
    escalatedAt: request.escalatedAt?.toISOString() ?? null,
    escalationReason: request.escalationReason,
  };
}

export async function inspectionRequestRoutes(fastify: FastifyInstance): Promise<void> {
  const { database, config } = fastify.deps;
  const requireOfficer = fastify.auth.require('officer', 'supervisor', 'admin');

  fastify.get<{ Querystring: { status?: InspectionRequestStatus; mrn?: string; exportCountry?: string; limit?: number } }>('/v1/inspection-requests', {
    preHandler: requireOfficer,
    schema: {
      summary: 'Outbound inspection requests, e.g. the escalated ones that need an officer',
      tags: ['inspections'],
      querystring: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: [...INSPECTION_REQUEST_STATUSES] },
          mrn: { type: 'string', minLength: 1, maxLength: 40 },
          exportCountry: { type: 'string', pattern: '^[A-Z]{2}$' },
          limit: { type: 'integer', minimum: 1, maximum: 1000 },
        },
      },
    },
  }, async (request) => {
    const q = request.query;
    const rows = await listInspectionRequests(database.db, {
      ...(q.status === undefined ? {} : { status: q.status }),
      ...(q.mrn === undefined ? {} : { mrn: q.mrn.toUpperCase() }),
      ...(q.exportCountry === undefined ? {} : { exportCountry: q.exportCountry }),
      limit: q.limit ?? 100,
    });
    return { requests: rows.map((r) => describeForOfficer(r, config.administrationCountry)) };
  });

  fastify.get<{ Params: { id: string } }>('/v1/inspection-requests/:id', {
    preHandler: requireOfficer,
    schema: {
      summary: 'One outbound inspection request with its acknowledgement and result',
      tags: ['inspections'],
      params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['id'] },
    },
  }, async (request) => {
    const found = await findInspectionRequest(database.db, request.params.id);
    if (found === undefined) throw new AppError('INSPECTION_REQUEST_NOT_FOUND', `no inspection request ${request.params.id}`);
    return describeForOfficer(found, config.administrationCountry);
  });
}
