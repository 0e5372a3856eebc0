/**
 * `npm run bench`: throughput, latency and memory of the whole pipeline against the parsing limit.
 * See the README's Benchmarks section for the method. Run through infra/with-servers.sh (the npm script does), with
 * the service built. Flags:
 *   --quick            one short run on the real servers only (a smoke run of 1-2 minutes)
 *   --runs N           runs per figure (default 3); every figure is the median, with min and max
 *   --configs a,b      real and/or embedded (default both)
 *   --no-stages        skip the per-stage CPU costs (stage-cost.ts; real configuration only)
 *   --stages-only      only the per-stage CPU costs
 * Prints one table and writes it, with the raw runs, to .bench/bench-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildMixedCorpus, countConsignments, loadDocument, type CorpusDocument } from './corpus.js';
import { fileConcurrently, fileDocument, fileOpenLoop, type Registration } from './drive-filings.js';
import { measureParseLimit } from './parse-limit.js';
import { startPipelineProcess, type PipelineMode, type PipelineProcess } from './pipeline-process.js';
import { measureRiskThroughput } from './risk-throughput.js';
import { measureStageCosts, stageCostCorpus } from './stage-cost.js';
import { percentile, spreadOf, type Spread } from './stats.js';
import { waitUntil, watchApi, watchDatabase, type ProgressWatcher } from './watch-progress.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT_DIR = join(ROOT, '.bench');
const CORPUS_DIR = join(OUT_DIR, 'corpus');
const WAIT_MS = 15 * 60_000;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    configs: { type: 'string' },
    'no-stages': { type: 'boolean', default: false },
    /** Only the per-stage CPU costs (a few minutes): no throughput, latency or limit runs. */
    'stages-only': { type: 'boolean', default: false },
  },
});
const quick = args.quick === true;
const settings = {
  runs: Number(args.runs ?? (quick ? 1 : 3)),
  configs: (args.configs ?? (quick ? 'real' : 'real,embedded')).split(',') as PipelineMode[],
  /** Consignments filed (100 per manifest) for the CPU cost of each stage. */
  stageCostConsignments: quick ? 1_000 : 3_000,
  /** Consignments in the sustained-throughput corpus of each run (manifests of 100 to 5,000). */
  throughputConsignments: quick ? 2_500 : 6_000,
  largeConsignments: quick ? 5_000 : 20_000,
  smallConsignments: 100,
  latencySeconds: quick ? 6 : 10,
  filers: 4,
  cores: availableParallelism(),
};

type Sample = Record<string, number>;
const samples: Record<string, Sample[]> = {};
const record = (scope: string, values: Sample) => (samples[scope] ??= []).push(values);
const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

function smallDocs(seedBase: number, count: number): CorpusDocument[] {
  return Array.from({ length: count }, (_, i) => loadDocument(CORPUS_DIR, settings.smallConsignments, seedBase + i));
}

function latencies(registrations: Registration[]) {
  const ms = registrations.map((r) => r.ms);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), n: ms.length, refusals: registrations.reduce((n, r) => n + r.refusals, 0) };
}

