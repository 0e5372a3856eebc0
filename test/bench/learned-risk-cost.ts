/**
 * What the learned targeting model adds to assessment time: the same corpus consignments assessed on
 * this thread the way a pool worker does, without a model and with two models:
 *   - "kcs": trained on the KCS 2020 file (37k declarations; few of its keys match these filings),
 *   - "corpus": trained on labelled outcomes of the corpus consignments themselves, so every key
 *     matches and every adverse consignment builds its explanation (the worst case).
 * Usage (from test/): node --conditions=source --import tsx bench/learned-risk-cost.ts [consignments]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareEngine, runAssess, type RiskSnapshot } from '@safe-screen/ingest/worker-tasks';
import { learnedRiskHits } from '@safe-screen/ingest/learned-risk';
import { defaultSettings, featuresFromConsignment, importExamplesCsv, KCS_MAPPING, scoreExample, scoreProbability, trainModel, type LabelledExample, type TargetingModel } from '@safe-screen/learning';
import { parseFilingSync } from '@safe-screen/manifest';
import { loadDocument } from './corpus.js';
import { buildSnapshot, jobsOf } from './risk-throughput.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const count = Number(process.argv[2] ?? 4000);
const doc = loadDocument(join(ROOT, '.bench', 'corpus'), count, 4242);
const parsed = parseFilingSync(doc.xml);
if (!parsed.ok) throw new Error('corpus document does not parse');
const now = new Date().toISOString();
const jobs = jobsOf(parsed.filing, now);
const facts = { parties: {}, massByHs6: {}, aeo: {}, dismissals: [], incomplete: {}, amendmentCounts: {} };

function kcsModel(): TargetingModel {
  const imported = importExamplesCsv(readFileSync(join(ROOT, 'packages/learning/data/kcs/df_syn_train_eng.csv'), 'utf8'), KCS_MAPPING);
  if (!imported.ok) throw new Error('KCS file refused');
  return trainModel(imported.rows, defaultSettings('fraud'));
}

/** Every corpus goods line labelled, a quarter of commodity chapters adverse half the time. */
function corpusModel(): TargetingModel {
  const examples: LabelledExample[] = [];
  let n = 0;
  for (const job of jobs) {
    for (const features of featuresFromConsignment(job.filing, job.consignment)) {
      const chapter = Number(features.commodityCode?.slice(0, 2) ?? 0);
      const adverse = chapter % 4 === 0 && n++ % 2 === 0;
      examples.push({ id: job.consignmentId, date: '2026-01-01', source: 'officer', features, outcome: adverse ? 'irregularity' : 'no_finding' });
    }
  }
  return trainModel(examples, defaultSettings('fraud'));
}

function measure(snapshot: RiskSnapshot): number {
  const engine = prepareEngine(snapshot);
  runAssess(engine, { jobs: jobs.slice(0, 200), facts, now });
  const started = performance.now();
  for (let i = 0; i < jobs.length; i += 200) runAssess(engine, { jobs: jobs.slice(i, i + 200), facts, now });
  return (jobs.length / (performance.now() - started)) * 1000;
}

const items = jobs.flatMap((job) => featuresFromConsignment(job.filing, job.consignment));

/** Microseconds per consignment for the learned hits, and per goods line for each scoring call. */
function perCall(model: TargetingModel): { micros: number; withHits: number; probabilityMicros: number; explainedMicros: number } {
  let withHits = 0;
  for (const job of jobs.slice(0, 200)) learnedRiskHits(model, job.filing, job.consignment);
  let started = performance.now();
  for (const job of jobs) if (learnedRiskHits(model, job.filing, job.consignment).length > 0) withHits++;
  const micros = ((performance.now() - started) * 1000) / jobs.length;
  started = performance.now();
  for (const features of items) scoreProbability(model, features);
  const probabilityMicros = ((performance.now() - started) * 1000) / items.length;
  started = performance.now();
  for (const features of items) scoreExample(model, features);
  const explainedMicros = ((performance.now() - started) * 1000) / items.length;
  return { micros, withHits, probabilityMicros, explainedMicros };
}

// Rounds interleave the variants, and each figure is the best round, so load from other processes
// on a shared machine penalises all variants alike rather than whichever ran during it.
const base = buildSnapshot();
const rounds = Number(process.argv[3] ?? 5);
const models: Record<string, TargetingModel> = { kcs: kcsModel(), corpus: corpusModel() };
const perSecond: Record<string, number[]> = { none: [], kcs: [], corpus: [] };
const calls: Record<string, ReturnType<typeof perCall>[]> = { kcs: [], corpus: [] };
for (let r = 0; r < rounds; r++) {
  perSecond['none']!.push(measure(base));
  for (const [name, model] of Object.entries(models)) {
    perSecond[name]!.push(measure({ ...base, model }));
    calls[name]!.push(perCall(model));
  }
}
const best = (values: number[], pick: (a: number, b: number) => number) => values.reduce((a, b) => pick(a, b));
console.log(`${jobs.length} consignments (${items.length} goods lines), best of ${rounds} interleaved rounds, one thread`);
for (const [name, values] of Object.entries(perSecond)) {
  const c = calls[name];
  console.log(
    `model ${name.padEnd(6)} ${best(values, Math.max).toFixed(0).padStart(6)} assessments/s` +
      (c === undefined
        ? ''
        : `; learnedRiskHits ${best(c.map((x) => x.micros), Math.min).toFixed(1)} us/consignment (${c[0]!.withHits} with a history item);` +
          ` per goods line ${best(c.map((x) => x.probabilityMicros), Math.min).toFixed(1)} us probability, ${best(c.map((x) => x.explainedMicros), Math.min).toFixed(1)} us explained`),
  );
}
