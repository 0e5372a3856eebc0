/**
 * A Kafka broker of the test's own (same jars as infra/kafka.sh, other ports, a temporary data
 * directory), so fault tests can really stop and restart a broker without disturbing the shared
 * one other test runs use. Stopped with SIGTERM (controlled shutdown), by the pid this helper started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkKafka } from '@safe-screen/kafka';

const REPO = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const LIB = join(REPO, '.infra', 'kafka', 'lib');

export interface PrivateBroker {
  readonly brokers: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it if running and deletes its data. */
  destroy(): Promise<void>;
}

export function createPrivateBroker(port: number): PrivateBroker {
  const dir = mkdtempSync(join(tmpdir(), 'relay-broker-'));
  const conf = join(dir, 'server.properties');
  const base = readFileSync(join(REPO, 'infra', 'kafka', 'kraft.properties'), 'utf8')
    .replaceAll('19093', String(port + 1))
    .replaceAll('19092', String(port));
  writeFileSync(conf, `${base}\nlog.dirs=${join(dir, 'data')}\n`);
  const tool = (args: string[]) => {
    const run = spawnSync('java', ['-cp', `${LIB}/*`, 'kafka.tools.StorageTool', ...args], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`StorageTool ${args[0]} failed: ${run.stderr}`);
    return run.stdout.trim();
  };
  tool(['format', '-t', tool(['random-uuid']), '-c', conf, '--ignore-formatted']);
  let child: ChildProcess | undefined;
  const brokers = `127.0.0.1:${port}`;

  return {
    brokers,
    async start() {
      child = spawn('java', ['-Xms128m', '-Xmx384m', '-XX:+UseG1GC', `-Dlog4j2.configurationFile=${join(REPO, 'infra', 'kafka', 'log4j2.properties')}`, '-cp', `${LIB}/*`, 'kafka.Kafka', conf], {
        stdio: 'ignore',
      });
      const until = Date.now() + 90_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`private broker exited with ${child.exitCode}`);
        try {
          await checkKafka(brokers, 2000);
          return;
        } catch {
          if (Date.now() > until) throw new Error('private broker did not start within 90 s');
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    },
    async stop() {
      const running = child;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGTERM');
      const killer = setTimeout(() => running.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
      child = undefined;
    },
    async destroy() {
      await this.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
