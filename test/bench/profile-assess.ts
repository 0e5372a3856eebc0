/**
 * Profiling helper: assesses corpus consignments on this thread, the way a pool worker does, so
 * `node --cpu-prof` shows where assessment time goes. Usage (from test/):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --conditions=source --import tsx bench/profile-assess.ts [consignments]
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareEngine, runAssess } from '@safe-screen/ingest/worker-tasks';
import { parseFilingSync } from '@safe-screen/manifest';
import { loadDocument } from './corpus.js';
import { buildSnapshot, jobsOf } from './risk-throughput.js';

const count = Number(process.argv[2] ?? 1000);
const doc = loadDocument(join(fileURLToPath(new URL('../../', import.meta.url)), '.bench', 'corpus'), count, 4242);
const outcome = parseFilingSync(doc.xml);
if (!outcome.ok) throw new Error('corpus document does not parse');
const now = new Date().toISOString();
const jobs = jobsOf(outcome.filing, now);
const engine = prepareEngine(buildSnapshot());
const facts = { parties: {}, massByHs6: {}, aeo: {}, dismissals: [], incomplete: {}, amendmentCounts: {} };
runAssess(engine, { jobs: jobs.slice(0, 50), facts, now });
const started = performance.now();
for (let i = 0; i < jobs.length; i += 200) runAssess(engine, { jobs: jobs.slice(i, i + 200), facts, now });
console.log(`${jobs.length} assessments in ${(performance.now() - started).toFixed(0)} ms`);