async function runOnce(pipeline: PipelineProcess, watcher: ProgressWatcher, run: number, mrns: string[]): Promise<Sample> {
  const { baseUrl, filerKey: key } = pipeline;
  const drain = () => waitUntil(() => watcher.allDone(), 100, WAIT_MS);
  const out: Sample = {};
  let loopP99 = 0;
  const loopWindow = async (reset: boolean) => {
    const delay = await pipeline.loopDelay(reset);
    loopP99 = Math.max(loopP99, delay.p99Ms);
    return delay;
  };

  // 1. Sustained end to end: concurrent filers, from the first request to the last decision stored
  //    and the last outbox message acknowledged by the broker.
  const docs = buildMixedCorpus(CORPUS_DIR, settings.throughputConsignments, 1000 * run);
  const total = countConsignments(docs);
  await loopWindow(true);
  const started = performance.now();
  const registrations = await fileConcurrently(baseUrl, key, docs, settings.filers);
  const registered = performance.now();
  mrns.push(...registrations.flatMap((r) => (r.mrn === undefined ? [] : [r.mrn])));
  const done = await drain();
  out.endToEndPerSecond = total / ((done - started) / 1000);
  out.registrationPerSecond = total / ((registered - started) / 1000);
  out.refusalsThroughput = registrations.reduce((n, r) => n + r.refusals, 0);
  out.throughputLoopP99Ms = (await loopWindow(true)).p99Ms;
  log(`run ${run}: ${total} consignments end to end at ${out.endToEndPerSecond.toFixed(0)}/s (registered at ${out.registrationPerSecond.toFixed(0)}/s)`);

  // 2. Registration latency of small filings, open loop at 50% and 90% of the load just measured.
  const maxFilingsPerSecond = out.endToEndPerSecond / settings.smallConsignments;
  for (const share of [50, 90]) {
    const rate = (maxFilingsPerSecond * share) / 100;
    const count = Math.max(10, Math.ceil(rate * settings.latencySeconds));
    const small = smallDocs(500_000 + run * 10_000 + share * 100, count);
    const results = await fileOpenLoop(baseUrl, key, small, rate, () => false);
    mrns.push(...results.flatMap((r) => (r.mrn === undefined ? [] : [r.mrn])));
    const l = latencies(results);
    out[`latencyP50At${share}Ms`] = l.p50;
    out[`latencyP99At${share}Ms`] = l.p99;
    out[`latencySamplesAt${share}`] = l.n;
    out[`refusalsAt${share}`] = l.refusals;
    await drain();
    out[`latencyLoopP99At${share}Ms`] = (await loopWindow(true)).p99Ms;
    log(`run ${run}: small filings at ${share}% (${rate.toFixed(2)}/s, n=${l.n}): p50 ${l.p50.toFixed(0)} ms, p99 ${l.p99.toFixed(0)} ms`);
  }

  // 3. One large manifest screened completely, with small filings at 50% load arriving meanwhile.
  const large = loadDocument(CORPUS_DIR, settings.largeConsignments, 900_000 + run);
  let largeDone = false;
  // Small documents for up to three minutes of the large manifest, generated before the clock starts.
  const during = smallDocs(700_000 + run * 10_000, Math.ceil((maxFilingsPerSecond / 2) * 180) + 5);
  const largeStarted = performance.now();
  const largeWork = (async () => {
    try {
      const registration = await fileDocument(baseUrl, key, large);
      mrns.push(registration.mrn!);
      const finished = await waitUntil(() => watcher.filingDone(registration.mrn!), 200, WAIT_MS);
      return { registrationMs: registration.ms, screenedMs: finished - largeStarted };
    } finally {
      largeDone = true;
    }
  })();
  // Settled together: a failure of either must not leave the other's rejection unhandled.
  const [smallDuring, largeResult] = await Promise.all([fileOpenLoop(baseUrl, key, during, maxFilingsPerSecond / 2, () => largeDone), largeWork]);
  mrns.push(...smallDuring.flatMap((r) => (r.mrn === undefined ? [] : [r.mrn])));
  const l = latencies(smallDuring);
  out.largeScreenedSeconds = largeResult.screenedMs / 1000;
  out.largeRegistrationSeconds = largeResult.registrationMs / 1000;
  out.latencyP50DuringLargeMs = l.p50;
  out.latencyP99DuringLargeMs = l.p99;
  out.latencySamplesDuringLarge = l.n;
  out.refusalsDuringLarge = l.refusals;
  out.largeLoopP99Ms = (await loopWindow(true)).p99Ms;
  await drain();
  out.loopP99Ms = loopP99;
  log(`run ${run}: ${large.consignments}-consignment manifest registered in ${out.largeRegistrationSeconds.toFixed(1)} s, screened in ${out.largeScreenedSeconds.toFixed(1)} s; small filings meanwhile p99 ${l.p99.toFixed(0)} ms (n=${l.n})`);
  return out;
}

async function benchConfiguration(mode: PipelineMode): Promise<void> {
  log(`starting the pipeline (${mode})`);
  const pipeline = await startPipelineProcess(mode, { workerThreads: settings.cores });
  const mrns: string[] = [];
  const watcher = mode === 'real' ? watchDatabase(pipeline.databaseUrl!) : watchApi(pipeline.baseUrl, pipeline.officerKey, () => mrns);
  try {
    // Warm-up: JIT, connection pools, the workers' sanctions index; not measured.
    const warm = await fileDocument(pipeline.baseUrl, pipeline.filerKey, loadDocument(CORPUS_DIR, settings.smallConsignments, 1));
    mrns.push(warm.mrn!);
    await waitUntil(() => watcher.allDone(), 100, WAIT_MS);
    for (let run = 1; run <= settings.runs; run++) {
      const sample = await runOnce(pipeline, watcher, run, mrns);
      sample.failedJobs = await watcher.failedJobs();
      sample.peakRssMb = pipeline.peakRssBytes() / 1e6;
      record(mode, sample);
    }
  } finally {
    await watcher.close();
    await pipeline.stop();
  }
}

