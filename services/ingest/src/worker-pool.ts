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
import { InteractiveFirstQueue } from './interactive-first-queue.js';
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

export class WorkerPool<Tasks extends TaskCatalog<Tasks> = WorkerTasks> {
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
      filename: this.options.workerFile ?? WORKER_FILE,
      minThreads: threads,
      maxThreads: threads,
      maxQueue: this.options.queueMax,
      taskQueue: new InteractiveFirstQueue(),
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
  async run<K extends keyof Tasks & string>(
    name: K,
    input: Parameters<Tasks[K]>[0],
    options: { timeoutMs?: number; queueWaitMs?: number } = {},
  ): Promise<Awaited<ReturnType<Tasks[K]>>> {
    const pool = this.pool;
    if (pool === undefined) throw new AppError('SERVICE_STOPPING', 'the worker pool is not running');
    if (pool.queueSize >= this.options.queueMax) throw saturated();
    const timeoutMs = options.timeoutMs ?? this.options.taskTimeoutMs;
    const abort = new AbortController();
    const state: { phase: 'queued' | 'running' | 'queue-wait-exceeded' | 'deadline-exceeded'; timer?: NodeJS.Timeout } = { phase: 'queued' };
    const end = (phase: 'queue-wait-exceeded' | 'deadline-exceeded') => {
      state.phase = phase;
      abort.abort();
    };
    if (options.queueWaitMs !== undefined) state.timer = setTimeout(end, options.queueWaitMs, 'queue-wait-exceeded');
    const dispatch: DispatchOptions = {
      onDispatch: () => {
        if (state.phase !== 'queued') return;
        state.phase = 'running';
        clearTimeout(state.timer);
        state.timer = setTimeout(end, timeoutMs, 'deadline-exceeded');
      },
    };
    // The dispatch hook rides on the input under piscina's queue-options symbol: the balancer reads
    // it, and structured cloning leaves symbol-keyed properties behind, so the worker never sees it.
    const task = { ...(input as object), [queueOptionsSymbol]: dispatch };
    try {
      return (await pool.run(task, { name, signal: abort.signal })) as Awaited<ReturnType<Tasks[K]>>;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (state.phase === 'queue-wait-exceeded' || message.includes('queue is at limit')) throw saturated();
      if (state.phase === 'deadline-exceeded') throw new AppError('WORKER_TASK_TIMEOUT', `worker task ${name} did not finish in time`);
      throw error;
    } finally {
      clearTimeout(state.timer);
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

function saturated(): AppError {
  return new AppError('WORKER_POOL_SATURATED', 'the assessment workers are busy; retry shortly', { retryAfterSeconds: 2 });
}
