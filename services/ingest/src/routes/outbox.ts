/**
 * The operator's side of the outbox: rows the relay gave up on (a message that failed its topic's
 * schema is marked failed, logged at error level and counted in `safe_screen_outbox_failed`) can be
 * listed and put back in the queue, as they are or corrected. A retried payload is validated against
 * the topic catalog first, so a retry can never publish what a partner could not parse.
 */
import { AppError } from '@safe-screen/domain';
import { listFailedOutbox, retryFailedOutbox } from '@safe-screen/db';
import { isTopicKey } from '@safe-screen/kafka';
import { parseTopicMessage } from '@safe-screen/kafka/topics';
import type { FastifyInstance } from 'fastify';

export async function outboxRoutes(fastify: FastifyInstance): Promise<void> {
  const { database } = fastify.deps;

  fastify.get<{ Querystring: { limit?: number } }>('/v1/outbox/failed', {
    preHandler: fastify.auth.require('admin'),
    schema: {
      summary: 'Outbox messages the relay gave up on, oldest first',
      tags: ['operations'],
      querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }, additionalProperties: false },
    },
  }, async (request) => ({ items: (await listFailedOutbox(database.db, request.query.limit ?? 100)).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) }));

  fastify.post<{ Params: { id: number }; Body: { payload?: Record<string, unknown> } | undefined }>('/v1/outbox/:id/retry', {
    preHandler: fastify.auth.require('admin'),
    schema: {
      summary: 'Put a failed outbox message back in the queue (optionally with a corrected payload)',
      tags: ['operations'],
      params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] },
      body: { type: 'object', properties: { payload: { type: 'object' } }, additionalProperties: false },
    },
  }, async (request) => {
    const [row] = (await listFailedOutbox(database.db, 1000)).filter((r) => r.id === request.params.id);
    if (row === undefined) throw new AppError('NOT_FOUND', `no failed outbox message ${request.params.id}`);
    const payload = request.body?.payload ?? row.payload;
    if (!isTopicKey(row.topic)) throw new AppError('REQUEST_INVALID', `outbox message ${row.id} names no topic of the catalog (${row.topic})`);
    try {
      parseTopicMessage(row.topic, payload);
    } catch (error) {
      throw new AppError('REQUEST_INVALID', `the message still fails its topic's schema: ${(error as { issues?: string[] }).issues?.join('; ') ?? String(error)}`);
    }
    await retryFailedOutbox(database.db, { id: row.id, ...(request.body?.payload === undefined ? {} : { payload }) });
    request.log.warn({ outboxId: row.id, topic: row.topic, corrected: request.body?.payload !== undefined }, 'failed outbox message requeued by an operator');
    return { id: row.id, status: 'pending' };
  });
}
