/**
 * The piscina pool that runs parsing and risk assessment off the event loop. It is long-lived with
 * start()/stop(), bounded (a full queue is refused at once with WORKER_POOL_SATURATED so the API can
 * answer 503 with Retry-After instead of growing without bound), and each task has a deadline counted
 * from the moment a worker takes it: a task that hangs is aborted (piscina terminates the worker
 * thread and starts a fresh one).
 *
 * The risk snapshot (rule set, sanctions index, policy) travels as workerData, so each worker builds
 * its matcher once per snapshot rather than per task. A new snapshot (rule set activated, list edition
 * loaded) replaces the pool: new tasks go to the new one while the old one drains.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina, queueOptionsSymbol } from 'piscina';
import { AppError } from '@safe-screen/domain';
import type { WorkerTasks } from './worker-tasks.js';

export interface WorkerPoolOptions {
  threads: number;
  queueMax: number;
  taskTimeoutMs: number;
  snapshot: unknown;
  /** The worker module; the service's compiled worker.js unless a test brings its own. */
  workerFile?: string;
}

type LoadBalancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>;

/**
 * What a caller attaches to a task under piscina's `queueOptionsSymbol`: told when a worker takes the
 * task, which is when its deadline starts (see WorkerPool.run).
 */
interface DispatchOptions {
  onDispatch(): void;
}

/**
 * Piscina's own choice for one task per thread (the first idle worker), which also tells the task it
 * has been handed to a worker: every path a task takes to a thread (straight away, from the queue,
 * after a thread starts) goes through the balancer, and piscina posts the task as soon as it answers.
 */
const firstIdleWorker: LoadBalancer = (task, workers) => {
  const idle = workers.find((worker) => worker.currentUsage === 0) ?? null;
  if (idle !== null) (task[queueOptionsSymbol] as Partial<DispatchOptions> | null)?.onDispatch?.();
  return idle;
};

/** A catalog of worker tasks: name -> one input -> a result. */
type TaskCatalog<Tasks> = { [K in keyof Tasks]: (input: never) => unknown };

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

/** Task names (see worker-tasks.ts) that someone is waiting on synchronously: they go first. */
const INTERACTIVE: ReadonlySet<string> = new Set(['parse', 'screen']);

interface Waiting {
  name: string;
  input: object;
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  queueTimer?: NodeJS.Timeout;
}

export class WorkerPool<Tasks extends TaskCatalog<Tasks> = WorkerTasks> {
  private pool: Piscina | undefined;
  private snapshot: unknown;
  private readonly retiring = new Set<Piscina>();
  /**
   * The queue is ours, not piscina's: piscina puts every task that carries an abort signal (all of
   * ours: that is how deadlines work) on an internal first-in first-out list, so a custom task queue
   * never saw them and a filer's parse waited behind every queued assessment batch. Tasks go to
   * piscina only when a thread is free, filer-facing ones first.
   */
  private readonly interactive: Waiting[] = [];
  private readonly background: Waiting[] = [];
  private running = 0;
  private threads = 0;
  private idle: (() => void)[] = [];

  constructor(private readonly options: WorkerPoolOptions) {
    this.snapshot = options.snapshot;
  }

  start(): void {
    this.pool = this.createPool(this.snapshot);
  }

