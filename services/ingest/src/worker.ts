/**
 * The piscina worker: thin. It prepares the risk engine once from the snapshot it was started with
 * (compiled rule set, sanctions index) and exposes the task catalog's functions by name.
 *
 * Each task's CPU time on this thread (Linux: /proc/thread-self/schedstat, nanoseconds) is posted on
 * the `WORKER_CPU_CHANNEL` broadcast channel, so the cost per stage (parse, assess) can be read
 * without a profiler; nothing listens unless something asks (the bench's probe does).
 */
import { readFileSync } from 'node:fs';
import { BroadcastChannel } from 'node:worker_threads';
import { workerData } from 'piscina';
import { prepareEngine, runAssess, runParse, runScreen, type ScreenTaskInput, type AssessTaskInput, type ParseTaskInput, type PreparedEngine, type RiskSnapshot } from './worker-tasks.js';
import { WORKER_CPU_CHANNEL, type WorkerCpuReport } from './worker-cpu.js';

let engine: PreparedEngine | undefined;

function engineOnce(): PreparedEngine {
  engine ??= prepareEngine(workerData as RiskSnapshot);
  return engine;
}

/** This thread's CPU time in ns, or undefined where /proc/thread-self is not available. */
function threadCpuNs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]);
  } catch {
    return undefined;
  }
}

const channel = threadCpuNs() === undefined ? undefined : new BroadcastChannel(WORKER_CPU_CHANNEL);
// The channel must not keep a retiring worker alive.
channel?.unref();

function timed<I, O>(task: WorkerCpuReport['task'], run: (input: I) => O | Promise<O>): (input: I) => Promise<O> {
  return async (input: I) => {
    const before = channel === undefined ? undefined : threadCpuNs();
    try {
      return await run(input);
    } finally {
      const after = before === undefined ? undefined : threadCpuNs();
      if (before !== undefined && after !== undefined) channel?.postMessage({ task, cpuNs: after - before } satisfies WorkerCpuReport);
    }
  };
}

export const parse = timed('parse', (input: ParseTaskInput) => runParse(input));

export const screen = timed('screen', (input: ScreenTaskInput) => runScreen(engineOnce(), input));

export const assess = timed('assess', (input: AssessTaskInput) => runAssess(engineOnce(), input));

export { runTrain as train } from './train-task.js';
