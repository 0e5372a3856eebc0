/**
 * The HTTP surface of an instance without the api role (relay- or assessor-only): liveness,
 * readiness (its database) and metrics, so an orchestrator can probe it and Prometheus scrape it.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '@safe-screen/db';
import { metricsRoutes } from './metrics-routes.js';
import type { ServiceMetrics } from './service-metrics.js';

export interface OpsAppOptions {
  metrics: ServiceMetrics;
  database: Database;
  metricsToken?: string;
}

export async function opsApp(fastify: FastifyInstance, { metrics, database, metricsToken }: OpsAppOptions): Promise<void> {
  await fastify.register(metricsRoutes, { metrics, ...(metricsToken === undefined ? {} : { token: metricsToken }) });
  fastify.get('/healthz', async () => ({ status: 'ok' }));
  fastify.get('/readyz', async (_request, reply) => {
    try {
      await database.check();
      return { status: 'ready', checks: { database: { ok: true } } };
    } catch (error) {
      return reply.status(503).send({ status: 'not_ready', checks: { database: { ok: false, error: error instanceof Error ? error.message : String(error) } } });
    }
  });
}
