/**
 * The service as a fastify plugin: it never listens (server.ts does). Infrastructure comes in
 * through `AppDeps`, already started; routes get what they need from it.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { RawArchive } from '@safe-screen/archive';
import type { Config } from '@safe-screen/config';
import type { Database } from '@safe-screen/db';
import { Authenticator } from './auth.js';
import { moveAuthToOnRequest } from './auth-before-body.js';
import { capErrorBody, setSecurityHeaders } from './response-hardening.js';
import { toHttpError } from './http-errors.js';
import { filingRoutes } from './routes/filings.js';
import { ruleSetRoutes } from './routes/rule-sets.js';
import { screeningRoutes } from './routes/screening.js';
import type { SnapshotVersions } from './risk-snapshot.js';
import { healthRoutes } from './routes/health.js';
import { inspectionRequestRoutes } from './routes/inspection-requests.js';
import { notificationRoutes } from './routes/notifications.js';
import { webhookKeyRoutes } from './routes/webhook-keys.js';
import { outboxRoutes } from './routes/outbox.js';
import { partnerRoutes } from './routes/partners.js';
import { adminRoutes } from './routes/admin.js';
import { caseRoutes } from './routes/cases.js';
import { consoleRoutes } from './routes/console.js';
import { sessionRoutes } from './routes/sessions.js';
import { targetingRoutes } from './routes/targeting.js';
import { licenceRoutes } from './routes/licences.js';
import { filerReplyRoutes } from './routes/filer-replies.js';
import { filerTrafficRoutes } from './routes/filer-traffic.js';
import type { TargetingTrainer } from './targeting-trainer.js';
import cookie from '@fastify/cookie';
import { rateLimitPlugin } from './rate-limit.js';
import type { WorkerPool } from './worker-pool.js';
import { documentErrorCatalog, metricsRoutes, underPressurePlugin, type ServiceMetrics } from './observability/index.js';

export interface AppDeps {
  config: Config;
  database: Database;
  archive: RawArchive;
  pool: WorkerPool;
  /** Wakes the assessor in this process after a registration (others poll). */
  wakeAssessor: () => void;
  /** Re-reads the active rule set, list editions and model; this instance switches at once. */
  refreshSnapshot?: () => Promise<boolean>;
  /** The versions this instance assesses with. */
  activeVersions?: () => SnapshotVersions;
  /** Extra readiness checks, e.g. Kafka when configured. */
  readinessChecks: Record<string, () => Promise<void>>;
  /** This instance's Prometheus metrics (server.ts feeds them from the assessor and relay hooks). */
  metrics: ServiceMetrics;
  /** Retrains the targeting model on demand (the schedule runs in the assessor role). */
  targetingTrainer: TargetingTrainer;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    auth: Authenticator;
  }
}

export const app: FastifyPluginAsync<AppDeps> = async (fastify: FastifyInstance, deps) => {
  fastify.decorate('deps', deps);
  fastify.decorate('auth', new Authenticator(deps.database.db));

  // Before any route is registered: role checks run on onRequest, ahead of the body (auth-before-body.ts).
  fastify.addHook('onRoute', moveAuthToOnRequest);
  fastify.addHook('onSend', setSecurityHeaders);

  fastify.setErrorHandler((error, request, reply) => {
    const mapped = capErrorBody(toHttpError(error));
    if (mapped.body.code === 'FILING_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit ?? deps.config.jsonBodyLimitBytes;
      mapped.body.message = `the body exceeds the limit of ${limit} bytes (${limit === deps.config.jsonBodyLimitBytes ? 'JSON_BODY_LIMIT_BYTES' : 'BODY_LIMIT_BYTES'})`;
    }
    if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: mapped.body.code }, 'request refused');
    if (mapped.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(mapped.retryAfterSeconds));
    return reply.status(mapped.status).send({ ...mapped.body, requestId: request.id });
  });
  fastify.setNotFoundHandler((request, reply) => reply.status(404).send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}`, requestId: request.id }));

  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SAFE Screen API',
        version: '1',
        description: 'Pre-arrival cargo screening: file advance cargo declarations, follow decisions, exchange outbound inspection requests. Errors are `{ code, message, issues?, requestId }`; see the error catalog in the README.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key issued by an administrator' } } },
      security: [{ apiKey: [] }],
    },
    transformObject: documentErrorCatalog,
  });
  // staticCSP: the documentation pages get a Content-Security-Policy with hashes of their own scripts.
  await fastify.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  await fastify.register(underPressurePlugin, { maxEventLoopDelayMs: deps.config.maxEventLoopDelayMs });
  await fastify.register(metricsRoutes, { metrics: deps.metrics, ...(deps.config.metricsToken === undefined ? {} : { token: deps.config.metricsToken }) });
  await fastify.register(cookie);
  await fastify.register(rateLimitPlugin, {
    ...(deps.config.rateLimit === undefined ? {} : { authenticated: deps.config.rateLimit }),
    ...(deps.config.unauthenticatedRateLimit === undefined ? {} : { unauthenticated: deps.config.unauthenticatedRateLimit }),
  });
  await fastify.register(healthRoutes);
  await fastify.register(sessionRoutes);
  await fastify.register(caseRoutes);
  await fastify.register(adminRoutes);
  await fastify.register(consoleRoutes);
  await fastify.register(filingRoutes);
  await fastify.register(ruleSetRoutes);
  await fastify.register(screeningRoutes);
  await fastify.register(licenceRoutes);
  await fastify.register(filerReplyRoutes);
  await fastify.register(filerTrafficRoutes);
  await fastify.register(partnerRoutes);
  await fastify.register(inspectionRequestRoutes);
  await fastify.register(notificationRoutes);
  await fastify.register(webhookKeyRoutes);
  await fastify.register(outboxRoutes);
  await fastify.register(targetingRoutes, { trainer: deps.targetingTrainer });
};
