/**
 * The piscina pool that runs parsing and risk assessment off the event loop. It is long-lived with
 * start()/stop(), bounded (a full queue is refused at once with WORKER_POOL_SATURATED so the API can
 * answer 503 with Retry-After instead of growing without bound), and each task has a deadline: a task
 * that hangs is aborted (piscina terminates the worker thread and starts a fresh one).
 *
 * The risk snapshot (rule set, sanctions index, policy) travels as workerData, so each worker builds
 * its matcher once per snapshot rather than per task. A new snapshot (rule set activated, list edition
 * loaded) replaces the pool: new tasks go to the new one while the old one drains.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { AppError } from '@safe-screen/domain';
import { InteractiveFirstQueue } from './interactive-first-queue.js';
import type { WorkerTasks } from './worker-tasks.js';

export interface WorkerPoolOptions {
  threads: number;
  queueMax: number;
  taskTimeoutMs: number;
  snapshot: unknown;
}

/**
 * Worker threads run compiled JavaScript: dist/worker.js beside this file when running from dist, or
 * the package's dist/ when this module itself is loaded from source (tests run sources; `turbo test`
 * builds first).
 */
const WORKER_FILE = [new URL('./worker.js', import.meta.url), new URL('../dist/worker.js', import.meta.url)]
  .map((url) => fileURLToPath(url))
  .find((path) => existsSync(path)) ?? fileURLToPath(new URL('./worker.js', import.meta.url));

function workerExecArgv(): string[] {
  const args: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i]!;
    if (arg === '--conditions' || arg === '-C') {
      i++;
      continue;
    }
    if (arg.startsWith('--conditions=') || arg.startsWith('-C=')) continue;
    args.push(arg);
  }
  return args;
}

export class WorkerPool {
  private pool: Piscina | undefined;
  private snapshot: unknown;
  private readonly retiring = new Set<Piscina>();

  constructor(private readonly options: WorkerPoolOptions) {
    this.snapshot = options.snapshot;
  }

  start(): void {
    this.pool = this.createPool(this.snapshot);
  }

  private createPool(snapshot: unknown): Piscina {
    const threads = Math.max(1, Math.min(this.options.threads, availableParallelism() * 2));
    return new Piscina({
      filename: WORKER_FILE,
      minThreads: threads,
      maxThreads: threads,
      maxQueue: this.options.queueMax,
      taskQueue: new InteractiveFirstQueue(),
      idleTimeout: 60_000,
      workerData: snapshot,
      recordTiming: true,
      // Workers load compiled dist/: drop a test runner's `--conditions source`, which would point
      // them at TypeScript sources they cannot run.
      execArgv: workerExecArgv(),
    });
  }

  /** Replaces the risk snapshot: tasks already running finish on the old pool. */
  async replaceSnapshot(snapshot: unknown): Promise<void> {
    const old = this.pool;
    this.snapshot = snapshot;
    this.pool = this.createPool(snapshot);
    if (old !== undefined) {
      this.retiring.add(old);
      await old.close();
      this.retiring.delete(old);
    }
  }

  async run<K extends keyof WorkerTasks>(name: K, input: Parameters<WorkerTasks[K]>[0], options: { timeoutMs?: number } = {}): Promise<Awaited<ReturnType<WorkerTasks[K]>>> {
    const pool = this.pool;
    if (pool === undefined) throw new AppError('SERVICE_STOPPING', 'the worker pool is not running');
    if (pool.queueSize >= this.options.queueMax) {
      throw new AppError('WORKER_POOL_SATURATED', 'the assessment workers are busy; retry shortly', { retryAfterSeconds: 2 });
    }
    try {
      return (await pool.run(input, { name, signal: AbortSignal.timeout(options.timeoutMs ?? this.options.taskTimeoutMs) })) as Awaited<ReturnType<WorkerTasks[K]>>;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.includes('queue is at limit')) {
        throw new AppError('WORKER_POOL_SATURATED', 'the assessment workers are busy; retry shortly', { retryAfterSeconds: 2 });
      }
      if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError' || message.includes('aborted'))) {
        throw new AppError('WORKER_TASK_TIMEOUT', `worker task ${name} did not finish in time`);
      }
      throw error;
    }
  }

  stats(): { threads: number; queueSize: number; utilization: number; completed: number } {
    const pool = this.pool;
    if (pool === undefined) return { threads: 0, queueSize: 0, utilization: 0, completed: 0 };
    return { threads: pool.threads.length, queueSize: pool.queueSize, utilization: pool.utilization, completed: pool.completed };
  }

  /** Waits for running and queued tasks, then ends the threads. */
  async stop(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await Promise.all([...(pool === undefined ? [] : [pool]), ...this.retiring].map((p) => p.close()));
  }
}
