/**
 * CPU time per consignment for each stage of the pipeline (real configuration), so the next
 * bottleneck is visible without a profiler. The stages run one after another on the same database,
 * each in a service process with only the roles it needs:
 *   1. ROLES=api: the corpus is filed. parse = the parse tasks' CPU on the worker threads; register =
 *      the main thread plus this database's PostgreSQL backends (the request, the archive upload, the
 *      registration transaction).
 *   2. ROLES=api,assessor: the jobs of step 1 are held back (available_at in the future) while one
 *      warm-up filing is assessed (each worker prepares its engine: rule set, sanctions index), then
 *      released. assess = the assess tasks' CPU on the workers; decide = the main thread (claim, facts,
 *      decision write) plus the PostgreSQL backends.
 *   3. ROLES=relay: the outbox is published. publish = the main thread plus the PostgreSQL backends.
 * Thread CPU comes from /proc/<pid>/task/<tid>/schedstat (Linux, nanoseconds). Not counted: the Kafka
 * broker and S3Proxy (JVMs shared with other work on this machine) and PostgreSQL's background
 * writers; each process's start-up.
 */
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { countConsignments, loadDocument, type CorpusDocument } from './corpus.js';
import { fileConcurrently, fileDocument } from './drive-filings.js';
import { startPipelineProcess, type PipelineProcess, type ProcessCpu } from './pipeline-process.js';
import { waitUntil } from './watch-progress.js';

export interface StageCosts {
  consignments: number;
  /** CPU ms per consignment. */
  parseMs: number;
  registerMs: number;
  assessMs: number;
  decideMs: number;
  publishMs: number;
  /** Of register/decide/publish: the PostgreSQL backends' share, ms per consignment. */
  registerDbMs: number;
  decideDbMs: number;
  publishDbMs: number;
}

function threadNs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'latin1').split(' ')[0]);
  } catch {
    return 0;
  }
}

/** CPU of the PostgreSQL backends serving this database (connections that came and went in between are missed). */
async function backendsNs(admin: postgres.Sql, database: string): Promise<Map<number, number>> {
  const rows = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
  return new Map(rows.map((r) => [r.pid, threadNs(r.pid)]));
}

function backendsDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ns] of after) total += ns - (before.get(pid) ?? 0);
  return total;
}

interface Snapshot {
  cpu: ProcessCpu;
  db: Map<number, number>;
}

async function snapshot(pipeline: PipelineProcess, admin: postgres.Sql, database: string): Promise<Snapshot> {
  return { cpu: await pipeline.cpu(), db: await backendsNs(admin, database) };
}

