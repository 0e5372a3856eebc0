import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { metricsRoutes } from './metrics-routes.js';
import { ServiceMetrics } from './service-metrics.js';

const metrics = () =>
  new ServiceMetrics({
    workerStats: () => ({ threads: 2, queueSize: 0, utilization: 0 }),
    outboxBacklog: async () => ({ pending: 0, oldestAgeSeconds: 0 }),
    versions: () => ({ ruleSetVersion: 'test', sanctionsEditions: [] }),
  });

describe('GET /metrics', () => {
  const apps: ReturnType<typeof Fastify>[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });

  async function build(token?: string) {
    const app = Fastify();
    apps.push(app);
    await app.register(metricsRoutes, { metrics: metrics(), ...(token === undefined ? {} : { token }) });
    return app;
  }

  it('answers any scraper when no token is set', async () => {
    const app = await build();
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('safe_screen_worker_threads 2');
  });

  it('wants the metrics token as a bearer token when one is set', async () => {
    const token = 'a-long-enough-scrape-token';
    const app = await build(token);
    const missing = await app.inject({ method: 'GET', url: '/metrics' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.json()).toMatchObject({ code: 'AUTH_REQUIRED' });
    for (const wrong of [`Bearer ${token}x`, `Bearer ${token.slice(1)}`, token, 'Basic YWRtaW46YWRtaW4=']) {
      const refused = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: wrong } });
      expect(refused.statusCode, wrong).toBe(401);
      expect(refused.json()).toMatchObject({ code: 'AUTH_INVALID' });
      expect(refused.body).not.toContain('safe_screen_');
    }
    const scraped = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain('safe_screen_worker_threads 2');
  });
});
