/**
 * Worker threads report the CPU time of each task on this broadcast channel (see worker.ts). The
 * bench's in-process probe (test/bench/server-probe.mjs, which names the channel literally) adds the
 * reports up per task to give the parse and assess cost per consignment.
 */
export const WORKER_CPU_CHANNEL = 'safe-screen:worker-cpu';

export interface WorkerCpuReport {
  task: 'parse' | 'screen' | 'assess';
  /** CPU time the task took on its thread, in nanoseconds. */
  cpuNs: number;
}