  private createPool(snapshot: unknown): Piscina {
    this.threads = Math.max(1, Math.min(this.options.threads, availableParallelism() * 2));
    return new Piscina({
      filename: this.options.workerFile ?? WORKER_FILE,
      minThreads: this.threads,
      maxThreads: this.threads,
      loadBalancer: firstIdleWorker,
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

  /**
   * Runs a task. Its deadline (`timeoutMs`, default the pool's) starts when a worker takes it, not
   * when it is queued: a task that waited behind others still gets its whole time, and a healthy
   * worker is never terminated because of the queue in front of it. `queueWaitMs` bounds the wait
   * for callers someone is waiting on: past it the task leaves the queue without running and the
   * caller gets WORKER_POOL_SATURATED (retry shortly), while no worker is touched.
   */
  run<K extends keyof Tasks & string>(
    name: K,
    input: Parameters<Tasks[K]>[0],
    options: { timeoutMs?: number; queueWaitMs?: number } = {},
  ): Promise<Awaited<ReturnType<Tasks[K]>>> {
    if (this.pool === undefined) return Promise.reject(new AppError('SERVICE_STOPPING', 'the worker pool is not running'));
    if (this.interactive.length + this.background.length >= this.options.queueMax) return Promise.reject(saturated());
    return new Promise((resolve, reject) => {
      const waiting: Waiting = { name, input: input as object, timeoutMs: options.timeoutMs ?? this.options.taskTimeoutMs, resolve: resolve as (value: unknown) => void, reject };
      const lane = INTERACTIVE.has(name) ? this.interactive : this.background;
      if (options.queueWaitMs !== undefined) {
        waiting.queueTimer = setTimeout(() => {
          const index = lane.indexOf(waiting);
          if (index === -1) return;
          lane.splice(index, 1);
          reject(saturated());
          this.settleIdle();
        }, options.queueWaitMs);
      }
      lane.push(waiting);
      this.drain();
    });
  }

  /** Hands waiting tasks to piscina while threads are free, filer-facing ones first. */
  private drain(): void {
    while (this.pool !== undefined && this.running < this.threads) {
      const next = this.interactive.shift() ?? this.background.shift();
      if (next === undefined) break;
      clearTimeout(next.queueTimer);
      this.running++;
      this.dispatch(this.pool, next)
        .then(next.resolve, next.reject)
        .finally(() => {
          this.running--;
          this.drain();
          this.settleIdle();
        });
    }
  }

  private async dispatch(pool: Piscina, waiting: Waiting): Promise<unknown> {
    const abort = new AbortController();
    const state: { phase: 'handed-over' | 'running' | 'deadline-exceeded'; timer?: NodeJS.Timeout } = { phase: 'handed-over' };
    const dispatched: DispatchOptions = {
      onDispatch: () => {
        if (state.phase !== 'handed-over') return;
        state.phase = 'running';
        state.timer = setTimeout(() => {
          state.phase = 'deadline-exceeded';
          abort.abort();
        }, waiting.timeoutMs);
      },
    };
    // A thread is free, but piscina may still hold the task briefly (a replacement thread starting):
    // the deadline starts when its balancer hands the task over. The hook rides on the input under
    // piscina's queue-options symbol; structured cloning leaves symbol keys behind, so the worker
    // never sees it.
    const task = { ...waiting.input, [queueOptionsSymbol]: dispatched };
    try {
      return await pool.run(task, { name: waiting.name, signal: abort.signal });
    } catch (error) {
      if (state.phase === 'deadline-exceeded') throw new AppError('WORKER_TASK_TIMEOUT', `worker task ${waiting.name} did not finish in time`);
      throw error;
    } finally {
      clearTimeout(state.timer);
    }
  }

  private settleIdle(): void {
    if (this.running > 0 || this.interactive.length + this.background.length > 0) return;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  stats(): { threads: number; queueSize: number; utilization: number; completed: number } {
    const pool = this.pool;
    if (pool === undefined) return { threads: 0, queueSize: 0, utilization: 0, completed: 0 };
    return { threads: pool.threads.length, queueSize: this.interactive.length + this.background.length + pool.queueSize, utilization: pool.utilization, completed: pool.completed };
  }

  /** Waits for running and queued tasks, then ends the threads. */
  async stop(): Promise<void> {
    if (this.running > 0 || this.interactive.length + this.background.length > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    const pool = this.pool;
    this.pool = undefined;
    await Promise.all([...(pool === undefined ? [] : [pool]), ...this.retiring].map((p) => p.close()));
  }
}

function saturated(): AppError {
  return new AppError('WORKER_POOL_SATURATED', 'the assessment workers are busy; retry shortly', { retryAfterSeconds: 2 });
}
