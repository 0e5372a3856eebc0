/**
 * Operability seen from outside: the OpenAPI document is valid and documents every error code; the
 * metrics endpoint counts what a filing did; the request id of a registration appears in the log
 * lines of its parsing, registration and assessment; info-level logs carry no party names or keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@safe-screen/config';
import { ERROR_EXAMPLES, ERROR_STATUS } from '@safe-screen/ingest';
import { createServer, type Server } from '@safe-screen/ingest/server';
import { waitForDecisions, type Pipeline } from './pipeline-harness.js';
import { seaFiling } from './sample-filings.js';

describe('operability of one embedded instance', () => {
  const lines: Record<string, unknown>[] = [];
  let server: Server;
  let dataDir: string;
  let pipeline: Pipeline;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'safe-screen-ops-'));
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', WORKER_THREADS: '1', ASSESSMENT_POLL_MS: '50', RELAY_POLL_MS: '50', BOOTSTRAP_DEMO_KEYS: 'true' });
    server = await createServer(config, { logger: pino({ level: 'info', redact: { paths: ['req.headers.authorization'], censor: '[redacted]' } }, sink) });
    await server.start();
    const keys = server.demoKeys()!;
    pipeline = { server, baseUrl: server.url(), keys, stop: async () => {} };
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves a valid OpenAPI 3 document that lists every error code with an example', async () => {
    const response = await fetch(`${server.url()}/docs/json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Record<string, unknown> & { paths: Record<string, Record<string, { summary?: string; tags?: string[]; responses?: Record<string, unknown> }>> };
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    const catalog = document['x-error-codes'] as { code: string; status: number; example: { code: string; message: string } }[];
    expect(catalog.map((c) => c.code).sort()).toEqual(Object.keys(ERROR_STATUS).sort());
    for (const entry of catalog) {
      expect(entry.status).toBe(ERROR_STATUS[entry.code]);
      expect(ERROR_EXAMPLES[entry.code], `no example for ${entry.code}`).toBeTruthy();
      expect(entry.example.message).toBe(ERROR_EXAMPLES[entry.code]);
    }
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.summary, `${method} ${path} has no summary`).toBeTruthy();
        expect(operation.tags?.length, `${method} ${path} has no tags`).toBeGreaterThan(0);
        expect(Object.keys(operation.responses ?? {}).some((s) => s.startsWith('4')), `${method} ${path} documents no errors`).toBe(true);
      }
    }
  });

  it('follows a filing by its request id, counts it in the metrics, and keeps party names out of info logs', async () => {
    const requestId = `ops-${randomUUID()}`;
    const lrn = `OPS-${randomUUID().slice(0, 8)}`;
    const filed = await fetch(`${server.url()}/v1/filings`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${pipeline.keys.filer}`, 'x-request-id': requestId },
      body: seaFiling({ lrn, sanctioned: true }),
    });
    const body = (await filed.json()) as { mrn: string; consignments: number; format: string };
    expect(filed.status, JSON.stringify(body)).toBe(201);
    const status = await waitForDecisions(pipeline, body.mrn);
    const rejected = await fetch(`${server.url()}/v1/filings`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${pipeline.keys.filer}` },
      body: '<Unclosed>',
    });
    expect(rejected.status).toBe(400);

    const metrics = await (await fetch(`${server.url()}/metrics`)).text();
    expect(metrics).toContain(`safe_screen_filings_total{format="${body.format}",result="registered"} 1`);
    // The label comes from a closed set: a root we do not accept counts as "other", never as its own series.
    expect(metrics).toContain('safe_screen_filings_total{format="other",result="rejected"} 1');
    expect(metrics).toContain(`safe_screen_consignments_registered_total ${body.consignments}`);
    const dnl = status.consignments.filter((c) => c.outcome === 'do_not_load').length;
    expect(dnl).toBeGreaterThan(0);
    expect(metrics).toContain(`safe_screen_decisions_total{outcome="do_not_load"} ${dnl}`);
    expect(metrics).toMatch(/safe_screen_assessment_duration_seconds_count \d+/);
    expect(metrics).toMatch(/safe_screen_worker_threads 1/);
    expect(metrics).toMatch(/safe_screen_outbox_pending \d+/);
    expect(metrics).toMatch(/safe_screen_rule_set_active_info\{version="[^"]+"\} 1/);
    expect(metrics).toMatch(/safe_screen_sanctions_edition_info\{edition="UN:[^"]+"\} 1/);

    const ours = lines.filter((l) => l['reqId'] === requestId);
    expect(ours.map((l) => l['msg'])).toContain('filing registered');
    const assessed = ours.filter((l) => l['msg'] === 'consignment assessed');
    expect(assessed).toHaveLength(status.consignments.length);
    expect(assessed.every((l) => l['mrn'] === body.mrn)).toBe(true);

    const info = JSON.stringify(lines.filter((l) => (l['level'] as number) <= 30));
    expect(info).not.toContain('Korea Mining Development Trading Corporation');
    expect(info).not.toContain(pipeline.keys.filer);
  });
});
