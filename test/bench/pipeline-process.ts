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

/** CPU time so far in the service process (see server-probe.mjs), in nanoseconds. */
export interface ProcessCpu {
  workerNs: { parse: number; screen: number; assess: number };
  mainThreadNs: number;
  processNs: number;
}

export interface PipelineProcess {
  mode: PipelineMode;
  baseUrl: string;
  filerKey: string;
  /** Customs' view of filings (decisions and states); a filer sees only what it has been told. */
  officerKey: string;
  /** Only in the real configuration: the bench reads queue state with SQL. */
  databaseUrl?: string;
  /** Only in the real configuration: the archive bucket, for a second process on the same data. */
  bucket?: string;
  pid: number;
  cpu(): Promise<ProcessCpu>;
  /** Event-loop delay since the last reset; `reset` starts a new window. */
  loopDelay(reset: boolean): Promise<LoopDelay>;
  peakRssBytes(): number;
  /** `keepDatabase`: leave the fresh database for a process started with `reuse` (the caller drops it). */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
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

/**
 * `reuse` starts the process on an existing database and bucket (a second process of the same run,
 * e.g. with other ROLES); it is not dropped on stop. Demo keys exist only for a fresh database.
 */
export async function startPipelineProcess(
  mode: PipelineMode,
  options: { workerThreads: number; extraEnv?: Record<string, string>; reuse?: { databaseUrl: string; bucket: string } },
): Promise<PipelineProcess> {
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
    BOOTSTRAP_DEMO_KEYS: options.reuse === undefined ? 'true' : 'false',
    ADMINISTRATION_COUNTRY: 'NL',
    WORKER_THREADS: String(options.workerThreads),
    ...options.extraEnv,
  };
  const bucket = options.reuse?.bucket ?? `bench-${randomBytes(4).toString('hex')}`;
  if (mode === 'real') {
    if (options.reuse === undefined) database = await createTestDatabase('safe_bench');
    Object.assign(env, {
      DATABASE_URL: options.reuse?.databaseUrl ?? database?.url,
      MIGRATE_ON_START: 'true',
      S3_BUCKET: bucket,
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
  const cleanup = async (keepDatabase = false) => {
    if (!keepDatabase) await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(baseUrl, child, 180_000);
  } catch (error) {
    child.kill('SIGKILL');
    await cleanup();
    throw error;
  }
  const keysFile = join(dataDir, 'demo-keys.json');
  const keys = (existsSync(keysFile) ? JSON.parse(readFileSync(keysFile, 'utf8')) : { filer: '', officer: '' }) as { filer: string; officer: string };
  /** One question to the probe; answers are matched by kind (the loop and CPU questions share the channel). */
  const ask = <T>(question: { kind: string; reset?: boolean }): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: { kind?: string }) => {
        if (message?.kind !== question.kind) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message as T);
      };
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        reject(new Error(`the probe did not answer ${question.kind}`));
      }, 10_000);
      child.on('message', onMessage);
      child.send(question);
    });
  return {
    mode,
    baseUrl,
    filerKey: keys.filer,
    officerKey: keys.officer,
    ...(mode === 'real' ? { databaseUrl: options.reuse?.databaseUrl ?? database?.url, bucket } : {}),
    pid: child.pid!,
    cpu: () => ask<ProcessCpu>({ kind: 'cpu' }),
    loopDelay: (reset) => ask<LoopDelay>({ kind: 'loop', reset }),
    peakRssBytes: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      return kb === undefined ? Number.NaN : Number(kb) * 1024;
    },
    stop: async (stopOptions) => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
        await exited;
        clearTimeout(timer);
      }
      await cleanup(stopOptions?.keepDatabase === true);
    },
  };
}
