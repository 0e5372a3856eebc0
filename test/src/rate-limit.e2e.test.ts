/**
 * Rate limit per filer: past its burst a principal gets 429 RATE_LIMITED with Retry-After in our
 * error body, before its body is read; other principals and unauthenticated health checks are not
 * affected, and the allowance comes back at the configured rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from './pipeline-harness.js';

const BURST = 5;

describe('rate limit per principal', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    // 12 a minute: one token back every 5 s, so a slow machine (100 ms a request) cannot refill the burst mid-test.
    pipeline = await startPipeline('embedded', { RATE_LIMIT_PER_MINUTE: '12', RATE_LIMIT_BURST: String(BURST) });
  });
  afterAll(async () => pipeline?.stop());

  const get = (key: string | undefined, path = '/v1/filings/26GB0000000000SE1') =>
    fetch(`${pipeline.baseUrl}${path}`, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });

  it('answers 429 with Retry-After past the burst, for that filer only, and recovers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < BURST; i++) statuses.push((await get(pipeline.keys.filer)).status);
    expect(statuses).toEqual(Array.from({ length: BURST }, () => 404));

    const limited = await get(pipeline.keys.filer);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await limited.json()) as { code: string; requestId?: string };
    expect(body.code).toBe('RATE_LIMITED');
    expect(body.requestId).toBeDefined();

    // A large filing is refused the same way, without the service reading 8 MB first.
    const upload = await fetch(`${pipeline.baseUrl}/v1/filings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pipeline.keys.filer}`, 'content-type': 'application/xml' },
      body: `<AdvanceCargoDeclaration>${' '.repeat(8 * 1024 * 1024)}</AdvanceCargoDeclaration>`,
    });
    expect(upload.status).toBe(429);

    // Another principal and the unauthenticated probes keep their own allowance.
    expect((await get(pipeline.keys.officer)).status).toBe(404);
    expect((await get(undefined, '/healthz')).status).toBe(200);

    await new Promise((r) => setTimeout(r, 5100));
    expect((await get(pipeline.keys.filer)).status).toBe(404);
  });
});
