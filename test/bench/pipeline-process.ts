/**
 * Starts the built service (services/ingest/dist/main.js) as a separate process, in one of two
 * configurations: "real" (a fresh PostgreSQL database, S3Proxy, Kafka, from infra/with-servers.sh)
 * or "embedded" (the defaults: PGlite and the local archive in DATA_DIR, no Kafka). The event-loop
 * probe is preloaded; peak RSS is read from /proc (VmHWM covers the worker threads: same process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, requireEnv, type TestDatabase } from '@safe-screen/testing';

export type PipelineMode = 'real' | 'embedded';

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface PipelineProcess {
  mode: PipelineMode;
  baseUrl: string;
  filerKey: string;
  /** Customs' view of filings (decisions and states); a filer sees only what it has been told. */
  officerKey: string;
  /** Only in the real configuration: the bench reads queue state with SQL. */
  databaseUrl?: string;
  pid: number;
  /** Event-loop delay since the last reset; `reset` starts a new window. */
  loopDelay(reset: boolean): Promise<LoopDelay>;
  peakRssBytes(): number;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'services/ingest/dist/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForReady(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the pipeline exited with code ${child.exitCode} while starting`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the pipeline was not ready within ${timeoutMs} ms`);
}

export async function startPipelineProcess(mode: PipelineMode, options: { workerThreads: number; extraEnv?: Record<string, string> }): Promise<PipelineProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx turbo run build --filter=@safe-screen/ingest)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'safe-screen-bench-'));
  const port = await freePort();
  let database: TestDatabase | undefined;
  // Only what the service reads: nothing of the bench's own environment leaks into the measured process.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    BOOTSTRAP_DEMO_KEYS: 'true',
    ADMINISTRATION_COUNTRY: 'NL',
    WORKER_THREADS: String(options.workerThreads),
    ...options.extraEnv,
  };
  if (mode === 'real') {
    database = await createTestDatabase('safe_bench');
    Object.assign(env, {
      DATABASE_URL: database.url,
      MIGRATE_ON_START: 'true',
      S3_BUCKET: `bench-${randomBytes(4).toString('hex')}`,
      S3_ENDPOINT: requireEnv('TEST_S3_ENDPOINT'),
      S3_ACCESS_KEY_ID: 'local',
      S3_SECRET_ACCESS_KEY: 'local-secret',
      KAFKA_BROKERS: requireEnv('TEST_KAFKA_BROKERS'),
    });
  }
  const nodeArgs = [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', fileURLToPath(new URL('./server-probe.mjs', import.meta.url)), MAIN];
  const child = spawn(process.execPath, nodeArgs, { cwd: dataDir, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // Last resort: if the bench itself dies, the measured process must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const baseUrl = `http://127.0.0.1:${port}`;
  const cleanup = async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(baseUrl, child, 180_000);
  } catch (error) {
    child.kill('SIGKILL');
    await cleanup();
    throw error;
  }
  const keys = JSON.parse(readFileSync(join(dataDir, 'demo-keys.json'), 'utf8')) as { filer: string; officer: string };
  return {
    mode,
    baseUrl,
    filerKey: keys.filer,
    officerKey: keys.officer,
    ...(database === undefined ? {} : { databaseUrl: database.url }),
    pid: child.pid!,
    loopDelay: (reset) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the event-loop probe did not answer')), 10_000);
        child.once('message', (message: LoopDelay) => {
          clearTimeout(timer);
          resolve(message);
        });
        child.send({ kind: 'loop', reset });
      }),
    peakRssBytes: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      return kb === undefined ? Number.NaN : Number(kb) * 1024;
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
        await exited;
        clearTimeout(timer);
      }
      await cleanup();
    },
  };
}