async function benchLimits(): Promise<void> {
  for (let run = 1; run <= settings.runs; run++) {
    const docs = buildMixedCorpus(CORPUS_DIR, settings.throughputConsignments, 1000 * run);
    const parse = await measureParseLimit(docs, settings.cores);
    // The risk figures on a slice: enough consignments for a stable rate, without minutes of CPU.
    const slice: CorpusDocument[] = [];
    for (const doc of docs) if (countConsignments(slice) < 2000) slice.push(doc);
    const risk = await measureRiskThroughput(slice, settings.cores, 200);
    record('limits', { parseConsignmentsPerSecond: parse.consignmentsPerSecond, parseMegabytesPerSecond: parse.megabytesPerSecond, ...risk });
    log(`run ${run}: xml2js ${parse.consignmentsPerSecond.toFixed(0)} consignments/s (${parse.megabytesPerSecond.toFixed(1)} MB/s); screening ${risk.screeningQueriesPerSecond.toFixed(0)} q/s; assessments ${risk.assessmentsPerSecond.toFixed(0)}/s`);
  }
}

/** CPU ms per consignment of each stage (stage-cost.ts): the real configuration, stages one at a time. */
async function benchStageCosts(): Promise<void> {
  for (let run = 1; run <= settings.runs; run++) {
    const { docs, warmUp } = stageCostCorpus(CORPUS_DIR, settings.stageCostConsignments, 600_000 + run * 100);
    const costs = await measureStageCosts(docs, warmUp, settings.cores, log);
    const { consignments: _n, ...perStage } = costs;
    record('stages', { ...perStage, totalMs: costs.parseMs + costs.registerMs + costs.assessMs + costs.decideMs + costs.publishMs });
    log(`run ${run}: CPU ms per consignment: parse ${costs.parseMs.toFixed(2)}, register ${costs.registerMs.toFixed(2)}, assess ${costs.assessMs.toFixed(2)}, decide ${costs.decideMs.toFixed(2)}, publish ${costs.publishMs.toFixed(2)}`);
  }
}

interface Row {
  figure: string;
  scope: string;
  unit: string;
  spread: Spread;
  target?: string;
  met?: boolean;
}

function spreadFor(scope: string, key: string): Spread {
  return spreadOf((samples[scope] ?? []).map((s) => s[key] ?? Number.NaN));
}

