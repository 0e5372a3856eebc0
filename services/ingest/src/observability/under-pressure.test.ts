import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { underPressurePlugin } from './under-pressure.js';

function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) { /* busy: this is the stress being measured */ }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('under-pressure load shedding', () => {
  const apps: ReturnType<typeof Fastify>[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });

  async function build(maxEventLoopDelayMs: number) {
    const app = Fastify();
    apps.push(app);
    await app.register(underPressurePlugin, { maxEventLoopDelayMs, sampleIntervalMs: 50, retryAfterSeconds: 7 });
    app.get('/v1/filings/:mrn', async () => ({ ok: true }));
    app.get('/healthz', async () => ({ status: 'ok' }));
    await app.ready();
    return app;
  }

  it('answers 503 OVERLOADED with Retry-After while the event loop lags, and keeps liveness up', async () => {
    const app = await build(30);
    await sleep(120);
    blockEventLoop(400);
    // Let the overdue sampling timer measure the lag; the next sample (50 ms on) would forget it.
    await sleep(15);
    const refused = await app.inject({ method: 'GET', url: '/v1/filings/X', headers: { 'x-request-id': 'r-1' } });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('7');
    expect(refused.json()).toMatchObject({ code: 'OVERLOADED', requestId: expect.any(String) });
    const live = await app.inject({ method: 'GET', url: '/healthz' });
    expect(live.statusCode).toBe(200);
  });

  it('serves normally when the loop is idle', async () => {
    const app = await build(1000);
    await sleep(120);
    expect((await app.inject({ method: 'GET', url: '/v1/filings/X' })).statusCode).toBe(200);
  });

  it('is off when the limit is 0', async () => {
    const app = await build(0);
    blockEventLoop(200);
    await sleep(60);
    expect((await app.inject({ method: 'GET', url: '/v1/filings/X' })).statusCode).toBe(200);
  });
});
