// Preloaded into the pipeline process by the benchmark (node --import): measures event-loop delay
// with perf_hooks and CPU time per thread and task, and answers the parent over the IPC channel. The
// service itself is not changed.
// { kind: 'loop', reset: boolean } -> { kind: 'loop', p50Ms, p99Ms, maxMs }
// { kind: 'cpu' } -> { kind: 'cpu', workerNs: { parse, screen, assess }, mainThreadNs, processNs }
//   workerNs: CPU time of each task kind on the worker threads, as the workers report it on the
//   'safe-screen:worker-cpu' broadcast channel (services/ingest/src/worker-cpu.ts); mainThreadNs: the
//   service's main thread (/proc/self/task/<pid>/schedstat); processNs: every thread of the process.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BroadcastChannel } from 'node:worker_threads';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();

const workerNs = { parse: 0, screen: 0, assess: 0 };
const channel = new BroadcastChannel('safe-screen:worker-cpu');
channel.onmessage = (event) => {
  const report = event.data;
  if (report !== null && typeof report === 'object' && report.task in workerNs && Number.isFinite(report.cpuNs)) workerNs[report.task] += report.cpuNs;
};
channel.unref();

function mainThreadNs() {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}

if (process.send !== undefined) {
  process.on('message', (message) => {
    if (message?.kind === 'loop') {
      process.send({ kind: 'loop', p50Ms: histogram.percentile(50) / 1e6, p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 });
      if (message.reset === true) histogram.reset();
    } else if (message?.kind === 'cpu') {
      const usage = process.cpuUsage();
      process.send({ kind: 'cpu', workerNs: { ...workerNs }, mainThreadNs: mainThreadNs(), processNs: (usage.user + usage.system) * 1000 });
    }
  });
  // The channel must not keep the process alive once the service has shut down.
  process.channel?.unref();
}