function buildRows(): Row[] {
  const rows: Row[] = [];
  const add = (figure: string, scope: string, key: string, unit: string, target?: { text: string; ok: (median: number) => boolean }) => {
    const spread = spreadFor(scope, key);
    if (spread.runs === 0) return;
    rows.push({ figure, scope, unit, spread, ...(target === undefined ? {} : { target: target.text, met: target.ok(spread.median) }) });
  };
  add('parse limit (xml2js alone, all cores)', 'limits', 'parseConsignmentsPerSecond', 'consignments/s');
  add('parse limit (xml2js alone, all cores)', 'limits', 'parseMegabytesPerSecond', 'MB/s');
  add('sanctions screening on the pool', 'limits', 'screeningQueriesPerSecond', 'queries/s');
  add('assessments on the pool (no database)', 'limits', 'assessmentsPerSecond', 'assessments/s');
  add('CPU per consignment: parse (worker threads)', 'stages', 'parseMs', 'ms');
  add('CPU per consignment: register (main thread + PostgreSQL)', 'stages', 'registerMs', 'ms');
  add('  of which PostgreSQL backends', 'stages', 'registerDbMs', 'ms');
  add('CPU per consignment: assess (worker threads)', 'stages', 'assessMs', 'ms');
  add('CPU per consignment: decide (main thread + PostgreSQL)', 'stages', 'decideMs', 'ms');
  add('  of which PostgreSQL backends', 'stages', 'decideDbMs', 'ms');
  add('CPU per consignment: publish (relay + PostgreSQL; broker not counted)', 'stages', 'publishMs', 'ms');
  add('  of which PostgreSQL backends', 'stages', 'publishDbMs', 'ms');
  add('CPU per consignment: all stages', 'stages', 'totalMs', 'ms');
  const parseLimit = spreadFor('limits', 'parseConsignmentsPerSecond').median;
  for (const mode of settings.configs) {
    const isReal = mode === 'real';
    const t = <T>(value: T) => (isReal ? value : undefined);
    add('end to end (request -> decision stored -> broker ack)', mode, 'endToEndPerSecond', 'consignments/s', t({ text: '>= 2000', ok: (m: number) => m >= 2000 }));
    for (const s of samples[mode] ?? []) s.ratioToParseLimit = (s.endToEndPerSecond ?? Number.NaN) / parseLimit;
    add('end to end / parse limit', mode, 'ratioToParseLimit', 'ratio', t({ text: '>= 0.3', ok: (m: number) => m >= 0.3 }));
    add('registration only (same load)', mode, 'registrationPerSecond', 'consignments/s');
    add(`registration p50, ${settings.smallConsignments}-consignment filing, 50% load`, mode, 'latencyP50At50Ms', 'ms');
    add(`registration p99, ${settings.smallConsignments}-consignment filing, 50% load`, mode, 'latencyP99At50Ms', 'ms', t({ text: '< 100', ok: (m: number) => m < 100 }));
    add(`registration p50, ${settings.smallConsignments}-consignment filing, 90% load`, mode, 'latencyP50At90Ms', 'ms');
    add(`registration p99, ${settings.smallConsignments}-consignment filing, 90% load`, mode, 'latencyP99At90Ms', 'ms');
    add(`registration p50 while a ${settings.largeConsignments}-consignment manifest runs`, mode, 'latencyP50DuringLargeMs', 'ms');
    add(`registration p99 while a ${settings.largeConsignments}-consignment manifest runs`, mode, 'latencyP99DuringLargeMs', 'ms', t({ text: '< 100', ok: (m: number) => m < 100 }));
    add(`${settings.largeConsignments}-consignment manifest: registered`, mode, 'largeRegistrationSeconds', 's');
    // The 15 s target is for 20,000 consignments: a smaller "large" manifest (--quick) gets no verdict.
    const screenTarget = settings.largeConsignments === 20_000 ? t({ text: '< 15', ok: (m: number) => m < 15 }) : undefined;
    add(`${settings.largeConsignments}-consignment manifest: screened completely`, mode, 'largeScreenedSeconds', 's', screenTarget);
    add('peak RSS (VmHWM, workers included)', mode, 'peakRssMb', 'MB', t({ text: '< 1500', ok: (m: number) => m < 1500 }));
    add('event-loop delay p99 (worst phase)', mode, 'loopP99Ms', 'ms', t({ text: '< 50', ok: (m: number) => m < 50 }));
    for (const s of samples[mode] ?? []) s.refusals = (s.refusalsThroughput ?? 0) + (s.refusalsAt50 ?? 0) + (s.refusalsAt90 ?? 0) + (s.refusalsDuringLarge ?? 0);
    add('registrations refused (503 / closed) and retried', mode, 'refusals', 'requests');
    add('failed assessment jobs', mode, 'failedJobs', 'jobs');
  }
  return rows;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function printTable(rows: Row[], machine: Record<string, unknown>): string {
  const header = ['figure', 'config', 'median', 'min', 'max', 'unit', 'target', 'met'];
  const lines = rows.map((r) => [r.figure, r.scope, formatNumber(r.spread.median), formatNumber(r.spread.min), formatNumber(r.spread.max), r.unit, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  return [
    `Benchmark ${new Date().toISOString().slice(0, 10)} on ${String(machine.cpu)}, ${String(machine.cores)} cores, ${String(machine.memoryGb)} GB, Node ${process.versions.node}; ${settings.runs} run(s) per figure (median, min, max)`,
    // Other processes on the machine change every figure: the load average says how quiet it was.
    `load average (1 min) at start ${String(machine.loadAtStart)}, at end ${loadavg()[0]!.toFixed(1)}`,
    '',
    row(header),
    `|${widths.map((w, i) => (i >= 2 && i <= 4 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...lines.map(row),
  ].join('\n');
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const machine = { loadAtStart: loadavg()[0]!.toFixed(1), cores: settings.cores, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 1e9), node: process.versions.node };
  log(`${settings.cores} cores; settings ${JSON.stringify(settings)}`);
  if (args['stages-only'] !== true) {
    await benchLimits();
    for (const mode of settings.configs) await benchConfiguration(mode);
  }
  if (settings.configs.includes('real') && args['no-stages'] !== true) await benchStageCosts();
  const rows = buildRows();
  const table = printTable(rows, machine);
  process.stdout.write(`${table}\n`);
  const file = join(OUT_DIR, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, settings, rows, samples, table }, null, 2));
  log(`written ${file}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
