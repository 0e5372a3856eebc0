/**
 * Load shedding: when event-loop delay passes the configured limit the API answers 503 with
 * Retry-After and our error body, instead of queueing requests it cannot serve in time. Liveness
 * and metrics stay answered so an orchestrator does not restart a merely busy instance, and the
 * operator still sees why it is shedding.
 */
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface UnderPressureOptions {
  /** 0 disables shedding. */
  maxEventLoopDelayMs: number;
  /** How often the delay is sampled (default 1000 ms; tests sample faster). */
  sampleIntervalMs?: number;
  retryAfterSeconds?: number;
}

const ALWAYS_ANSWERED = new Set(['/healthz', '/metrics']);

async function registerUnderPressure(fastify: FastifyInstance, options: UnderPressureOptions): Promise<void> {
  if (options.maxEventLoopDelayMs <= 0) return;
  const retryAfter = options.retryAfterSeconds ?? 5;
  await fastify.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    sampleInterval: options.sampleIntervalMs ?? 1000,
    retryAfter,
    // Answer here; under-pressure then calls next() and fastify skips the route once a reply is sent.
    pressureHandler: (request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined): void => {
      if (ALWAYS_ANSWERED.has(request.routeOptions.url ?? '')) return;
      request.log.warn({ type, value }, 'shedding load');
      void reply.status(503).header('Retry-After', String(retryAfter)).send({ code: 'OVERLOADED', message: 'the service is overloaded; retry shortly', requestId: request.id });
    },
  });
}

export const underPressurePlugin = fp(registerUnderPressure, { name: 'safe-screen-under-pressure' });
