import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from './worker-pool.js';

interface TestTasks {
  spin(input: { ms: number }): Promise<{ ranMs: number }>;
  /** The same busy work under the name of a filer-facing task. */
  parse(input: { ms: number }): Promise<{ ranMs: number }>;
}

const workerFile = fileURLToPath(new URL('./worker-pool.test-worker.mjs', import.meta.url));

describe('WorkerPool deadlines and order', () => {
  let pool: WorkerPool<TestTasks> | undefined;
  afterEach(async () => pool?.stop());

  const onePool = (taskTimeoutMs: number) => {
    pool = new WorkerPool<TestTasks>({ threads: 1, queueMax: 100, taskTimeoutMs, snapshot: null, workerFile });
    pool.start();
    return pool;
  };

  it('starts a task\'s deadline when a worker takes it, not while it waits in the queue', async () => {
    const workers = onePool(1500);
    // Four 500 ms tasks on one thread: the last waits about 1.5 s before it runs, past the deadline
    // if queue time counted, but each runs well within it.
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => workers.run('spin', { ms: 500 })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
  });

  it('ends a task that runs past its deadline, and the pool carries on with a fresh thread', async () => {
    const workers = onePool(300);
    await expect(workers.run('spin', { ms: 10_000 })).rejects.toMatchObject({ code: 'WORKER_TASK_TIMEOUT' });
    await expect(workers.run('spin', { ms: 10 })).resolves.toEqual(expect.objectContaining({ ranMs: 10 }));
  });

  it('gives up on a caller\'s task that waited too long in the queue without touching the busy worker', async () => {
    const workers = onePool(10_000);
    const running = workers.run('spin', { ms: 1500 });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await expect(workers.run('spin', { ms: 10 }, { queueWaitMs: 200 })).rejects.toMatchObject({ code: 'WORKER_POOL_SATURATED', details: { retryAfterSeconds: 2 } });
    expect(Date.now() - started).toBeLessThan(1200);
    // The task already running was left alone and finishes.
    await expect(running).resolves.toEqual(expect.objectContaining({ ranMs: 1500 }));
  });

  it('runs a filer\'s parse ahead of background work already queued', async () => {
    const workers = onePool(10_000);
    const finished: string[] = [];
    const track = (label: string, promise: Promise<unknown>) => promise.then(() => finished.push(label));
    const all = [track('busy', workers.run('spin', { ms: 300 }))];
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 1; i <= 3; i++) all.push(track(`background-${i}`, workers.run('spin', { ms: 50 })));
    all.push(track('parse', workers.run('parse', { ms: 10 })));
    await Promise.all(all);
    expect(finished).toEqual(['busy', 'parse', 'background-1', 'background-2', 'background-3']);
  });

  it('refuses work past the queue bound at once, and finishes what it holds before stopping', async () => {
    pool = new WorkerPool<TestTasks>({ threads: 1, queueMax: 2, taskTimeoutMs: 10_000, snapshot: null, workerFile });
    pool.start();
    const accepted = [pool.run('spin', { ms: 200 }), pool.run('spin', { ms: 10 }), pool.run('spin', { ms: 10 })];
    await expect(pool.run('spin', { ms: 10 })).rejects.toMatchObject({ code: 'WORKER_POOL_SATURATED' });
    const stopping = pool.stop();
    await expect(Promise.all(accepted)).resolves.toHaveLength(3);
    await stopping;
    await expect(pool.run('spin', { ms: 10 })).rejects.toMatchObject({ code: 'SERVICE_STOPPING' });
    pool = undefined;
  });
});
