/**
 * Queue page and search latency at national scale, through the real HTTP route on real PostgreSQL:
 * a server on a fresh database filled with 100,000 open holds (130,002 consignments, fillQueue),
 * then 100 first pages, 100 follow-on pages (by cursor), and 100 searches of each kind, timed at the
 * client. Prints p50/p95/max per kind and the load average. Goal: p95 under 200 ms.
 *
 *   bash infra/with-servers.sh npx tsx --conditions=source test/console-scale/queue-latency.ts
 */
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { fillQueue } from '@safe-screen/db/testing/queue-fill';
import { fileXml, startPipeline, waitForDecisions } from '../src/pipeline-harness.js';
import { seaFiling } from '../src/sample-filings.js';

const FILINGS = 43_334;
const RUNS = 100;

const pipeline = await startPipeline('real');
try {
  const filed = await fileXml(pipeline, seaFiling({ lrn: 'SCALE-SEED' }));
  await waitForDecisions(pipeline, filed.body['mrn'] as string);
  const db = pipeline.server.database().db;
  const [filer] = await db.execute(sql`select filer_id from filings limit 1`) as unknown as { filer_id: string }[];
  const fillStarted = performance.now();
  await fillQueue(db, filer!.filer_id, FILINGS);
  await db.execute(sql`analyze`);
  console.log(`filled in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s`);

  const get = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${pipeline.baseUrl}${path}`, { headers: { authorization: `Bearer ${pipeline.keys.officer}` } });
    const body = (await response.json()) as { total: number; next: string | null; items: unknown[] };
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - started, body };
  };
  const [held] = await db.execute(sql`select count(*)::int as n from consignments where hold_status <> 'released'`) as unknown as { n: number }[];
  if (held!.n < 100_000) throw new Error(`only ${held!.n} holds`);
  const first = await get('/v1/cases?limit=50');
  const kinds: [string, (i: number) => string][] = [
    ['first page', () => '/v1/cases?limit=50'],
    ['next page (cursor)', () => `/v1/cases?limit=50&after=${first.body.next}`],
    ['red lane page', () => '/v1/cases?limit=50&lane=red'],
    ['search MRN', (i) => `/v1/cases?q=26GBQ${String(1 + i * 97).padStart(13, '0')}`],
    ['search LRN', (i) => `/v1/cases?q=QL-${1 + i * 97}`],
    ['search document', (i) => `/v1/cases?q=BLQ${1 + i * 311}`],
    ['search container', (i) => `/v1/cases?q=QCNU${String(1 + i * 311).padStart(7, '0')}`],
    ['search party', (i) => `/v1/cases?q=${encodeURIComponent(`Importer ${1 + i * 311}`)}`],
    ['search IMO', (i) => `/v1/cases?q=IMO${9100000 + i * 7}`],
    ['search vessel name', (i) => `/v1/cases?q=${encodeURIComponent(`Vessel ${i * 7} Star`)}`],
  ];
  const q = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  for (const [name, path] of kinds) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push((await get(path(i))).ms);
    times.sort((a, b) => a - b);
    console.log(`${name.padEnd(20)} p50 ${q(times, 50).toFixed(0).padStart(4)} ms  p95 ${q(times, 95).toFixed(0).padStart(4)} ms  max ${times.at(-1)!.toFixed(0).padStart(4)} ms`);
  }
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await pipeline.stop();
}
