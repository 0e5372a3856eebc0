/**
 * Soak benchmark (a script, not a test): measures the pipeline's sustained capacity for small
 * filings, then runs for --minutes (default 10) at --load percent (default 70) of it, open loop,
 * sampling the service's resident memory, the request latency and the assessment backlog every
 * --sample-seconds. It reports whether memory, latency or the backlog grows: the Theil-Sen slope
 * over the run after the first minute, and the last window against the first. Results go to .bench/soak-<date>.json.
 *
 * Capacity is end to end: filings sent back to back for the calibration period, then the time until
 * every consignment they carry has a stored decision. Counting registrations alone overstated it
 * (assessment trails registration and shares the cores), so "70 %" was more than the pipeline could
 * sustain and the backlog, and with it latency, grew for the whole run.
 *
 *   bash infra/with-servers.sh npx tsx --conditions source test/soak/soak.ts --minutes 10 [--mode real|embedded]
 *
 * Build the service first: npx turbo run build --filter=@safe-screen/ingest
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startPipelineProcess, type PipelineMode } from '../bench/pipeline-process.js';
import { seaFiling } from '../src/sample-filings.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    load: { type: 'string', default: '70' },
    mode: { type: 'string', default: 'real' },
    'calibrate-seconds': { type: 'string', default: '30' },
    'sample-seconds': { type: 'string', default: '15' },
  },
});
const minutes = Number(values.minutes);
const loadShare = Number(values.load) / 100;
const mode = values.mode as PipelineMode;
const sampleMs = Number(values['sample-seconds']) * 1000;

function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

const quantile = (sorted: number[], q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);

/**
 * Theil-Sen slope per minute: the median of the slopes between every pair of samples. Resident memory
 * follows the garbage collector's sawtooth, and a least-squares line through a few teeth tilts with
 * where the run happens to stop; the median of pairwise slopes does not.
 */
function slopePerMinute(points: { t: number; v: number }[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (points[j]!.t !== points[i]!.t) slopes.push((points[j]!.v - points[i]!.v) / (points[j]!.t - points[i]!.t));
    }
  }
  slopes.sort((a, b) => a - b);
  return slopes.length === 0 ? 0 : quantile(slopes, 0.5) * 60_000;
}

const pipeline = await startPipelineProcess(mode, { workerThreads: 2, extraEnv: { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' } });
const file = async (): Promise<{ ok: boolean; ms: number; status: number }> => {
  const started = performance.now();
  try {
    const response = await fetch(`${pipeline.baseUrl}/v1/filings`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${pipeline.filerKey}` },
      body: seaFiling({ lrn: `SOAK-${randomUUID().slice(0, 12)}` }),
      signal: AbortSignal.timeout(60_000),
    });
    await response.arrayBuffer();
    return { ok: response.status === 201, ms: performance.now() - started, status: response.status };
  } catch {
    return { ok: false, ms: performance.now() - started, status: 0 };
  }
};

/** Consignments registered and decided so far, from the service's Prometheus counters. */
async function progress(): Promise<{ registered: number; decided: number }> {
  const text = await (await fetch(`${pipeline.baseUrl}/metrics`)).text();
  const sum = (name: string) =>
    text.split('\n').filter((line) => line.startsWith(name)).reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return { registered: sum('safe_screen_consignments_registered_total'), decided: sum('safe_screen_decisions_total') };
}
const backlog = async () => {
  const p = await progress();
  return p.registered - p.decided;
};

try {
  // Capacity: eight senders back to back (closed loop) for the calibration period, then until the
  // assessments of everything they filed are stored.
  const calibrateUntil = Date.now() + Number(values['calibrate-seconds']) * 1000;
  let calibrated = 0;
  const calibrateStart = Date.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (Date.now() < calibrateUntil) if ((await file()).ok) calibrated++;
  }));
  const registeredIn = (Date.now() - calibrateStart) / 1000;
  while ((await backlog()) > 0) await new Promise((r) => setTimeout(r, 200));
  const capacity = calibrated / ((Date.now() - calibrateStart) / 1000);
  console.log(`calibration: ${calibrated} filings registered in ${registeredIn.toFixed(1)} s (${(calibrated / registeredIn).toFixed(1)}/s), all assessed after ${((Date.now() - calibrateStart) / 1000).toFixed(1)} s`);
  const rate = capacity * loadShare;
  console.log(`capacity ${capacity.toFixed(1)} filings/s (3 consignments each); soaking ${minutes} min at ${(loadShare * 100).toFixed(0)}% = ${rate.toFixed(1)} filings/s`);

  const samples: { minute: number; rssMb: number; n: number; errors: number; p50: number; p99: number; backlog: number }[] = [];
  let window: number[] = [];
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const start = Date.now();
  const end = start + minutes * 60_000;
  let nextSample = start + sampleMs;
  // Open loop: requests leave on schedule whether or not earlier ones have been answered.
  for (let i = 0; Date.now() < end; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const request = file().then((r) => {
      window.push(r.ms);
      if (!r.ok) errors++;
    });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
    if (Date.now() >= nextSample) {
      const sorted = [...window].sort((a, b) => a - b);
      const sample = { minute: (Date.now() - start) / 60_000, rssMb: rssBytes(pipeline.pid) / 1048576, n: sorted.length, errors, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), backlog: await backlog() };
      samples.push(sample);
      console.log(`${sample.minute.toFixed(1)} min: rss ${sample.rssMb.toFixed(0)} MB, n=${sample.n}, errors ${errors}, p50 ${sample.p50.toFixed(0)} ms, p99 ${sample.p99.toFixed(0)} ms, assessment backlog ${sample.backlog} consignments`);
      window = [];
      errors = 0;
      nextSample += sampleMs;
    }
  }
  await Promise.all(inFlight);

  // The first minute includes warm-up (JIT, caches, pools): growth is judged from then on.
  const steady = samples.filter((s) => s.minute >= Math.min(1, minutes / 5));
  const rssSlope = slopePerMinute(steady.map((s) => ({ t: s.minute * 60_000, v: s.rssMb })));
  const p99Slope = slopePerMinute(steady.map((s) => ({ t: s.minute * 60_000, v: s.p99 })));
  const backlogSlope = slopePerMinute(steady.map((s) => ({ t: s.minute * 60_000, v: s.backlog })));
  const first = steady[0];
  const last = steady.at(-1);
  const verdict = {
    capacityFilingsPerSecond: capacity,
    rateFilingsPerSecond: rate,
    minutes,
    rssSlopeMbPerMinute: rssSlope,
    p99SlopeMsPerMinute: p99Slope,
    rssFirstLastMb: [first?.rssMb, last?.rssMb],
    p99FirstLastMs: [first?.p99, last?.p99],
    backlogSlopePerMinute: backlogSlope,
    backlogFirstLast: [first?.backlog, last?.backlog],
    totalErrors: samples.reduce((s, x) => s + x.errors, 0),
    // Growth: more than 2 MB a minute of memory, or p99 rising by more than 5 % of its start a minute.
    memoryGrows: rssSlope > 2,
    latencyGrows: first !== undefined && p99Slope > 0.05 * first.p99,
    // The backlog grows when it rises by more than a second's worth of the offered consignments a minute.
    backlogGrows: backlogSlope > rate * 3,
  };
  console.log(JSON.stringify(verdict, null, 2));
  mkdirSync('.bench', { recursive: true });
  const out = `.bench/soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), mode, verdict, samples }, null, 2));
  console.log(`written ${out}`);
} finally {
  await pipeline.stop();
}
