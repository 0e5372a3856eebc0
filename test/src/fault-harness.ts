/**
 * Helpers for fault tests: the service as a child process (so it can be killed with SIGKILL and
 * restarted with the same settings), and private PostgreSQL and S3Proxy servers on their own ports
 * (so a test can stop them mid-load without touching the servers other tests share). Everything
 * listens on loopback and lives under a temporary directory removed at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SERVICE_MAIN = join(ROOT, 'services/ingest/dist/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, alive: () => boolean = () => true): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (!alive()) throw new Error(`${what}: the process exited`);
    if (Date.now() > until) throw new Error(`${what}: not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const answers = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(2000) })).status < 500;

export interface ServiceProcess {
  baseUrl: string;
  keys: { filer: string; officer: string; admin: string };
  /** Output of the current process, for diagnosing a failed test. */
  output(): string;
  kill9(): Promise<void>;
  /** Starts the service again with the same settings (after kill9). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs services/ingest/dist/main.js with exactly `env` (plus PATH), waits until /readyz answers 200. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  if (!existsSync(SERVICE_MAIN)) throw new Error(`${SERVICE_MAIN} is missing: npx turbo run build --filter=@safe-screen/ingest`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'safe-screen-fault-'));
  const fullEnv = { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: String(port), DATA_DIR: dataDir, BOOTSTRAP_DEMO_KEYS: 'true', ...env };
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';

  const launch = async () => {
    output = '';
    const started = spawn(process.execPath, [SERVICE_MAIN], { cwd: dataDir, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      // Kept on disk too, so a crash of the service can be read after the test.
      appendFileSync(join(tmpdir(), `safe-screen-service-${port}.log`), chunk);
    };
    started.stdout!.on('data', keep);
    started.stderr!.on('data', keep);
    await waitUntil('service', async () => (await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) })).status === 200, 120_000, () => started.exitCode === null && started.signalCode === null).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${output}`);
    });
  };
  const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => c.once('exit', () => resolve())));

  await launch();
  const keys = JSON.parse(readFileSync(join(dataDir, 'demo-keys.json'), 'utf8')) as ServiceProcess['keys'];
  return {
    baseUrl,
    keys,
    output: () => output,
    kill9: async () => {
      const c = child!;
      c.kill('SIGKILL');
      await exited(c);
    },
    restart: launch,
    stop: async () => {
      const c = child;
      if (c !== undefined && c.exitCode === null && c.signalCode === null) {
        c.kill('SIGTERM');
        const timer = setTimeout(() => c.kill('SIGKILL'), 30_000);
        await exited(c);
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function pgBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return `/usr/lib/postgresql/${versions[0]}/bin/${name}`;
}

/** Runs a PostgreSQL binary as the postgres user when we are root (initdb refuses to run as root). */
function runPg(args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const result = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' }) : spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
}

export interface PrivatePostgres {
  /** Admin URL (database "postgres"). */
  url: string;
  /** Stops the server like a crash: no checkpoint, connections cut. */
  crash(): void;
  start(): Promise<void>;
  destroy(): void;
}

/** A throwaway PostgreSQL cluster under /tmp on a free port, trust auth on loopback only. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'safe-screen-pg-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  if (process.getuid?.() === 0) {
    const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(pw.stdout), Number(gid.stdout));
    chownSync(data, Number(pw.stdout), Number(gid.stdout));
  }
  chmodSync(data, 0o700);
  runPg([pgBin('initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const start = async () => {
    runPg([pgBin('pg_ctl'), '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`]);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    crash: () => runPg([pgBin('pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']),
    start,
    destroy: () => {
      try {
        runPg([pgBin('pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivateS3 {
  endpoint: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** A private S3Proxy (the jar infra/s3proxy.sh fetched) on a free port, files under /tmp. */
export async function startPrivateS3(): Promise<PrivateS3> {
  const lib = join(ROOT, '.infra/s3proxy/lib');
  const jar = existsSync(lib) ? readdirSync(lib).find((f) => /^s3proxy-.*-jar-with-dependencies\.jar$/.test(f)) : undefined;
  if (jar === undefined) throw new Error(`no S3Proxy jar in ${lib}: run bash infra/s3proxy.sh fetch`);
  const dir = mkdtempSync(join(tmpdir(), 'safe-screen-s3-'));
  mkdirSync(join(dir, 'data'));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  writeFileSync(join(dir, 's3proxy.conf'), [`s3proxy.authorization=none`, `s3proxy.endpoint=${endpoint}`, 'jclouds.provider=filesystem', `jclouds.filesystem.basedir=${join(dir, 'data')}`, ''].join('\n'));
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn('java', ['-Xmx256m', '-Djava.awt.headless=true', '-cp', join(lib, jar), 'org.gaul.s3proxy.Main', '--properties', join(dir, 's3proxy.conf')], { stdio: 'ignore' });
    child = started;
    await waitUntil('S3Proxy', () => answers(endpoint), 60_000, () => started.exitCode === null);
  };
  const stop = async () => {
    const c = child;
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    endpoint,
    start,
    stop,
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
