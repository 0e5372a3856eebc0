/**
 * GET /metrics (Prometheus text) and the hook that counts registration answers. Not behind an API
 * key (scrapers are not principals): it carries no personal data (labels are formats, outcomes and
 * versions). With METRICS_TOKEN set, a scraper must send it as a bearer token (Prometheus's
 * `authorization` scrape setting); without it, keep the path on an internal listener.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { FilingResult, ServiceMetrics } from './service-metrics.js';

export interface MetricsRoutesOptions {
  metrics: ServiceMetrics;
  token?: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

const FILING_RESULTS = new Set<string>(['registered', 'amended', 'duplicate']);

/**
 * The format a refused body attempted, from a closed set: its root element's local name when it is
 * one we accept, else "other". The label used to be the name itself, so a filer could create a new
 * time series per request (912 series from 912 requests).
 */
const KNOWN_ROOTS = new Set(['AdvanceCargoDeclaration', 'CC315A', 'CC313A', 'Waybill', 'HouseWaybill']);

export function rootElementOf(request: Pick<FastifyRequest, 'body'>): string {
  const body = request.body;
  if (!Buffer.isBuffer(body)) return 'unknown';
  const head = body.subarray(0, 2048).toString('latin1');
  const name = /<(?!\?|!)([A-Za-z_][\w.:-]{0,200})/.exec(head)?.[1];
  if (name === undefined) return 'unknown';
  const local = name.split(':').pop() ?? name;
  return KNOWN_ROOTS.has(local) ? local : 'other';
}

async function registerMetricsRoutes(fastify: FastifyInstance, { metrics, token }: MetricsRoutesOptions): Promise<void> {
  // Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first wrong byte.
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
  fastify.get('/metrics', {
    schema: { summary: 'Prometheus metrics of this instance (outbox backlog is global)', description: 'Needs `Authorization: Bearer <METRICS_TOKEN>` when the service sets METRICS_TOKEN.', tags: ['health'], security: [] },
  }, async (request, reply) => {
    if (expected !== undefined) {
      // Answered here, not thrown: the ops-only app (relay or assessor roles) has no API error handler.
      const sent = request.headers.authorization;
      if (sent === undefined || !timingSafeEqual(digest(sent), expected)) {
        return reply.status(401).header('www-authenticate', 'Bearer').send(
          sent === undefined ? { code: 'AUTH_REQUIRED', message: 'send the metrics token as a bearer token' } : { code: 'AUTH_INVALID', message: 'the metrics token is not valid' },
        );
      }
    }
    return reply.type(metrics.contentType).send(await metrics.render());
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/v1/filings') return payload;
    if (reply.statusCode === 200 || reply.statusCode === 201) {
      const answer = typeof payload === 'string' ? (JSON.parse(payload) as { status?: string; format?: string; consignments?: number }) : {};
      if (answer.status !== undefined && FILING_RESULTS.has(answer.status)) {
        metrics.recordFiling(answer.format ?? 'unknown', answer.status as FilingResult, answer.consignments ?? 0);
      }
    } else if (reply.statusCode === 400 || reply.statusCode === 422) {
      metrics.recordFiling(rootElementOf(request), 'rejected', 0);
    }
    return payload;
  });
}

export const metricsRoutes = fp(registerMetricsRoutes, { name: 'safe-screen-metrics' });
