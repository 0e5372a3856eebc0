/**
 * A filer's own traffic (issue 17): `GET /v1/filings` with filters and keyset paging. The notice
 * feed is in notifications.ts; both use the cursors of packages/db `filer-traffic-repository.ts`.
 */
import { AppError } from '@safe-screen/domain';
import { decodeCursor, encodeCursor, listFilerFilings, type Cursor } from '@safe-screen/db/filer-traffic-repository';
import type { FastifyInstance } from 'fastify';

/** Reads a cursor parameter, with an error naming the parameter when it is not one of ours. */
export function cursorParam(name: string, text: string): Cursor {
  const cursor = decodeCursor(text);
  if (cursor === undefined) throw new AppError('REQUEST_INVALID', `${name}: not a cursor returned by this API`, { parameter: name });
  return cursor;
}

function dateParam(name: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new AppError('REQUEST_INVALID', `${name}: not a date-time`, { parameter: name });
  return at;
}

interface FilingsQuery { lrn?: string; status?: 'registered' | 'invalidated'; from?: string; to?: string; transportDocument?: string; cursor?: string; limit?: number }

export async function filerTrafficRoutes(fastify: FastifyInstance): Promise<void> {
  const { database } = fastify.deps;

  fastify.get<{ Querystring: FilingsQuery }>('/v1/filings', {
    preHandler: fastify.auth.require('filer'),
    schema: {
      summary: "The calling filer's filings, newest first, with filters and cursor paging",
      description: 'Filters: lrn, status (registered | invalidated), from / to (registration time, inclusive), transportDocument (a house or master transport document number of one of its consignments). Pass `nextCursor` back as `cursor` for the next page; it is null on the last page.',
      tags: ['filings'],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          lrn: { type: 'string', minLength: 1, maxLength: 70 },
          status: { type: 'string', enum: ['registered', 'invalidated'] },
          from: { type: 'string', format: 'date-time' },
          to: { type: 'string', format: 'date-time' },
          transportDocument: { type: 'string', minLength: 1, maxLength: 70 },
          cursor: { type: 'string', minLength: 1, maxLength: 200 },
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
        },
      },
    },
  }, async (request) => {
    const principal = request.principal!;
    const q = request.query;
    const from = dateParam('from', q.from);
    const to = dateParam('to', q.to);
    const page = await listFilerFilings(database.db, {
      filerId: principal.filerId ?? principal.id, limit: q.limit ?? 100,
      ...(q.lrn === undefined ? {} : { lrn: q.lrn }), ...(q.status === undefined ? {} : { status: q.status }),
      ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }),
      ...(q.transportDocument === undefined ? {} : { transportDocument: q.transportDocument }),
      ...(q.cursor === undefined ? {} : { before: cursorParam('cursor', q.cursor) }),
    });
    return {
      filings: page.items.map((f) => ({
        mrn: f.mrn, lrn: f.lrn, status: f.status, level: f.level, transportMode: f.transportMode, conveyanceRef: f.conveyanceRef,
        version: f.version, consignments: f.consignments, registeredAt: f.registeredAt.toISOString(), arrivedAt: f.arrivedAt?.toISOString() ?? null,
      })),
      nextCursor: page.next === null ? null : encodeCursor(page.next),
    };
  });
}
