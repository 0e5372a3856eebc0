// Preloaded into the pipeline process by the benchmark (node --import): measures event-loop delay
// with perf_hooks and answers the parent over the IPC channel. The service itself is not changed.
// Message in: { kind: 'loop', reset: boolean } -> out: { kind: 'loop', p50Ms, p99Ms, maxMs }.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();

if (process.send !== undefined) {
  process.on('message', (message) => {
    if (message?.kind !== 'loop') return;
    process.send({ kind: 'loop', p50Ms: histogram.percentile(50) / 1e6, p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 });
    if (message.reset === true) histogram.reset();
  });
  // The channel must not keep the process alive once the service has shut down.
  process.channel?.unref();
}
