/**
 * `npm run measure:screening-speed -w @safe-screen/risk`: queries per second of the BUILT matcher
 * (dist/, as the service runs it; build first), on the evaluation's unlisted names, with one thread
 * and with one worker thread per core. The machine is shared, so it prints the load average and the
 * rate per CPU-second this process actually got (what a core of its own would do).
 */
import { cpus, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { buildUnlistedNames } from './unlisted-names.js';

const WORKER = `
import { parentPort, workerData } from 'node:worker_threads';
import { buildSanctionsIndex, loadShippedSanctionsLists, screenParty } from '@safe-screen/risk';
const index = buildSanctionsIndex(loadShippedSanctionsLists());
parentPort.postMessage('ready');
parentPort.once('message', () => {
  const started = performance.now();
  let hits = 0;
  for (const name of workerData.names) if (screenParty(index, { name }).length > 0) hits++;
  parentPort.postMessage({ ms: performance.now() - started, hits });
});
`;

async function run(threads: number, names: readonly string[]): Promise<{ qps: number; perCpuSecond: number; hits: number }> {
  const workers = Array.from({ length: threads }, (_, t) => new Worker(WORKER, { eval: true, workerData: { names: names.filter((_, i) => i % threads === t) } }));
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const results = await Promise.all(workers.map((w) => new Promise<{ ms: number; hits: number }>((resolve) => { w.once('message', resolve); w.postMessage('go'); })));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  await Promise.all(workers.map((w) => w.terminate()));
  return { qps: names.length / seconds, perCpuSecond: names.length / cpuSeconds, hits: results.reduce((s, r) => s + r.hits, 0) };
}

const names = buildUnlistedNames().map((n) => n.name);
console.log(`${names.length} unlisted names; ${cpus().length} cores; load average before ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
for (const threads of [1, cpus().length]) {
  const { qps, perCpuSecond, hits } = await run(threads, names);
  console.log(`${threads} thread(s): ${Math.round(qps)} queries/s wall clock, ${Math.round(perCpuSecond)} per CPU-second of this process (${hits} names with a match); load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
}
