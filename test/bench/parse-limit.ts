/**
 * The ceiling the mandated parser sets on this machine: the corpus parsed by xml2js alone on every
 * core (one worker thread per core, documents dealt round-robin), wall time from the first document
 * handed out to the last one parsed. Nothing else runs meanwhile.
 */
import { Worker } from 'node:worker_threads';
import type { CorpusDocument } from './corpus.js';
import { countConsignments } from './corpus.js';

export interface ParseLimit {
  consignmentsPerSecond: number;
  megabytesPerSecond: number;
  seconds: number;
}

function runOn(worker: Worker, bodies: Uint8Array[]): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage({ bodies });
  });
}

export async function measureParseLimit(docs: readonly CorpusDocument[], threads: number): Promise<ParseLimit> {
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./parse-limit-worker.mjs', import.meta.url)));
  try {
    const shares: Uint8Array[][] = workers.map(() => []);
    // Largest first, each to the least loaded worker, so one thread does not finish long after the other.
    const load = workers.map(() => 0);
    for (const doc of [...docs].sort((a, b) => b.xml.length - a.xml.length)) {
      const target = load.indexOf(Math.min(...load));
      shares[target]!.push(doc.xml);
      load[target]! += doc.xml.length;
    }
    // Warm-up: JIT and xml2js module load are not part of the limit.
    await Promise.all(workers.map((w) => runOn(w, [docs[0]!.xml])));
    const started = performance.now();
    await Promise.all(workers.map((w, i) => runOn(w, shares[i]!)));
    const seconds = (performance.now() - started) / 1000;
    const bytes = docs.reduce((n, d) => n + d.xml.length, 0);
    return { consignmentsPerSecond: countConsignments(docs) / seconds, megabytesPerSecond: bytes / 1e6 / seconds, seconds };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
