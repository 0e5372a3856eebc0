import type { FastifyInstance } from 'fastify';

/** Liveness answers while the process runs; readiness checks every dependency this instance uses. */
export async function healthRoutes(fastify: FastifyInstance): Promise<void> {
  const { database, archive, pool, readinessChecks } = fastify.deps;

  fastify.get('/healthz', { schema: { summary: 'Liveness', tags: ['health'] } }, async () => ({ status: 'ok' }));

  fastify.get('/readyz', { schema: { summary: 'Readiness: database, archive, Kafka (when configured), worker pool', tags: ['health'] } }, async (_request, reply) => {
    const checks: Record<string, () => Promise<void>> = {
      database: () => database.check(),
      archive: () => archive.check(),
      workers: async () => {
        if (pool.stats().threads === 0) throw new Error('no worker threads');
      },
      ...readinessChecks,
    };
    const results: Record<string, { ok: boolean; error?: string }> = {};
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 3000);
          results[name] = { ok: true };
        } catch (error) {
          results[name] = { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const ready = Object.values(results).every((r) => r.ok);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: results });
  });
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
