/**
 * Starts a whole pipeline instance in this process for black-box tests: real PostgreSQL, S3Proxy and
 * Kafka (from infra/with-servers.sh), or the embedded defaults. Tests then talk to it over HTTP only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@safe-screen/config';
import { createServer, type Server } from '@safe-screen/ingest/server';
import { createTestDatabase, requireEnv, type TestDatabase } from '@safe-screen/testing';

export interface Pipeline {
  server: Server;
  baseUrl: string;
  keys: { filer: string; officer: string; admin: string; partner: string; supervisor: string };
  stop(): Promise<void>;
}

export async function startPipeline(mode: 'real' | 'embedded', extra: Record<string, string> = {}): Promise<Pipeline> {
  const dataDir = mkdtempSync(join(tmpdir(), 'safe-screen-e2e-'));
  let testDatabase: TestDatabase | undefined;
  const env: Record<string, string> = { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', WORKER_THREADS: '2', ASSESSMENT_POLL_MS: '50', RELAY_POLL_MS: '50', BOOTSTRAP_DEMO_KEYS: 'true', ...extra };
  if (mode === 'real') {
    testDatabase = await createTestDatabase('safe_e2e');
    Object.assign(env, {
      DATABASE_URL: testDatabase.url,
      MIGRATE_ON_START: 'true',
      S3_BUCKET: `e2e-${randomBytes(4).toString('hex')}`,
      S3_ENDPOINT: requireEnv('TEST_S3_ENDPOINT'),
      S3_ACCESS_KEY_ID: 'local',
      S3_SECRET_ACCESS_KEY: 'local-secret',
      KAFKA_BROKERS: requireEnv('TEST_KAFKA_BROKERS'),
    });
  }
  const server = await createServer(loadConfig(env));
  await server.start();
  const keys = server.demoKeys();
  if (keys === undefined) throw new Error('demo keys were not created');
  return {
    server,
    baseUrl: server.url(),
    keys,
    stop: async () => {
      await server.stop();
      await testDatabase?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function fileXml(pipeline: Pipeline, xml: string, key = pipeline.keys.filer): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${pipeline.baseUrl}/v1/filings`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml', authorization: `Bearer ${key}` },
    body: xml,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export interface FilingStatus {
  mrn: string;
  consignments: { id: string; sequence: number; state: string; outcome: string | null; lane: string | null; score: number | null; holdStatus: string; summary?: string }[];
}

/** Polls the filing until no consignment is pending, or fails after `timeoutMs`. */
export async function waitForDecisions(pipeline: Pipeline, mrn: string, timeoutMs = 60_000, key = pipeline.keys.officer): Promise<FilingStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${pipeline.baseUrl}/v1/filings/${mrn}`, { headers: { authorization: `Bearer ${key}` } });
    const body = (await response.json()) as FilingStatus;
    if (response.status === 200 && body.consignments.every((c) => c.state !== 'pending')) return body;
    if (Date.now() > until) throw new Error(`filing ${mrn} not assessed within ${timeoutMs} ms: ${JSON.stringify(body).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