/** `warmUp`: two documents not in `docs`, one to warm each of the first two processes. */
export async function measureStageCosts(docs: CorpusDocument[], warmUp: [CorpusDocument, CorpusDocument], workerThreads: number, log: (m: string) => void): Promise<StageCosts> {
  const consignments = countConsignments(docs);
  const api = await startPipelineProcess('real', { workerThreads, extraEnv: { ROLES: 'api', RATE_LIMIT_PER_MINUTE: '0' } });
  const url = api.databaseUrl!;
  const database = new URL(url).pathname.slice(1);
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const reuse = { databaseUrl: url, bucket: api.bucket! };
  let apiRunning = true;
  try {
    // 1. parse + register
    await fileDocument(api.baseUrl, api.filerKey, warmUp[0]);
    await admin`update assessment_jobs set available_at = now() + interval '1 day' where status = 'pending'`;
    const r0 = await snapshot(api, admin, database);
    const registrations = await fileConcurrently(api.baseUrl, api.filerKey, docs, 4);
    if (registrations.some((r) => r.mrn === undefined)) throw new Error('a filing of the stage-cost corpus was refused');
    const r1 = await snapshot(api, admin, database);
    const apiFilerKey = api.filerKey;
    apiRunning = false;
    await api.stop({ keepDatabase: true });
    // The jobs of step 1 wait until the assessor's engine is warm.
    await admin`update assessment_jobs set available_at = now() + interval '1 day' where status = 'pending'`;
    log(`stage costs: ${consignments} consignments filed`);

    // 2. assess + decide
    const assessor = await startPipelineProcess('real', { workerThreads, reuse, extraEnv: { ROLES: 'api,assessor', RATE_LIMIT_PER_MINUTE: '0' } });
    let a0: Snapshot;
    let a1: Snapshot;
    try {
      // A document not filed before: re-sending one would only return its registration, jobs held back.
      const warm = await fileDocument(assessor.baseUrl, apiFilerKey, warmUp[1]);
      const warmDone = async () => {
        const [row] = await admin<{ n: number }[]>`select count(*)::int as n from assessment_jobs j join consignments c on c.id = j.consignment_id
          join filings f on f.id = c.filing_id where f.mrn = ${warm.mrn ?? ''} and j.status = 'pending'`;
        return row?.n === 0;
      };
      await waitUntil(warmDone, 100, 300_000);
      a0 = await snapshot(assessor, admin, database);
      await admin`update assessment_jobs set available_at = now() where status = 'pending'`;
      await waitUntil(async () => {
        const [row] = await admin<{ n: number }[]>`select count(*)::int as n from assessment_jobs where status = 'pending'`;
        return row?.n === 0;
      }, 100, 900_000);
      a1 = await snapshot(assessor, admin, database);
    } finally {
      await assessor.stop();
    }
    log('stage costs: assessed');

    // 3. publish
    const relay = await startPipelineProcess('real', { workerThreads: 1, reuse, extraEnv: { ROLES: 'relay' } });
    let p0: Snapshot;
    let p1: Snapshot;
    try {
      p0 = await snapshot(relay, admin, database);
      await waitUntil(async () => {
        const [row] = await admin<{ n: number }[]>`select count(*)::int as n from outbox where status = 'pending'`;
        return row?.n === 0;
      }, 100, 600_000);
      p1 = await snapshot(relay, admin, database);
    } finally {
      await relay.stop();
    }
    log('stage costs: published');

    const perConsignment = (ns: number) => ns / 1e6 / consignments;
    const registerDb = backendsDelta(r0.db, r1.db);
    const decideDb = backendsDelta(a0.db, a1.db);
    const publishDb = backendsDelta(p0.db, p1.db);
    return {
      consignments,
      parseMs: perConsignment(r1.cpu.workerNs.parse - r0.cpu.workerNs.parse),
      registerMs: perConsignment(r1.cpu.mainThreadNs - r0.cpu.mainThreadNs + registerDb),
      assessMs: perConsignment(a1.cpu.workerNs.assess - a0.cpu.workerNs.assess),
      decideMs: perConsignment(a1.cpu.mainThreadNs - a0.cpu.mainThreadNs + decideDb),
      publishMs: perConsignment(p1.cpu.mainThreadNs - p0.cpu.mainThreadNs + publishDb),
      registerDbMs: perConsignment(registerDb),
      decideDbMs: perConsignment(decideDb),
      publishDbMs: perConsignment(publishDb),
    };
  } finally {
    await admin.end({ timeout: 5 });
    if (apiRunning) await api.stop({ keepDatabase: true });
    await dropDatabase(url);
  }
}

async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const admin = postgres(target.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** The stage-cost corpus: manifests of 100 consignments (a typical sea manifest), `consignments` in all. */
export function stageCostCorpus(dir: string, consignments: number, seedBase: number): { docs: CorpusDocument[]; warmUp: [CorpusDocument, CorpusDocument] } {
  const docs = Array.from({ length: Math.max(1, Math.round(consignments / 100)) }, (_, i) => loadDocument(dir, 100, seedBase + i));
  return { docs, warmUp: [loadDocument(dir, 450, seedBase - 1), loadDocument(dir, 450, seedBase - 2)] };
}
